import type { Argv } from "yargs";
import { parseAddress } from "../../chain/address.js";
import { client, cliError, emit, loadKey, run } from "../common.js";

export function validatorCommand(y: Argv): Argv {
  return y.command("validator", "Consortium governance: vote validators in or out", (v) =>
    v.command("propose", "Vote to add or remove a validator (more than half of the validators must agree; effective two blocks later)", (a) =>
      a.option("key", { type: "string", demandOption: true, describe: "Your validator key" })
        .option("add", { type: "string", describe: "Address to add" })
        .option("remove", { type: "string", describe: "Address to remove" })
        .option("rpc", { type: "string" }),
      run(async (a: { key: string; add?: string; remove?: string; rpc?: string }) => {
        if ((a.add === undefined) === (a.remove === undefined)) throw cliError("give exactly one of --add or --remove");
        const text = (a.add ?? a.remove)!;
        const validator = parseAddress(text);
        if (!validator) throw cliError(`not an address: "${text}"`);
        const r = await client(a.rpc).submit(loadKey(a.key), "validatorVote", { action: a.add !== undefined ? "add" : "remove", validator });
        process.stdout.write(`vote final: tx ${r.id} at height ${r.status?.height}\n`);
      }))
      .command("list", "Show the validator set of the next block", (a) => a.option("rpc", { type: "string" }),
        run(async (a: { rpc?: string }) => {
          const info = await client(a.rpc).info(true);
          emit({ height: info.height, validators: info.validators }, () => info.validators.forEach((v) => process.stdout.write(`${v}\n`)));
        }))
      .demandCommand(1, "choose propose or list"));
}
