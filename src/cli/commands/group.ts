// `parley group`: MLS groups ordered by the chain (docs/ENCRYPTION.md, "MLS groups"). Group
// secrets live in `<key>.mls.json` beside the key file, sealed under the key (see mls-store.ts).
import type { Argv } from "yargs";
import { ChatBase } from "../../client/chat-base.js";
import { MlsGroups, type GroupInfo } from "../../client/mls/groups.js";
import type { GroupPost } from "../../client/mls/store.js";
import { cliError, emit, loadKey, rpcUrl, run } from "../common.js";
import { FileMlsStore, mlsStorePath } from "../mls-store.js";
import { addressList, checkText, httpUrl, keyOpt, rpcOpt, saveAll, uploadFiles, when } from "./chat.js";
import { attachmentLine } from "./files.js";
import { attachmentOf } from "../../client/mls/attachments.js";

const groupOpt = { type: "string", demandOption: true, describe: "Group id (0x + 64 hex digits, as printed by group create)" } as const;
const membersOpt = { type: "string", demandOption: true, describe: "Comma-separated addresses" } as const;

interface Common {
  key: string;
  rpc?: string;
}

async function groupsFor(a: Common): Promise<MlsGroups> {
  const me = await loadKey(a.key);
  return new MlsGroups(new ChatBase(httpUrl(rpcUrl(a.rpc))), me, new FileMlsStore(mlsStorePath(a.key), me));
}

/** Each identity on its line; its devices (leaves other than its own key) after it. */
function infoText(g: GroupInfo): void {
  const lines = g.devices.map((d) => {
    const others = d.devices.filter((x) => x !== d.identity);
    const own = d.devices.includes(d.identity) ? "" : " (devices only)";
    return others.length === 0 ? d.identity : `${d.identity}${own}, devices: ${others.join(", ")}`;
  });
  process.stdout.write(`group:   ${g.groupId}\nepoch:   ${g.epoch}\nauth:    ${g.epochAuthenticator}\nleaves:  ${g.leaves}\nmembers: ${lines.join("\n         ")}\n`);
}

function files(p: GroupPost) {
  return (p.attachments ?? []).map(attachmentOf).filter((a) => a !== null);
}

function postLine(p: GroupPost): string {
  return `${p.cursor.padEnd(8)} epoch ${p.epoch} ${p.from}${p.device ? ` (device ${p.device})` : ""}: ${p.text}${files(p).map((f) => " " + attachmentLine(f)).join("")}`;
}

export function groupCommand(y: Argv): Argv {
  const base = (a: Argv) => a.option("key", keyOpt).option("rpc", rpcOpt);
  return y.command("group", "MLS groups (forward secrecy, post-compromise security) ordered by the chain", (c) =>
    c
      .command("keypackage", "Publish a fresh key package so others can add you (do this before being added)", base,
        run(async (a: Common) => {
          const r = await (await groupsFor(a)).publishKeyPackage();
          process.stdout.write(`key package published: tx ${r.id} at height ${r.height}\n`);
        }))
      .command("create", "Create a group; prints its id. Members must have published key packages", (a) =>
        base(a).option("members", { type: "string", default: "", describe: "Other members: comma-separated addresses" }),
        run(async (a: Common & { members: string }) => {
          const members = a.members.trim() === "" ? [] : addressList(a.members, "member address");
          const g = await (await groupsFor(a)).create(members);
          process.stdout.write(`${g.groupId}\n`);
          process.stderr.write(`group created with ${g.members.length} members, epoch ${g.epoch}\n`);
        }))
      .command("join", "Join a group you were added to (from the Welcome in its log)", (a) => base(a).option("group", groupOpt),
        run(async (a: Common & { group: string }) => {
          const g = await (await groupsFor(a)).join(a.group);
          emit(g, () => infoText(g));
        }))
      .command("add", "Add members (each by its latest key package); one commit", (a) => base(a).option("group", groupOpt).option("member", membersOpt),
        run(async (a: Common & { group: string; member: string }) => {
          const g = await (await groupsFor(a)).add(a.group, addressList(a.member, "member address"));
          process.stdout.write(`epoch ${g.epoch}: ${g.members.length} members\n`);
        }))
      .command("remove", "Remove members; they cannot read the epochs that follow", (a) => base(a).option("group", groupOpt).option("member", membersOpt),
        run(async (a: Common & { group: string; member: string }) => {
          const g = await (await groupsFor(a)).remove(a.group, addressList(a.member, "member address"));
          process.stdout.write(`epoch ${g.epoch}: ${g.members.length} members\n`);
        }))
      .command("update", "Commit fresh keys for yourself (heals a compromised device: post-compromise security)", (a) => base(a).option("group", groupOpt),
        run(async (a: Common & { group: string }) => {
          const g = await (await groupsFor(a)).update(a.group);
          process.stdout.write(`epoch ${g.epoch}\n`);
        }))
      .command("post", "Post to a group (text, files or both)", (a) => base(a).option("group", groupOpt).option("text", { type: "string", default: "", describe: "Post text (may be empty with --file)" })
        .option("file", { type: "string", array: true, describe: "Attach a file (encrypted here, uploaded to the node; repeat for more)" }),
        run(async (a: Common & { group: string; text: string; file?: string[] }) => {
          if (a.text === "" && !a.file?.length) throw cliError("give --text, --file or both");
          const groups = await groupsFor(a);
          const attachments = await uploadFiles(a.rpc, groups.identity, a.file);
          const r = await groups.post(a.group, checkText(a.text), { attachments });
          process.stdout.write(`posted: tx ${r.id} at height ${r.height} (epoch ${r.epoch})\n`);
        }))
      .command("read", "Process the group's log and print every post you have opened, oldest first", (a) => base(a).option("group", groupOpt)
        .option("save", { type: "string", describe: "Download, check and decrypt the posts' files into this directory (resumes)" }),
        run(async (a: Common & { group: string; save?: string }) => {
          const posts = await (await groupsFor(a)).read(a.group);
          if (a.save !== undefined) await saveAll(a.rpc, posts.flatMap(files), a.save);
          emit(posts, () => {
            for (const p of posts) process.stdout.write(postLine(p) + "\n");
          });
        }))
      .command("info", "Your view of the group: epoch, epoch authenticator, members", (a) => base(a).option("group", groupOpt),
        run(async (a: Common & { group: string }) => {
          const g = await (await groupsFor(a)).info(a.group);
          emit(g, () => infoText(g));
        }))
      .command("watch", "Print posts as they finalize (Ctrl-C to stop)", (a) => base(a).option("group", groupOpt),
        run(async (a: Common & { group: string }) => {
          await new Promise<void>((resolve, reject) => {
            void groupsFor(a).then((g) => g.watch(a.group, (p) => process.stdout.write(`${when(Date.now())} ${postLine(p)}\n`), { onError: reject })).then((w) => {
              process.once("SIGINT", () => {
                w.close();
                resolve();
              });
            }, reject);
          });
        }))
      .demandCommand(1, "choose a group subcommand: keypackage, create, join, add, remove, update, post, read, info or watch"),
  );
}
