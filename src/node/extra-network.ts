// Request/response services beyond block sync (e.g. the light-client protocols), registered on
// the node's network at start. Kept out of node.ts so each service lives in its own files.
import type { Network } from "../network/index.js";
import type { NodeServices } from "./services.js";

export async function extraNetworkServices(_node: NodeServices, _net: Network): Promise<void> {
  // none yet
}
