// Block sync must not be stalled by one peer that cannot answer: a light node (which serves no
// `status`) or a connection left half-dead by a partition used to end every pass when it came
// first in the peer list, so a node behind the network never caught up while it stayed connected.
import { describe, expect, it } from "vitest";
import { encode } from "../../../src/chain/codec.js";
import { BlockSync, SYNC_PROTOCOLS } from "../../../src/node/sync.js";
import { NetworkError, type Network } from "../../../src/network/index.js";
import type { Chain } from "../../../src/chain/chain.js";
import type { ChainConsensusHost } from "../../../src/node/consensus-host.js";
import type { Logger } from "../../../src/util/logger.js";

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, child: () => silent } as unknown as Logger;

/** A network of three peers: one that serves no sync, one that times out, one 5 blocks ahead. */
function peersNetwork(requests: string[]): Network {
  return {
    peers: () => ["light", "stale", "full"],
    request: async (peer: string, name: string): Promise<Uint8Array> => {
      requests.push(`${peer} ${name}`);
      if (peer === "light") throw new NetworkError({ code: "UNSUPPORTED_PROTOCOL", peerId: peer, protocol: name });
      if (peer === "stale") throw new NetworkError({ code: "TIMEOUT", peerId: peer, protocol: name, timeoutMs: 3_000 });
      // The full peer is at height 5 and (for this test) has no blocks to hand out yet.
      return name === SYNC_PROTOCOLS.status ? encode([5, new Uint8Array(32)]) : encode([]);
    },
    handle: async () => undefined,
    onPeerConnected: () => undefined,
  } as unknown as Network;
}

describe("block sync", () => {
  it("asks the peer that is ahead for blocks even when the peers listed before it fail", async () => {
    const requests: string[] = [];
    const chain = { head: { height: 0, hash: new Uint8Array(32) } } as unknown as Chain;
    const sync = new BlockSync(chain, {} as never, peersNetwork(requests), {} as ChainConsensusHost, silent);
    const heads: number[] = [];
    sync.onPeerHead = (h) => heads.push(h);
    sync.trigger();
    for (let i = 0; i < 50 && !requests.includes(`full ${SYNC_PROTOCOLS.blocks}`); i++) await new Promise((r) => setTimeout(r, 10));
    expect(requests).toContain(`full ${SYNC_PROTOCOLS.blocks}`);
    expect(heads).toEqual([5]);
  });
});
