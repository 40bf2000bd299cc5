// The commands for the apps on the chain (chat, channels, anchors) and for the light node that
// serves them; main.ts adds them after the node, key, wallet and validator commands.
import type { Argv } from "yargs";
import { anchorCommand } from "./commands/anchor.js";
import { channelCommand } from "./commands/channel.js";
import { chatCommand } from "./commands/chat.js";
import { lightCommand } from "./commands/light.js";

export const appCommands: Array<(y: Argv) => Argv> = [chatCommand, channelCommand, anchorCommand, lightCommand];
