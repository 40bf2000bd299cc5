// `parley genesis`: the ceremony by which organisations that each made their own key on their
// own host assemble one genesis (docs/OPERATIONS.md "A consortium network"). One coordinator
// runs new / add-validator / fund / set-param and sends the file round; every organisation runs
// validate and hash and compares the hash with the others before starting its node.
import type { Argv } from "yargs";
import { existsSync, readFileSync } from "node:fs";
import { addValidator, fundAccount, newGenesis, readGenesisFile, setParam, validateGenesis, writeGenesisFile, type GenesisReport } from "../genesis-file.js";
import { cliError, run } from "../common.js";

const genesisOpt = { type: "string", default: "genesis.json", describe: "The genesis file" } as const;
const jsonOpt = { type: "boolean", default: false, describe: "Print JSON" } as const;

function printReport(r: GenesisReport, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(r) + "\n"); // one line, as every --json (docs/CLI.md)
    return;
  }
  const lines = [
    `chain id:      ${r.chainId}`,
    `genesis hash:  ${r.genesisHash}`,
    `header 0 hash: ${r.header0Hash}`,
    `validators:    ${r.validators.length}`,
    ...r.validators.map((v) => `  ${v.name ?? "-"}  ${v.address}  ${v.peerId}  balance ${v.balance}`),
    `accounts:      ${r.accounts} (supply ${r.supply})`,
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

function readText(path: string): string {
  if (!existsSync(path)) throw cliError(`genesis file not found: ${path}`);
  return readFileSync(path, "utf8");
}

export function genesisCommand(y: Argv): Argv {
  return y.command("genesis", "Assemble and check a consortium genesis (new, add-validator, fund, set-param, validate, hash)", (g) =>
    g
      .command("new", "Start a genesis: every parameter at its default, no validators, no accounts", (a) =>
        a.option("out", { type: "string", default: "genesis.json", describe: "File to write (never overwritten)" })
          .option("chain-id", { type: "string", demandOption: true, describe: "1-64 characters of [a-zA-Z0-9._-]; every tx signs it" })
          .option("genesis-time", { type: "string", default: "now", describe: "ms since the epoch, or now" }),
        run(async (a: { out: string; chainId: string; genesisTime: string }) => {
          const time = a.genesisTime === "now" ? Date.now() : Number(a.genesisTime);
          writeGenesisFile(a.out, newGenesis(a.chainId, time), false);
          process.stdout.write(`genesis started: ${a.out}\nnext: parley genesis add-validator --genesis ${a.out} --address <each organisation's validator address>\n`);
        }))
      .command("add-validator", "Add a validator by the address (and peer id) its organisation sent you", (a) =>
        a.option("genesis", genesisOpt)
          .option("address", { type: "string", demandOption: true, describe: "The validator's address (parley keys show on its host)" })
          .option("peer-id", { type: "string", describe: "Its peer id, checked against the address" })
          .option("name", { type: "string", describe: "A label for people (e.g. the organisation); not part of the chain" })
          .option("balance", { type: "string", describe: "Also fund it (base units): validators pay fees for governance votes" }),
        run(async (a: { genesis: string; address: string; peerId?: string; name?: string; balance?: string }) => {
          const raw = readGenesisFile(a.genesis);
          const added = addValidator(raw, a.address, { peerId: a.peerId, name: a.name });
          if (a.balance !== undefined) fundAccount(raw, a.address, a.balance, a.name);
          const g = writeGenesisFile(a.genesis, raw);
          process.stdout.write(`validator ${added.address} (peer id ${added.peerId}) added; ${g.validators.length} validator(s)\n`);
        }))
      .command("fund", "Set an account's genesis balance (nothing is funded unless you ask)", (a) =>
        a.option("genesis", genesisOpt)
          .option("address", { type: "string", demandOption: true })
          .option("balance", { type: "string", demandOption: true, describe: "Base units, a decimal integer" })
          .option("name", { type: "string", describe: "A label for people; not part of the chain" }),
        run(async (a: { genesis: string; address: string; balance: string; name?: string }) => {
          const raw = readGenesisFile(a.genesis);
          fundAccount(raw, a.address, a.balance, a.name);
          const g = writeGenesisFile(a.genesis, raw);
          process.stdout.write(`funded; ${g.accounts.length} account(s)\n`);
        }))
      .command("set-param <name> <value>", "Set a parameter (docs/OPERATIONS.md lists each), or chainId / genesisTime", (a) =>
        a.positional("name", { type: "string", demandOption: true }).positional("value", { type: "string", demandOption: true }).option("genesis", genesisOpt),
        run(async (a: { genesis: string; name: string; value: string }) => {
          const raw = readGenesisFile(a.genesis);
          setParam(raw, a.name, a.value);
          writeGenesisFile(a.genesis, raw);
          process.stdout.write(`${a.name} = ${a.value}\n`);
        }))
      .command("validate", "Check that a chain can start from this genesis (exit 1 naming the field if not)", (a) =>
        a.option("genesis", genesisOpt).option("json", jsonOpt),
        run(async (a: { genesis: string; json: boolean }) => {
          printReport(await validateGenesis(readText(a.genesis)), a.json);
        }))
      .command("hash", "Print the genesis hash every organisation compares before starting", (a) =>
        a.option("genesis", genesisOpt).option("json", jsonOpt),
        run(async (a: { genesis: string; json: boolean }) => {
          const r = await validateGenesis(readText(a.genesis));
          process.stdout.write(a.json ? JSON.stringify({ genesisHash: r.genesisHash, header0Hash: r.header0Hash }) + "\n" : `${r.genesisHash}\n`);
        }))
      .demandCommand(1, "choose a genesis subcommand: new, add-validator, fund, set-param, validate or hash"));
}
