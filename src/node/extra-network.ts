// Request/response services beyond block sync (e.g. the light-client protocols), registered on
// the node's network at start. Kept out of node.ts so each service lives in its own files.
import type { Network } from "../network/index.js";
import type { NodeServices } from "./services.js";
import { startLightServer } from "./light-server.js";

export async function extraNetworkServices(node: NodeServices, net: Network): Promise<void> {
  await startLightServer(node, net);
}
