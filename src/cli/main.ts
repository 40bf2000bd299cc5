// The `parley` command line (yargs). Each command lives in ./commands/<name>.ts.
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { keysCommand } from "./commands/keys.js";
import { walletCommand } from "./commands/wallet.js";
import { nodeCommand } from "./commands/node.js";
import { initCommand } from "./commands/init.js";
import { devnetCommand } from "./commands/devnet.js";
import { validatorCommand } from "./commands/validator.js";
import { genesisCommand } from "./commands/genesis.js";
import { appCommands } from "./app-commands.js";
import { configCommand } from "./commands/config.js";
import { setJsonOutput } from "./common.js";
import { setPassphraseFile } from "./passphrase.js";

let y: Argv = yargs(hideBin(process.argv)).scriptName("parley").strict().recommendCommands()
  .option("json", { type: "boolean", default: false, global: true, describe: "Print the result as one line of JSON (read commands; docs/CLI.md)" })
  .option("passphrase-file", { type: "string", global: true, describe: "Read key-file passphrases from this file's first line (else env PARLEY_PASSPHRASE, else a prompt)" })
  .middleware((a) => {
    setJsonOutput(a.json === true);
    setPassphraseFile(typeof a.passphraseFile === "string" ? a.passphraseFile : undefined);
  });
for (const add of [nodeCommand, devnetCommand, initCommand, genesisCommand, keysCommand, walletCommand, validatorCommand, ...appCommands, configCommand]) y = add(y);
await y
  .demandCommand(1, "choose a command (see --help)")
  .fail((msg, e, yy) => {
    // Exit codes (docs/CLI.md): 2 = usage (bad flags, bad --config file), 1 = the command failed.
    if (e && e.name !== "YError") throw e;
    if (e) {
      // A --config file error names its file, line and key: the whole help would bury it.
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(2);
    }
    yy.showHelp("error");
    process.stderr.write(`\nerror: ${msg}\n`);
    process.exit(2);
  })
  .completion("completion", "Print a bash/zsh completion script (add `source <(parley completion)` to ~/.bashrc)")
  .help()
  .parseAsync();
