// The request/response services a full node serves its peers beyond block sync (which node.ts
// starts itself): the light-client protocols. Each service lives in its own files.
import type { Network } from "../network/index.js";
import type { NodeServices } from "./services.js";
import { startLightServer } from "./light-server.js";

export async function startNetworkServices(node: NodeServices, net: Network): Promise<void> {
  await startLightServer(node, net);
}
