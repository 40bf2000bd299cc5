// `parley anchor`: prove a file existed (and who had it) at a height: only its SHA-256 and a
// public tag go on chain. `anchor verify` answers with exit code 1 when the file is not anchored.
import { existsSync, readFileSync, statSync } from "node:fs";
import type { Argv } from "yargs";
import { contentHash } from "../../client/anchors.js";
import { ChatClient } from "../../client/chat.js";
import { toHex } from "../../util/bytes.js";
import { cliError, emit, loadKey, rpcUrl, run } from "../common.js";
import { httpUrl, rpcOpt, when } from "./chat.js";

function readFile(path: string): Uint8Array {
  if (!existsSync(path)) throw cliError(`file not found: ${path}`);
  if (!statSync(path).isFile()) throw cliError(`not a regular file: ${path}`);
  return new Uint8Array(readFileSync(path));
}

export function anchorCommand(y: Argv): Argv {
  return y.command("anchor", "Anchor a file's SHA-256 on chain (proof of existence); see also: anchor verify", (c) =>
    c
      .option("key", { type: "string", describe: "Your key file" })
      .option("file", { type: "string", describe: "The file to anchor" })
      .option("tag", { type: "string", default: "", describe: "A public label stored with the hash" })
      .option("rpc", rpcOpt)
      .command("verify", "Who anchored a file, and when (exit code 1 if nobody did)", (a) =>
        a.option("file", { type: "string", describe: "The file to check" }).option("hash", { type: "string", describe: "Or its SHA-256 (64 hex digits)" }).option("rpc", rpcOpt),
        run(async (a: { file?: string; hash?: string; rpc?: string }) => {
          if ((a.file === undefined) === (a.hash === undefined)) throw cliError("give --file or --hash");
          const chat = new ChatClient(httpUrl(rpcUrl(a.rpc)));
          const hash = a.file !== undefined ? "0x" + toHex(contentHash(readFile(a.file))) : a.hash!;
          const info = await chat.verifyAnchor(hash);
          if (!info) {
            emit(null, () => process.stdout.write(`not anchored: ${hash}\n`));
            process.exitCode = 1;
            return;
          }
          emit(info, () => process.stdout.write(`anchored by ${info.owner} at height ${info.height} (${when(info.time)})${info.tag ? `, tag "${info.tag}"` : ""}\nhash: ${info.hash}\ntx:   ${info.txId}\n`));
        })),
    run(async (a: { key?: string; file?: string; tag: string; rpc?: string }) => {
      if (a.key === undefined || a.file === undefined) throw cliError("anchor needs --key and --file (or: parley anchor verify --file F)");
      const id = await loadKey(a.key);
      const content = readFile(a.file);
      const r = await new ChatClient(httpUrl(rpcUrl(a.rpc))).anchor(id, content, a.tag);
      process.stdout.write(`hash:   ${r.hash}\ntx:     ${r.id}\nheight: ${r.height}\n`);
    }),
  );
}
