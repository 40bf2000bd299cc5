// `parley channel`: end-to-end encrypted group channels (create, post, read, invite, remove, info).
import type { Argv } from "yargs";
import type { ChannelEntry } from "../../client/channels.js";
import { fromHex } from "../../util/bytes.js";
import { cliError, emit, loadKey, run } from "../common.js";
import { addressList, chatFor, checkText, keyOpt, offerText, pageOpts, rpcOpt, saveAll, uploadFiles, when } from "./chat.js";
import { attachmentLine } from "./files.js";

const channelOpt = { type: "string", demandOption: true, describe: "Channel id (0x + 64 hex digits)" } as const;

function channelArg(text: string): string {
  const b = fromHex(text.trim());
  if (!b || b.length !== 32) throw cliError(`not a channel id: "${text}" (expected 64 hex digits, as printed by channel create)`);
  return text.trim().startsWith("0x") ? text.trim() : "0x" + text.trim();
}

function entryLine(e: ChannelEntry): string {
  const head = `${when(e.time)} ${e.cursor.padEnd(8)} ${e.from}`;
  switch (e.kind) {
    case "create":
      return `${head} created the channel${e.text !== null ? ` "${e.text}"` : ""} with ${e.members.join(", ")}`;
    case "invite":
      return `${head} invited ${e.members.join(", ")}`;
    case "remove":
      return `${head} removed ${e.members.join(", ")}${e.epoch !== null ? ` (epoch ${e.epoch} begins)` : ""}`;
    case "post":
      return `${head}: ${e.text ?? `<undecryptable: ${e.failure}${e.failure === "NO_CHANNEL_KEY" ? ` (epoch ${e.epoch})` : ""}>`}${e.attachments.map((f) => " " + attachmentLine(f)).join("")}`;
    case "redPacket":
    case "bounty":
      return `${head} ${offerText(e.offer!)}`;
  }
}

export function channelCommand(y: Argv): Argv {
  return y.command("channel", "End-to-end encrypted group channels", (c) =>
    c
      .command("create", "Create a channel; prints its id", (a) =>
        a.option("key", keyOpt).option("name", { type: "string", demandOption: true })
          .option("members", { type: "string", default: "", describe: "Other members: comma-separated addresses" }).option("rpc", rpcOpt),
        run(async (a: { key: string; name: string; members: string; rpc?: string }) => {
          const id = await loadKey(a.key);
          const members = a.members.trim() === "" ? [] : addressList(a.members, "member address");
          const r = await chatFor(a.rpc, a.key).createChannel(id, checkText(a.name), members);
          process.stdout.write(`${r.channelId}\n`);
          process.stderr.write(`channel "${a.name}" created at height ${r.height} with ${members.length + 1} members\n`);
        }))
      .command("post", "Post to a channel you are a member of", (a) =>
        a.option("key", keyOpt).option("channel", channelOpt).option("text", { type: "string", default: "", describe: "Post text (may be empty with --file)" })
          .option("file", { type: "string", array: true, describe: "Attach a file (encrypted here, uploaded to the node; repeat for more)" }).option("rpc", rpcOpt),
        run(async (a: { key: string; channel: string; text: string; file?: string[]; rpc?: string }) => {
          const id = await loadKey(a.key);
          if (a.text === "" && !a.file?.length) throw cliError("give --text, --file or both");
          const attachments = await uploadFiles(a.rpc, id, a.file);
          const r = await chatFor(a.rpc, a.key).post(id, channelArg(a.channel), checkText(a.text), { attachments });
          process.stdout.write(`posted: tx ${r.id} at height ${r.height} (epoch ${r.epoch})\n`);
        }))
      .command("read", "Decrypt a channel's log, oldest first", (a) =>
        a.option("key", keyOpt).option("channel", channelOpt).option("limit", { type: "number", default: 50 })
          .option("before", { type: "string", describe: "Cursor: older than this" }).option("after", { type: "string", describe: "Cursor: newer than this" })
          .option("save", { type: "string", describe: "Download, check and decrypt the attachments into this directory (resumes)" })
          .option("rpc", rpcOpt),
        run(async (a: { key: string; channel: string; limit: number; before?: string; after?: string; save?: string; rpc?: string }) => {
          const id = await loadKey(a.key);
          const page = await chatFor(a.rpc, a.key).readChannel(id, channelArg(a.channel), pageOpts(a));
          if (a.save !== undefined) await saveAll(a.rpc, page.entries.flatMap((e) => e.attachments), a.save);
          emit(page, () => {
            for (const e of page.entries) process.stdout.write(entryLine(e) + "\n");
            if (page.older) process.stdout.write(`older: --before ${page.older}\n`);
          });
        }))
      .command("info", "Owner, epoch, members and (if you can read it) the name", (a) =>
        a.option("key", keyOpt).option("channel", channelOpt).option("rpc", rpcOpt),
        run(async (a: { key: string; channel: string; rpc?: string }) => {
          const info = await chatFor(a.rpc, a.key).channelInfo(await loadKey(a.key), channelArg(a.channel));
          emit(info, () => process.stdout.write(`channel: ${info.id}\nname:    ${info.name ?? "(unreadable)"}\nowner:   ${info.owner}\nepoch:   ${info.epoch}\ncreated: height ${info.createdHeight}\nmembers: ${info.members.join("\n         ")}\n`));
        }))
      .command("invite", "Add members (owner only); they read from the current epoch on", (a) =>
        a.option("key", keyOpt).option("channel", channelOpt).option("member", { type: "string", demandOption: true, describe: "Comma-separated addresses" }).option("rpc", rpcOpt),
        run(async (a: { key: string; channel: string; member: string; rpc?: string }) => {
          const id = await loadKey(a.key);
          const members = addressList(a.member, "member address");
          const r = await chatFor(a.rpc, a.key).invite(id, channelArg(a.channel), members);
          process.stdout.write(`invited ${members.length}: tx ${r.id} at height ${r.height}\n`);
        }))
      .command("remove", "Remove members (owner only); a new epoch key goes to those who remain", (a) =>
        a.option("key", keyOpt).option("channel", channelOpt).option("member", { type: "string", demandOption: true, describe: "Comma-separated addresses" }).option("rpc", rpcOpt),
        run(async (a: { key: string; channel: string; member: string; rpc?: string }) => {
          const id = await loadKey(a.key);
          const members = addressList(a.member, "member address");
          const r = await chatFor(a.rpc, a.key).remove(id, channelArg(a.channel), members);
          process.stdout.write(`removed ${members.length}: tx ${r.id} at height ${r.height}; epoch ${r.epoch} begins\n`);
        }))
      .demandCommand(1, "choose a channel subcommand: create, post, read, info, invite or remove"),
  );
}
