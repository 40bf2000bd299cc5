// The RPC modules for messages, channels, anchors and automatic actions, and the admin module (whose methods the
// server leaves unregistered unless admin is enabled). node.ts registers the chain's own
// modules (chain, tx, account, node, consensus), then these.
import type { RpcServer } from "../rpc/server.js";
import { AnchorModule } from "../rpc/modules/anchor.js";
import { ChannelModule } from "../rpc/modules/channel.js";
import { MsgModule } from "../rpc/modules/msg.js";
import { AdminModule } from "../rpc/modules/admin.js";
import { ActionModule } from "../rpc/modules/action.js";
import { ProofModule } from "../rpc/modules/proof.js";
import type { NodeServices } from "./services.js";

export type ModuleInstaller = (server: RpcServer) => void;

export function messagingAndAdminModules(node: NodeServices): ModuleInstaller[] {
  return [
    (s) => s.addModule(MsgModule, new MsgModule(node)),
    (s) => s.addModule(ChannelModule, new ChannelModule(node)),
    (s) => s.addModule(AnchorModule, new AnchorModule(node)),
    (s) => s.addModule(ActionModule, new ActionModule(node)),
    (s) => s.addModule(AdminModule, new AdminModule(node)),
    (s) => s.addModule(ProofModule, new ProofModule(node)),
  ];
}
