// node_info on a light node: `syncing` tells a client whether the verified head can be taken as
// current. A light node that follows no peer (its full nodes are gone or cut off) cannot know
// how far behind it is, and must say so (found by test/integration/partitions.test.ts).
import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "../../../../src/chain/params.js";
import type { LightInfo, LightServices } from "../../../../src/light/services.js";
import { LightNodeModule } from "../../../../src/light/rpc/node.js";

function services(following: number, peers: number): LightServices {
  const info: LightInfo = { version: "test", peerId: "12D3KooTest", peers, following, listen: [], dropped: 0 };
  return {
    genesis: { chainId: "light-test", params: DEFAULT_PARAMS },
    chain: { head: { height: 7, hash: new Uint8Array(32), nextSet: { addresses: [] } } },
    info: () => info,
  } as unknown as LightServices;
}

describe("light node_info", () => {
  it("reports syncing while it follows no peer, even with a connection still open", () => {
    expect(new LightNodeModule(services(0, 1)).info()).toMatchObject({ light: true, height: 7, peers: 1, following: 0, syncing: true });
  });

  it("reports not syncing while it follows a peer's headers", () => {
    expect(new LightNodeModule(services(1, 1)).info()).toMatchObject({ peers: 1, following: 1, syncing: false });
  });
});
