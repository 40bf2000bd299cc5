// The RPC modules for messages, channels, anchors, automatic actions, works, names and assets, and the admin module (whose methods the
// server leaves unregistered unless admin is enabled). node.ts registers the chain's own
// modules (chain, tx, account, node, consensus), then these.
import type { RpcServer } from "../rpc/server.js";
import { AnchorModule } from "../rpc/modules/anchor.js";
import { ChannelModule } from "../rpc/modules/channel.js";
import { MsgModule } from "../rpc/modules/msg.js";
import { AdminModule } from "../rpc/modules/admin.js";
import { ActionModule } from "../rpc/modules/action.js";
import { ProofModule, type ProofSource } from "../rpc/modules/proof.js";
import { DeviceModule } from "../rpc/modules/device.js";
import { MlsModule } from "../rpc/modules/mls.js";
import { WorkModule } from "../rpc/modules/work.js";
import { NameModule } from "../rpc/modules/name.js";
import { AssetModule } from "../rpc/modules/asset.js";
import { LightServer } from "./light-server.js";
import type { NodeServices } from "./services.js";

export type ModuleInstaller = (server: RpcServer) => void;

export function messagingAndAdminModules(node: NodeServices): ModuleInstaller[] {
  return [
    (s) => s.addModule(MsgModule, new MsgModule(node)),
    (s) => s.addModule(ChannelModule, new ChannelModule(node)),
    (s) => s.addModule(AnchorModule, new AnchorModule(node)),
    (s) => s.addModule(ActionModule, new ActionModule(node)),
    (s) => s.addModule(AdminModule, new AdminModule(node)),
    (s) => s.addModule(ProofModule, new ProofModule(proofSource(node))),
    (s) => s.addModule(DeviceModule, new DeviceModule(node)),
    (s) => s.addModule(MlsModule, new MlsModule(node)),
    (s) => s.addModule(WorkModule, new WorkModule(node)),
    (s) => s.addModule(NameModule, new NameModule(node)),
    (s) => s.addModule(AssetModule, new AssetModule(node)),
  ];
}

/** The light server's answers over JSON-RPC (for browsers, which cannot speak libp2p). */
function proofSource(node: NodeServices): ProofSource {
  const light = new LightServer(node, null);
  return {
    genesis: node.chain.genesis,
    light: { headers: (r) => light.headers(r), account: (r) => light.account(r), index: (r) => light.index(r), tx: (r) => light.tx(r), devices: (r) => light.devices(r), state: (r) => light.state(r) },
  };
}
