import type { Argv } from "yargs";
import { newIdentity } from "../../client/keys.js";
import { emit, loadKey, run, saveKey } from "../common.js";
import { peerIdFromEd25519PublicKey } from "../../network/identity.js";

export function keysCommand(y: Argv): Argv {
  return y.command("keys", "Create and inspect identity keys", (k) =>
    k
      .command("new", "Create a new Ed25519 identity key file", (a) => a.option("out", { type: "string", demandOption: true, describe: "Key file to write (mode 0600)" }),
        run(async (a: { out: string }) => {
          const id = newIdentity();
          saveKey(a.out, id);
          process.stdout.write(`${id.address}\n`);
          process.stderr.write(`key written to ${a.out}\n`);
        }))
      .command("show", "Print the address and p2p peer id of a key file (validator key or p2p.key)", (a) =>
        a.option("key", { type: "string", demandOption: true }),
        run(async (a: { key: string }) => {
          const id = loadKey(a.key);
          // A node's peer id is derived from the key it runs with (docs/OPERATIONS.md "Identities").
          const peerId = peerIdFromEd25519PublicKey(id.publicKey);
          emit({ address: id.address, peerId }, () => process.stdout.write(`address: ${id.address}\npeer id: ${peerId}\n`));
        }))
      .demandCommand(1, "choose a keys subcommand: new or show"),
  );
}
