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
        const r = await client(a.rpc).submit(await loadKey(a.key), "validatorVote", { action: a.add !== undefined ? "add" : "remove", validator });
        process.stdout.write(`vote final: tx ${r.id} at height ${r.status?.height}\n`);
      }))
      .command("list", "Show the validator set of the next block, with each validator's peer id", (a) => a.option("rpc", { type: "string" }),
        run(async (a: { rpc?: string }) => {
          const p = await client(a.rpc).pendingVotes();
          emit({ height: p.height, validators: p.validators }, () => p.validators.forEach((v) => process.stdout.write(`${v.address}  ${v.peerId}\n`)));
        }))
      .command("pending", "Open votes: each proposed change, who voted, who has not, and decided changes not yet in force", (a) => a.option("rpc", { type: "string" }),
        run(async (a: { rpc?: string }) => {
          const p = await client(a.rpc).pendingVotes();
          emit(p, () => {
            const lines: string[] = [`validators at height ${p.height}: ${p.validators.length}`];
            if (p.ballots.length === 0) lines.push("no open votes");
            for (const b of p.ballots) {
              lines.push(`${b.action} ${b.validator.address}: ${b.votes} of ${b.needed} votes needed`);
              for (const v of b.voters) lines.push(`  voted:       ${v}`);
              for (const v of b.missing) lines.push(`  not voted:   ${v}`);
            }
            for (const c of p.scheduled) lines.push(`decided: from height ${c.height} the set is ${c.validators.join(", ")}`);
            process.stdout.write(lines.join("\n") + "\n");
          });
        }))
      .demandCommand(1, "choose propose, list or pending"));
}
