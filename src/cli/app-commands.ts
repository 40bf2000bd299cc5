// The commands for the apps on the chain (chat, channels, anchors, automatic actions, works, names, assets) and for the light node that
// serves them; main.ts adds them after the node, key, wallet and validator commands.
import type { Argv } from "yargs";
import { anchorCommand } from "./commands/anchor.js";
import { channelCommand } from "./commands/channel.js";
import { chatCommand } from "./commands/chat.js";
import { lightCommand } from "./commands/light.js";
import { payCommand } from "./commands/pay.js";
import { escrowCommand } from "./commands/escrow.js";
import { redpacketCommand } from "./commands/redpacket.js";
import { sharedCommand } from "./commands/shared.js";
import { bountyCommand } from "./commands/bounty.js";
import { rewardsCommand } from "./commands/rewards.js";
import { deviceCommand } from "./commands/device.js";
import { groupCommand } from "./commands/group.js";
import { workCommand } from "./commands/work.js";
import { nameCommand } from "./commands/name.js";
import { assetCommand } from "./commands/asset.js";

export const appCommands: Array<(y: Argv) => Argv> = [
  chatCommand, channelCommand, anchorCommand, payCommand, escrowCommand, redpacketCommand, sharedCommand, bountyCommand, rewardsCommand, lightCommand, deviceCommand, groupCommand, workCommand, nameCommand, assetCommand,
];
