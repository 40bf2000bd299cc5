// Following a tx we sent until the node says what became of it. tx_get answers pending, final,
// failed (in a block, fee paid, no effect) or rejected (never included); right after tx_send it
// may not know the id yet on another node, so "not found" keeps polling until the deadline.
import type { ParleyClient } from "../../client/parley-client.js";

export interface TxOutcome {
  status: "pending" | "final" | "failed" | "rejected";
  height: number | null;
  index: number | null;
  reason: string | null;
}

const POLL_MS = 250;
const TIMEOUT_MS = 90_000;

export async function trackTx(client: ParleyClient, id: string, timeoutMs = TIMEOUT_MS): Promise<TxOutcome> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const st = await client.txStatus(id);
      if (st.status !== "pending") return { status: st.status, height: st.height ?? null, index: st.index ?? null, reason: st.reason ?? null };
    } catch {
      // not found yet, or a transient error
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return { status: "pending", height: null, index: null, reason: null };
}
