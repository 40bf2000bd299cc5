// proof_* on a light node: the web app it serves verifies for itself (docs/APP.md 6), but a
// light node keeps no bodies, no state and no certificates, so it cannot answer the light-sync
// questions from its own disk. It relays them, byte for byte, to a full node it follows and
// hands back the answer. Nothing relayed is trusted by anyone: the browser checks every answer
// with the same code as this light node (a bad answer gets this node dropped in the browser,
// as a lying full node would be).
import type { Genesis } from "../chain/genesis.js";
import { LIGHT_PROTOCOLS } from "../network/light-protocol.js";
import type { ProofProtocol, ProofSource } from "../rpc/modules/proof.js";
import type { AskNetwork, AskPeers } from "./ask.js";
import { NotVerifiedError } from "./errors.js";

// A header long-poll is held up to 4 s by the full node; the rest is slack for the network.
const RELAY_TIMEOUT_MS = 10_000;
// A full node that is down is skipped; one more is tried before the browser is told.
const MAX_TRIES = 2;

export function proofRelay(genesis: Genesis, net: AskNetwork, peers: AskPeers): ProofSource {
  const relay = (protocol: ProofProtocol) => async (request: Uint8Array): Promise<Uint8Array> => {
    const tried = new Set<string>();
    let last: unknown = null;
    for (let i = 0; i < MAX_TRIES; i++) {
      const [peer] = peers.pick(1, tried);
      if (!peer) break;
      tried.add(peer);
      try {
        return await net.request(peer, LIGHT_PROTOCOLS[protocol], request, { timeoutMs: RELAY_TIMEOUT_MS });
      } catch (e) {
        last = e;
        peers.transportFailed(peer, e);
      }
    }
    throw new NotVerifiedError({ code: "NO_PEERS" }, last instanceof Error ? `no full node answered: ${last.message}` : "no full node connected");
  };
  return { genesis, light: { headers: relay("headers"), account: relay("account"), index: relay("index"), tx: relay("tx"), devices: relay("devices"), state: relay("state") } };
}
