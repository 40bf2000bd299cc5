// Commands beyond the foundation (chat, channels, anchors, validators), kept out of main.ts.
import type { Argv } from "yargs";

export const extraCommands: Array<(y: Argv) => Argv> = [];
