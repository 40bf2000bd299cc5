import type { Argv } from "yargs";
import { existsSync, readFileSync } from "node:fs";
import { identityFromPhrase, newIdentityWithPhrase, type Identity } from "../../client/keys.js";
import { cliError, emit, loadKey, run, saveKey, type KeyFileMode } from "../common.js";
import { prompt } from "../passphrase.js";
import { peerIdFromEd25519PublicKey } from "../../network/identity.js";

interface WriteArgs {
  out: string;
  plaintext: boolean;
}

const PHRASE_WARNING =
  "Write these 24 words down and keep them offline. They ARE your identity: anyone who has them can\n" +
  "sign as you and read your messages; with them `parley keys recover` writes your key file again.\n" +
  "They are shown this once.";

function mode(a: { plaintext: boolean }): KeyFileMode {
  return a.plaintext ? { plaintext: true } : { plaintext: false };
}

async function writeKey(a: WriteArgs, id: Identity, overwrite: boolean): Promise<void> {
  await saveKey(a.out, id, mode(a), overwrite);
  process.stdout.write(`${id.address}\n`);
  process.stderr.write(`key written to ${a.out}${a.plaintext ? " (plaintext: anyone who reads the file has the key)" : " (encrypted)"}\n`);
}

async function readPhrase(file: string | undefined): Promise<string> {
  if (file !== undefined) {
    if (!existsSync(file)) throw cliError(`phrase file not found: ${file}`);
    return readFileSync(file, "utf8");
  }
  if (!process.stdin.isTTY) throw cliError("no terminal to ask for the phrase on: pass --phrase-file F");
  return prompt("recovery phrase (24 words, not shown): ");
}

export function keysCommand(y: Argv): Argv {
  const outOptions = (a: Argv) =>
    a.option("out", { type: "string", demandOption: true, describe: "Key file to write (mode 0600)" })
      .option("plaintext", { type: "boolean", default: false, describe: "Write the key unencrypted (default: encrypted under a passphrase; docs/CLI.md \"Key files\")" });
  return y.command("keys", "Create, recover and inspect identity keys", (k) =>
    k
      .command("new", "Create an identity from a new 24-word recovery phrase (shown once, on stderr) and write its key file, encrypted", outOptions,
        run(async (a: WriteArgs) => {
          if (existsSync(a.out)) throw cliError(`${a.out} exists; refusing to overwrite a key (choose another --out)`);
          const { identity, phrase } = newIdentityWithPhrase();
          await writeKey(a, identity, false);
          process.stderr.write(`\nrecovery phrase:\n\n  ${phrase}\n\n${PHRASE_WARNING}\n`);
        }))
      .command("recover", "Write the key file of the identity a recovery phrase derives (prompt, or --phrase-file)", (a) =>
        outOptions(a)
          .option("phrase-file", { type: "string", describe: "File holding the 24 words (default: ask on the terminal, not shown)" })
          .option("force", { type: "boolean", default: false, describe: "Overwrite --out if it exists" }),
        run(async (a: WriteArgs & { phraseFile?: string; force: boolean }) => {
          const identity = identityFromPhrase(await readPhrase(a.phraseFile));
          await writeKey(a, identity, a.force);
        }))
      .command("encrypt", "Encrypt a plaintext key file in place under a passphrase", (a) =>
        a.option("key", { type: "string", demandOption: true }),
        run(async (a: { key: string }) => {
          const id = await loadKey(a.key);
          await saveKey(a.key, id, { plaintext: false }, true);
          process.stderr.write(`${a.key} is encrypted now\n`);
        }))
      .command("show", "Print the address and p2p peer id of a key file (validator key or p2p.key)", (a) =>
        a.option("key", { type: "string", demandOption: true }),
        run(async (a: { key: string }) => {
          const id = await loadKey(a.key);
          // A node's peer id is derived from the key it runs with (docs/OPERATIONS.md "Identities").
          const peerId = peerIdFromEd25519PublicKey(id.publicKey);
          emit({ address: id.address, peerId }, () => process.stdout.write(`address: ${id.address}\npeer id: ${peerId}\n`));
        }))
      .demandCommand(1, "choose a keys subcommand: new, recover, encrypt or show"),
  );
}
