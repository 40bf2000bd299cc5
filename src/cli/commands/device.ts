// `parley device`: the devices of an identity (docs/CLI.md "Devices"). The identity key adds and
// revokes; a device key signs its consent and reads the owner's inbox with `chat read --owner`;
// history moves between devices in a file sealed to the new device, never through a node.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import type { Argv } from "yargs";
import { formatAddress } from "../../chain/address.js";
import { addDevice, deviceConsent, deviceRecord, exportHistory, importHistory, listDevices, revokeDevice } from "../../client/devices.js";
import type { ChatMessage } from "../../client/chat.js";
import { toHex } from "../../util/bytes.js";
import { ChatBase } from "../../client/chat-base.js";
import { MlsGroups } from "../../client/mls/groups.js";
import { removeDeviceFromGroups } from "../../client/mls/revoke.js";
import { cliError, emit, loadKey, rpcUrl, run } from "../common.js";
import { FileMlsStore, mlsStorePath } from "../mls-store.js";
import { addressArg, chatFor, httpUrl, keyOpt, printMessages, rpcOpt } from "./chat.js";

// One page of the inbox or sent index holds at most 200 entries (msg_inbox's cap).
const PAGE = 200;
// What export-history reads at most: ten thousand messages; older ones stay on the old device.
const MAX_EXPORT = 10_000;

type KeyArgs = { key: string; rpc?: string };

export function deviceCommand(y: Argv): Argv {
  return y.command("device", "Devices of an identity: add, list, revoke, and move history to a new device", (d) =>
    d
      .command("consent", "As the device: sign consent to serve an identity (give the hex to its owner for `device add --consent`)", (a) =>
        a.option("key", { ...keyOpt, describe: "The device's key file" }).option("owner", { type: "string", demandOption: true, describe: "The identity's address" }).option("rpc", rpcOpt),
        run(async (a: KeyArgs & { owner: string }) => {
          const device = await loadKey(a.key);
          const chainId = await chatFor(a.rpc, a.key).chainId();
          process.stdout.write(`0x${toHex(deviceConsent(device, addressArg(a.owner, "owner address"), chainId))}\n`);
        }))
      .command("add", "As the identity: authorise a device key (its consent from `device consent`, or its key file with --device-key)", (a) =>
        a.option("key", { ...keyOpt, describe: "The identity's key file" })
          .option("device", { type: "string", describe: "The device's address (with --consent)" })
          .option("consent", { type: "string", describe: "The device's consent, hex (from `parley device consent`)" })
          .option("device-key", { type: "string", describe: "The device's key file, when it is at hand: signs the consent here" })
          .option("label", { type: "string", default: "", describe: "A public name for the device (at most 32 bytes)" })
          .option("rpc", rpcOpt),
        run(async (a: KeyArgs & { device?: string; consent?: string; deviceKey?: string; label: string }) => {
          const id = await loadKey(a.key);
          const chat = chatFor(a.rpc, a.key);
          let device: Uint8Array;
          let consent: Uint8Array | string;
          if (a.deviceKey !== undefined) {
            const dev = await loadKey(a.deviceKey);
            device = dev.publicKey;
            consent = deviceConsent(dev, id.publicKey, await chat.chainId());
          } else {
            if (a.device === undefined || a.consent === undefined) throw cliError("give --device and --consent, or --device-key");
            device = addressArg(a.device, "device address");
            consent = a.consent;
          }
          const r = await addDevice(chat, id, device, a.label, consent);
          process.stdout.write(`added: device ${formatAddress(device)} to ${id.address} in tx ${r.id} at height ${r.height}\n`);
        }))
      .command("list", "The active devices of an identity (--identity, or the address of --key)", (a) =>
        a.option("identity", { type: "string" }).option("key", { type: "string" }).option("rpc", rpcOpt),
        run(async (a: { identity?: string; key?: string; rpc?: string }) => {
          const who = a.identity !== undefined ? addressArg(a.identity, "identity address") : a.key !== undefined ? (await loadKey(a.key)).publicKey : null;
          if (!who) throw cliError("give --identity or --key");
          const devices = await listDevices(chatFor(a.rpc, a.key ?? ""), who);
          emit({ identity: formatAddress(who), devices }, () => {
            for (const dv of devices) process.stdout.write(`${dv.device}  ${dv.label || "(no label)"}  added at height ${dv.addedHeight}\n`);
            if (devices.length === 0) process.stdout.write("(no devices)\n");
          });
        }))
      .command("revoke", "As the identity: revoke a device (no new direct messages from the next block on), then remove it from this key's MLS groups", (a) =>
        a.option("key", { ...keyOpt, describe: "The identity's key file" }).option("device", { type: "string", demandOption: true })
          .option("groups", { type: "boolean", default: true, describe: "Commit in every group of <key>.mls.json that has the device, so it reads nothing from the next epoch (--no-groups: leave it to the next committer)" })
          .option("rpc", rpcOpt),
        run(async (a: KeyArgs & { device: string; groups: boolean }) => {
          const id = await loadKey(a.key);
          const device = addressArg(a.device, "device address");
          const r = await revokeDevice(chatFor(a.rpc, a.key), id, device);
          process.stdout.write(`revoked: device ${formatAddress(device)} of ${id.address} in tx ${r.id} at height ${r.height}\n`);
          const storePath = mlsStorePath(a.key);
          if (!a.groups || !existsSync(storePath)) return;
          const store = new FileMlsStore(storePath, id);
          const removals = await removeDeviceFromGroups(new MlsGroups(new ChatBase(httpUrl(rpcUrl(a.rpc))), id, store), store, device);
          for (const x of removals) process.stdout.write(x.removed ? `removed from group ${x.groupId} at epoch ${x.epoch}\n` : `NOT removed from group ${x.groupId}: ${x.error} (the next commit there removes it)\n`);
          if (removals.some((x) => !x.removed)) process.exitCode = 1;
        }))
      .command("export-history", "Seal what this key can read (the owner's inbox, and what the owner sent when --key is the owner) to a new device, into a file", (a) =>
        a.option("key", { ...keyOpt, describe: "The exporting key: the identity, or one of its devices" })
          .option("owner", { type: "string", describe: "The identity, when --key is a device of it" })
          .option("to", { type: "string", demandOption: true, describe: "The new device's address" })
          .option("out", { type: "string", demandOption: true, describe: "Bundle file to write (mode 0600)" })
          .option("rpc", rpcOpt),
        run(async (a: KeyArgs & { owner?: string; to: string; out: string }) => {
          if (existsSync(a.out)) throw cliError(`${a.out} exists; choose another --out`);
          const me = await loadKey(a.key);
          const owner = a.owner === undefined ? me.publicKey : addressArg(a.owner, "owner address");
          const to = addressArg(a.to, "device address");
          const chat = chatFor(a.rpc, a.key);
          const asDevice = a.owner !== undefined;
          const messages: ChatMessage[] = [];
          // Newest pages first, then oldest first in the bundle; bounded by MAX_EXPORT.
          for (const read of asDevice ? ["inbox"] : ["inbox", "sent"]) {
            let before: string | undefined;
            for (let n = 0; n < MAX_EXPORT; n += PAGE) {
              const opts = { limit: PAGE, ...(before !== undefined ? { before } : {}) };
              const page = asDevice ? await chat.readInboxAsDevice({ device: me, owner }, opts) : read === "inbox" ? await chat.readInbox(me, opts) : await chat.readSent(me, opts);
              messages.push(...page.messages);
              if (!page.older) break;
              before = page.older;
            }
          }
          messages.sort((x, y) => x.height - y.height || x.index - y.index);
          const bundle = exportHistory(me, owner, to, messages.slice(-MAX_EXPORT));
          writeFileSync(a.out, JSON.stringify(bundle) + "\n", { mode: 0o600 });
          process.stdout.write(`exported: ${Math.min(messages.length, MAX_EXPORT)} message(s) sealed to ${formatAddress(to)} in ${a.out}\n`);
        }))
      .command("import-history", "As the new device: open a history bundle sealed to --key and print it (checks its sender is the owner or an active device)", (a) =>
        a.option("key", { ...keyOpt, describe: "The new device's key file" }).option("in", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: KeyArgs & { in: string }) => {
          const me = await loadKey(a.key);
          if (!existsSync(a.in)) throw cliError(`bundle not found: ${a.in}`);
          let raw: unknown;
          try {
            raw = JSON.parse(readFileSync(a.in, "utf8"));
          } catch {
            throw cliError(`${a.in} is not JSON`);
          }
          const opened = importHistory(me, raw);
          // The bundle is signed by its sender: it must be the owner or one of the owner's devices.
          if (opened.from !== opened.owner) {
            const rec = await deviceRecord(chatFor(a.rpc, a.key), opened.from);
            if (!rec || rec.owner !== opened.owner || !rec.active) throw cliError(`the bundle comes from ${opened.from}, which is no active device of ${opened.owner}`);
          }
          emit(opened, () => {
            process.stdout.write(`history of ${opened.owner} from ${opened.from}: ${opened.messages.length} message(s)\n`);
            printMessages({ messages: opened.messages, older: null });
          });
        }))
      .demandCommand(1, "choose a device subcommand: consent, add, list, revoke, export-history or import-history"),
  );
}
