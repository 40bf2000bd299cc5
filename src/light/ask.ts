// Asking peers one question and keeping only answers that verify. Peers are asked in waves
// until `want` answers verified (two: a cross-check) or `maxAsk` peers were tried; every peer
// whose answer fails verification is dropped on the spot.
import type { Network } from "../network/index.js";
import type { VerifyError } from "./errors.js";
import type { PeerBook } from "./peers.js";

export type Checked<T> = { kind: "ok"; value: T } | { kind: "unavailable" } | { kind: "bad"; error: VerifyError };

export interface AskOptions {
  protocol: string;
  request: Uint8Array;
  /** Verified answers wanted (default 2: cross-check where two peers exist). */
  want?: number;
  /** Peers tried at most (default 4). */
  maxAsk?: number;
  timeoutMs?: number;
}

export interface AskResult<T> {
  answers: Array<{ peer: string; value: T }>;
  asked: number;
  unavailable: number;
  dropped: number;
}

/** What asking needs: a request/response transport (libp2p, or JSON-RPC in a browser) and a peer picker. */
export type AskNetwork = Pick<Network, "request">;
export type AskPeers = Pick<PeerBook, "pick" | "drop" | "transportFailed">;

export async function askPeers<T>(
  net: AskNetwork,
  peers: AskPeers,
  opts: AskOptions,
  check: (bytes: Uint8Array, peer: string) => Promise<Checked<T>> | Checked<T>,
): Promise<AskResult<T>> {
  const want = opts.want ?? 2;
  const maxAsk = opts.maxAsk ?? 4;
  const asked = new Set<string>();
  const out: AskResult<T> = { answers: [], asked: 0, unavailable: 0, dropped: 0 };
  while (out.answers.length < want && asked.size < maxAsk) {
    const batch = peers.pick(Math.min(want - out.answers.length, maxAsk - asked.size), asked);
    if (batch.length === 0) break;
    for (const p of batch) asked.add(p);
    const results = await Promise.all(batch.map(async (peer) => {
      try {
        const bytes = await net.request(peer, opts.protocol, opts.request, { timeoutMs: opts.timeoutMs ?? 10_000 });
        return { peer, checked: await check(bytes, peer) };
      } catch (e) {
        peers.transportFailed(peer, e);
        return { peer, checked: null };
      }
    }));
    for (const { peer, checked } of results) {
      if (checked === null) continue;
      if (checked.kind === "ok") out.answers.push({ peer, value: checked.value });
      else if (checked.kind === "unavailable") out.unavailable++;
      else {
        peers.drop(peer, checked.error);
        out.dropped++;
      }
    }
  }
  out.asked = asked.size;
  return out;
}
