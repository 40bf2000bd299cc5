// The `parley` command line (yargs). Each command lives in ./commands/<name>.ts.
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { keysCommand } from "./commands/keys.js";
import { walletCommand } from "./commands/wallet.js";
import { nodeCommand } from "./commands/node.js";
import { initCommand } from "./commands/init.js";
import { devnetCommand } from "./commands/devnet.js";
import { validatorCommand } from "./commands/validator.js";
import { genesisCommand } from "./commands/genesis.js";
import { appCommands } from "./app-commands.js";

let y = yargs(hideBin(process.argv)).scriptName("parley").strict().recommendCommands();
for (const add of [nodeCommand, devnetCommand, initCommand, genesisCommand, keysCommand, walletCommand, validatorCommand, ...appCommands]) y = add(y);
await y
  .demandCommand(1, "choose a command (see --help)")
  .fail((msg, e, yy) => {
    if (e) throw e;
    yy.showHelp("error");
    process.stderr.write(`\nerror: ${msg}\n`);
    process.exit(2);
  })
  .help()
  .parseAsync();
