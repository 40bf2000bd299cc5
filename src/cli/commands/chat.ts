// `parley chat`: encrypted direct messages from the command line. Prekey secrets live next to
// the key file in `<key>.prekeys.json` (mode 0600); the helpers here are shared with channel.ts.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Argv } from "yargs";
import { formatAddress, parseAddress } from "../../chain/address.js";
import { ChatClient, httpToWs, type ChatMessage } from "../../client/chat.js";
import { displayNames } from "../../client/names.js";
import type { ChatOffer } from "../../client/chat-entries.js";
import type { Identity } from "../../client/keys.js";
import type { Attachment } from "../../messaging/crypto/index.js";
import { decodePrekeyFile, encodePrekeyFile, type PrekeyStore, type StoredPrekey } from "../../client/prekeys.js";
import { utf8 } from "../../util/bytes.js";
import { client, cliError, emit, loadKey, rpcUrl, run } from "../common.js";
import { amountIn, assetAmountText, assetUnits, nativeUnit, shown, unitOf } from "../amounts.js";
import type { AmountUnit } from "../../util/amount.js";
import { assetIdArg } from "./asset.js";
import { attachmentLine, saveAttachment, uploadFile } from "./files.js";

export const rpcOpt = { type: "string", describe: "Node RPC URL (default $PARLEY_RPC or http://127.0.0.1:8645)" } as const;
export const keyOpt = { type: "string", demandOption: true, describe: "Your key file" } as const;
// Larger plaintexts are refused by the envelope format (docs/ENCRYPTION.md section 3).
const MAX_TEXT_BYTES = 65_535;

/** Keeps prekey secrets in a JSON file (0600), replaced atomically so a crash leaves the old or the new file. */
export class FilePrekeyStore implements PrekeyStore {
  constructor(readonly path: string, private readonly address: string) {}

  async list(): Promise<StoredPrekey[]> {
    if (!existsSync(this.path)) return [];
    try {
      return decodePrekeyFile(readFileSync(this.path, "utf8"), this.address);
    } catch (e) {
      throw cliError(`${this.path}: ${(e as Error).message}`);
    }
  }

  async add(prekey: StoredPrekey): Promise<void> {
    const list = [...(await this.list()), prekey];
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, encodePrekeyFile(this.address, list), { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

export function prekeyPath(keyPath: string): string {
  return `${keyPath}.prekeys.json`;
}

/** The node's HTTP URL, whether given as http(s):// or ws(s)://. */
export function httpUrl(url: string): string {
  return url.replace(/^ws(s?):\/\//i, (_m, s: string) => `http${s.toLowerCase()}://`);
}

/** `@alice (parley1qy3k9x…)` when the address has a valid primary name, else the address. */
export function whoText(address: string, names: ReadonlyMap<string, string> | undefined): string {
  const n = names?.get(address);
  return n === undefined ? address : `@${n} (${address.slice(0, 14)}…)`;
}

/** The primary names of a page's senders and recipients, for display (one name_reverse per distinct address). */
export function pageNames(chat: ChatClient, messages: readonly ChatMessage[]): Promise<Map<string, string>> {
  return displayNames(chat, messages.flatMap((m) => [m.from, m.to]));
}

export function printMessages(page: { messages: ChatMessage[]; older: string | null }, names?: ReadonlyMap<string, string>, native?: AmountUnit, assets?: ReadonlyMap<string, AmountUnit>): void {
  for (const m of page.messages) process.stdout.write(messageLine(m, names, native, assets) + "\n");
  if (page.messages.length === 0) process.stdout.write("(no messages)\n");
  if (page.older) process.stdout.write(`older: --before ${page.older}\n`);
}

export function chatFor(rpc: string | undefined, keyPath: string): ChatClient {
  return new ChatClient(httpUrl(rpcUrl(rpc)), { prekeys: (id) => new FilePrekeyStore(prekeyPath(keyPath), id.address) });
}

export function addressArg(text: string, what = "address"): Uint8Array {
  const a = parseAddress(text);
  if (!a) throw cliError(`not a valid ${what}: "${text}" (expected parley1..., 64 hex digits or @name)`);
  return a;
}

export function addressList(text: string, what: string): Uint8Array[] {
  const parts = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length === 0) throw cliError(`give at least one ${what}`);
  return parts.map((s) => addressArg(s, what));
}

/** Uploads each --file; the attachments for the message or post. */
export async function uploadFiles(rpc: string | undefined, id: Identity, files: string[] | undefined): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const f of files ?? []) out.push(await uploadFile(httpUrl(rpcUrl(rpc)), id, f));
  return out;
}

/** --save DIR: every attachment downloaded, checked and decrypted; the saved paths go to stderr. */
export async function saveAll(rpc: string | undefined, attachments: Attachment[], dir: string): Promise<void> {
  for (const f of attachments) process.stderr.write(`saved ${await saveAttachment(httpUrl(rpcUrl(rpc)), f, dir)}\n`);
}

export function checkText(text: string): string {
  const n = utf8(text).length;
  if (n > MAX_TEXT_BYTES) throw cliError(`text is ${n} bytes; at most ${MAX_TEXT_BYTES} fit in one message`);
  return text;
}

/** --before/--after values: the cursors a previous read printed ("<height>.<index>"). */
export function pageOpts(a: { limit: number; before?: string; after?: string }): { limit: number; before?: string; after?: string } {
  if (!Number.isInteger(a.limit) || a.limit < 1 || a.limit > 200) throw cliError("--limit must be 1..200");
  if (a.before !== undefined && a.after !== undefined) throw cliError("give --before or --after, not both");
  for (const [name, v] of [["before", a.before], ["after", a.after]] as const)
    if (v !== undefined && !/^\d{1,15}\.\d{1,9}$/.test(v)) throw cliError(`--${name} must be a cursor like 12.0, as printed by a previous read (got "${v}")`);
  return { limit: a.limit, ...(a.before !== undefined ? { before: a.before } : {}), ...(a.after !== undefined ? { after: a.after } : {}) };
}

export function when(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** How an offer in a chat reads, with the command that acts on it. */
export function offerText(o: ChatOffer): string {
  if (o.action === "redPacket") return `sent a red packet of ${o.amount} in ${o.shares} share(s): parley redpacket claim --id ${o.id}`;
  return `offered ${o.amount} for the first reply: parley bounty show --id ${o.id}`;
}

/** `names`: primary names to show beside addresses; `native`: the chain's unit, to show native payments in decimal (else base units). */
function messageLine(m: ChatMessage, names?: ReadonlyMap<string, string>, native?: AmountUnit, assets: ReadonlyMap<string, AmountUnit> = new Map()): string {
  const peer = m.direction === "in" ? `from ${whoText(m.from, names)}` : `to   ${whoText(m.to, names)}`;
  if (m.offer) return `${when(m.time)} ${m.cursor.padEnd(8)} ${peer}: ${offerText(m.offer)}`;
  const paid = m.amount === 0n ? "" : m.asset ? ` [paid ${assetAmountText(m.amount, m.asset, assets)}]` : native ? ` [paid ${shown(m.amount, native)} ${native.symbol ?? ""}]` : ` [paid ${m.amount} base units]`;
  const body = (m.text ?? (m.failure ? `<undecryptable: ${m.failure}>` : "<no memo>")) + m.attachments.map((f) => " " + attachmentLine(f)).join("");
  const kind = m.kind === "transfer" ? " (transfer)" : "";
  return `${when(m.time)} ${m.cursor.padEnd(8)} ${peer}${kind}${paid}: ${body}`;
}

async function watch(a: { key: string; rpc?: string; count?: number; owner?: string; json?: boolean }, id: Identity): Promise<void> {
  const asDeviceOf = a.owner === undefined ? undefined : addressArg(a.owner, "owner address");
  const base = rpcUrl(a.rpc);
  let finish!: (e?: Error) => void;
  const done = new Promise<void>((resolve, reject) => (finish = (e) => (e ? reject(e) : resolve())));
  let seen = 0;
  const chat = chatFor(base, a.key);
  // Primary names for display, asked once per address; lines stay in arrival order.
  const names = new Map<string, string>();
  const asked = new Set<string>();
  let printed = Promise.resolve();
  const w = await chat.watch(id, (m) => {
    const fresh = [m.from, m.to].filter((x) => !asked.has(x));
    for (const x of fresh) asked.add(x);
    printed = printed.then(async () => {
      for (const [k, v] of await displayNames(chat, fresh)) names.set(k, v);
      // Under --json one JSON object per line (NDJSON), so a script can read the stream as it comes.
      emit({ ...m, fromName: names.get(m.from) ?? null, toName: names.get(m.to) ?? null }, () => process.stdout.write(messageLine(m, names) + "\n"));
      if (a.count !== undefined && ++seen >= a.count) finish();
    });
  }, { wsUrl: httpToWs(base), onError: (e) => finish(e), ...(asDeviceOf ? { asDeviceOf } : {}) });
  const onSignal = () => finish();
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  const who = asDeviceOf ? `${formatAddress(asDeviceOf)} as device ${id.address}` : id.address;
  if (!a.json) process.stdout.write(`watching ${who} (ctrl-c to stop)\n`);
  else process.stderr.write(`watching ${who} (ctrl-c to stop)\n`);
  try {
    await done;
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    w.close();
  }
}

export function chatCommand(y: Argv): Argv {
  return y.command("chat", "End-to-end encrypted direct messages", (c) =>
    c
      .command("send", "Encrypt and send a message (optionally paying in the same tx); waits until final", (a) =>
        a.option("key", keyOpt).option("to", { type: "string", demandOption: true, describe: "Recipient address" })
          .option("text", { type: "string", default: "", describe: "Message text (may be empty with --file)" })
          .option("file", { type: "string", array: true, describe: "Attach a file (encrypted here, uploaded to the node; repeat for more)" })
          .option("pay", { type: "string", describe: "Amount paid with the message, atomically (decimal: 5 = five whole tokens)" })
          .option("asset", { type: "string", describe: "Pay in this asset (its id) instead of the native token" })
          .option("self-copy", { type: "boolean", default: true, describe: "Keep a copy you can read (--no-self-copy to skip)" })
          .option("rpc", rpcOpt),
        run(async (a: { key: string; to: string; text: string; file?: string[]; pay?: string; asset?: string; selfCopy: boolean; rpc?: string }) => {
          const id = await loadKey(a.key);
          const to = addressArg(a.to, "recipient address");
          const asset = a.asset === undefined ? null : assetIdArg(a.asset);
          if (asset && a.pay === undefined) throw cliError("--asset names what --pay is in: give --pay too");
          const unit = a.pay === undefined ? null : await unitOf(client(a.rpc), asset);
          const pay = a.pay === undefined || !unit ? 0n : amountIn(a.pay, "pay", unit);
          if (a.text === "" && !a.file?.length) throw cliError("give --text, --file or both");
          const attachments = await uploadFiles(a.rpc, id, a.file);
          const r = await chatFor(a.rpc, a.key).sendMessage(id, to, checkText(a.text), { pay, selfCopy: a.selfCopy, attachments, ...(asset ? { asset } : {}) });
          process.stdout.write(`sent: message ${r.id} to ${formatAddress(to)} final at height ${r.height} (index ${r.index})${pay > 0n && unit ? `, paid ${shown(pay, unit)} ${unit.symbol}` : ""}\n`);
        }))
      .command("read", "Decrypt your inbox (or --sent), oldest first", (a) =>
        a.option("key", keyOpt).option("limit", { type: "number", default: 20 })
          .option("before", { type: "string", describe: "Cursor: older than this (from a previous page)" })
          .option("after", { type: "string", describe: "Cursor: newer than this" })
          .option("sent", { type: "boolean", default: false, describe: "Read what you sent instead" })
          .option("save", { type: "string", describe: "Download, check and decrypt the attachments into this directory (resumes)" })
          .option("owner", { type: "string", describe: "Read as a device of this identity: its inbox, opened with the copies sealed to --key (parley device add)" })
          .option("rpc", rpcOpt),
        run(async (a: { key: string; limit: number; before?: string; after?: string; sent: boolean; save?: string; owner?: string; rpc?: string }) => {
          const id = await loadKey(a.key);
          const opts = pageOpts(a);
          const chat = chatFor(a.rpc, a.key);
          if (a.owner !== undefined && a.sent) throw cliError("--owner reads the owner's inbox; a device has no copy of what the owner sent");
          const page = a.owner !== undefined ? await chat.readInboxAsDevice({ device: id, owner: addressArg(a.owner, "owner address") }, opts)
            : a.sent ? await chat.readSent(id, opts) : await chat.readInbox(id, opts);
          if (a.save !== undefined) await saveAll(a.rpc, page.messages.flatMap((m) => m.attachments), a.save);
          const names = await pageNames(chat, page.messages);
          const named = { ...page, messages: page.messages.map((m) => ({ ...m, fromName: names.get(m.from) ?? null, toName: names.get(m.to) ?? null })) };
          const native = await nativeUnit(client(a.rpc));
          const assets = await assetUnits(client(a.rpc), page.messages.flatMap((m) => (m.asset && m.amount > 0n ? [m.asset] : [])));
          emit(named, () => printMessages(page, names, native, assets));
        }))
      .command("watch", "Print each message to or from you, decrypted, as it finalizes", (a) =>
        a.option("key", keyOpt).option("count", { type: "number", describe: "Exit after this many messages" })
          .option("owner", { type: "string", describe: "Watch as a device of this identity (its messages, opened with --key's own copies)" })
          .option("rpc", { ...rpcOpt, describe: "Node URL: ws://host:port (http:// is converted)" }),
        run(async (a: { key: string; count?: number; owner?: string; rpc?: string }) => {
          if (a.count !== undefined && (!Number.isInteger(a.count) || a.count < 1)) throw cliError("--count must be a positive integer");
          await watch(a, await loadKey(a.key));
        }))
      .command("keys", "Encryption prekeys", (k) =>
        k.command("rotate", "Publish a new prekey (its secret is kept in <key>.prekeys.json)", (a) => a.option("key", keyOpt).option("rpc", rpcOpt),
          run(async (a: { key: string; rpc?: string }) => {
            const id = await loadKey(a.key);
            const r = await chatFor(a.rpc, a.key).rotatePrekey(id);
            process.stdout.write(`prekey ${r.prekey} published in tx ${r.id} at height ${r.height}\nsecret kept in ${prekeyPath(a.key)}\n`);
          }))
          .demandCommand(1, "choose a keys subcommand: rotate"))
      .demandCommand(1, "choose a chat subcommand: send, read, watch or keys"),
  );
}
