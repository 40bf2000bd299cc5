// Commands beyond the foundation (chat, channels, anchors, validators), kept out of main.ts.
import type { Argv } from "yargs";
import { anchorCommand } from "./commands/anchor.js";
import { channelCommand } from "./commands/channel.js";
import { chatCommand } from "./commands/chat.js";
import { lightCommand } from "./commands/light.js";

export const extraCommands: Array<(y: Argv) => Argv> = [chatCommand, channelCommand, anchorCommand, lightCommand];
