// `parley light --checkpoint <height>:<hash>`: the pinned header taken from a full node it
// follows, trusted only as checkpoint.ts allows (its bytes hash to the pin; the next set hashes
// to its nextValidatorsHash). Asked only when the data dir is below the pin, so a restart with
// the same flag needs no peer before it resumes.
import type { Genesis } from "../chain/genesis.js";
import { LIGHT_PROTOCOLS, decodeHeadersResponse, encodeHeadersRequest } from "../network/light-protocol.js";
import type { AskNetwork } from "./ask.js";
import { CheckpointError, trustCheckpoint, type Checkpoint } from "./checkpoint.js";
import type { TrustedHead } from "./verify-header.js";

// Peers connect within a second or two of start; an operator's typo in --peers should not hang.
const PEER_WAIT_MS = 30_000;
const POLL_MS = 200;

/** The set that signs the height after the pin, when it did not change there: the genesis set (a set that never changed) is the only one a light node knows before syncing. */
export async function checkpointFromPeers(genesis: Genesis, pin: Checkpoint, net: AskNetwork, usable: () => string[]): Promise<TrustedHead> {
  const deadline = Date.now() + PEER_WAIT_MS;
  let reason = "no full node connected";
  while (Date.now() < deadline) {
    for (const peer of usable()) {
      let entry;
      try {
        entry = decodeHeadersResponse(await net.request(peer, LIGHT_PROTOCOLS.headers, encodeHeadersRequest({ from: pin.height, count: 1, waitMs: 0 }), { timeoutMs: 10_000 }))?.[0];
      } catch (e) {
        reason = e instanceof Error ? e.message : String(e);
        continue;
      }
      if (!entry) {
        reason = `${peer} has no header ${pin.height}`;
        continue;
      }
      // [REJECT] the operator pinned this header: a peer serving another one is refused with it
      const head = trustCheckpoint(genesis.chainId, pin, entry, [genesis.validators]);
      if (!head.ok) throw head.error;
      return head.value;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  throw new CheckpointError({ code: "CHECKPOINT_UNAVAILABLE", height: pin.height, reason }, `no full node served header ${pin.height} of the checkpoint: ${reason}`);
}
