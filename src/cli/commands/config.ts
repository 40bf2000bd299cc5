// `parley config example [node|light]`: a commented config file for `--config`, generated from
// the command's option table so it lists every flag with its default.
import type { Argv } from "yargs";
import { exampleConfig, recordOptions } from "../config-file.js";
import { nodeOptions } from "./node.js";
import { lightOptions } from "./light.js";

const TABLES = { node: nodeOptions, light: lightOptions } as const;

export function configCommand(y: Argv): Argv {
  return y.command("config", "Config files for parley node / parley light (--config)", (c) =>
    c
      .command("example [for]", "Print a commented example config file (TOML)", (e) =>
        e.positional("for", { choices: Object.keys(TABLES), default: "node", describe: "The command the file is for" }),
        (a) => {
          const command = a.for as keyof typeof TABLES;
          process.stdout.write(exampleConfig(command, recordOptions(TABLES[command])));
        })
      .demandCommand(1, "choose a config subcommand: example"));
}
