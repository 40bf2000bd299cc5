import type { Argv } from "yargs";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createDevChain } from "../../node/dev-chain.js";
import { cliError, run } from "../common.js";

export const DEFAULT_DEV_DIR = ".parley-data";

export function initCommand(y: Argv): Argv {
  return y.command("init", "Create keys and a genesis for a fresh development chain", (a) =>
    a.option("dir", { type: "string", default: DEFAULT_DEV_DIR })
      .option("validators", { type: "number", default: 1 })
      .option("chain-id", { type: "string", default: "parley-dev" }),
    run(async (a: { dir: string; validators: number; chainId: string }) => {
      if (existsSync(join(a.dir, "genesis.json"))) throw cliError(`${a.dir} already holds a chain (genesis.json); choose another --dir`);
      if (!Number.isInteger(a.validators) || a.validators < 1 || a.validators > 32) throw cliError("--validators must be 1..32");
      const f = createDevChain(a.dir, { validators: a.validators, chainId: a.chainId });
      process.stdout.write(`genesis:  ${f.genesisPath}\nvalidator keys: ${f.validatorKeys.join(", ")}\ndev key:  ${f.devKeyPath}\ndev address: ${f.devAddress}\n`);
    }));
}
