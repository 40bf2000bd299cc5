import type { Argv } from "yargs";
import { newIdentity } from "../../client/keys.js";
import { emit, loadKey, run, saveKey } from "../common.js";

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
      .command("show", "Print the address of a key file", (a) => a.option("key", { type: "string", demandOption: true }),
        run(async (a: { key: string }) => {
          const { address } = loadKey(a.key);
          emit({ address }, () => process.stdout.write(`${address}\n`));
        }))
      .demandCommand(1, "choose a keys subcommand: new or show"),
  );
}
