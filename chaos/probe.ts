// A probe is one transfer from an account that has never sent (nonce 0), given to every serving
// node, timed until every serving node reports it final. It measures "the chain works again
// everywhere" without depending on the load's lanes.
import { buildTx, feeFor } from "../src/client/tx-builder.js";
import type { Identity } from "../src/client/keys.js";
import { toHex } from "../src/util/bytes.js";
import type { Cluster } from "./cluster.js";

export interface ProbeResult {
  id: string;
  /** ms from the call until final on every serving node; null on timeout. */
  ms: number | null;
  final: { height: number; index: number; node: string } | null;
}

export async function probe(
  cluster: Cluster,
  from: Identity,
  to: Uint8Array,
  chain: { chainId: string; feeBase: bigint; feePerByte: bigint; height: number },
  timeoutMs: number,
): Promise<ProbeResult> {
  const started = Date.now();
  const fields = { chainId: chain.chainId, nonce: 0, fee: 0n, expiry: chain.height + 80_000 };
  const body = { to, amount: 1n, memo: null };
  const draft = buildTx(from, "transfer", body, fields);
  const tx = buildTx(from, "transfer", body, { ...fields, fee: feeFor(draft.bytes.length, chain.feeBase, chain.feePerByte) });
  const id = "0x" + tx.id;
  const hex = "0x" + toHex(tx.bytes);
  let final: ProbeResult["final"] = null;
  let lastSend = 0;
  while (Date.now() - started < timeoutMs) {
    const nodes = cluster.serving().filter((n) => !n.isolated);
    // (Re-)give it to every node now and then: a node that just restarted has an empty pool.
    if (Date.now() - lastSend > 2_000) {
      lastSend = Date.now();
      await Promise.allSettled(nodes.map((n) => cluster.rpc(n, 2_000).call("tx_send", [hex])));
    }
    const st = await Promise.allSettled(nodes.map((n) => cluster.rpc(n, 2_000).call<{ status: string; height?: number; index?: number }>("tx_get", [id])));
    const done = nodes.length > 0 && st.every((s) => s.status === "fulfilled" && s.value.status === "final");
    st.forEach((s, i) => {
      if (!final && s.status === "fulfilled" && s.value.status === "final") final = { height: s.value.height!, index: s.value.index!, node: nodes[i]!.name };
    });
    // Every full-chain node (light nodes hold headers only) is up, connected and has it final.
    if (done && nodes.length === cluster.nodes.filter((n) => n.role !== "light").length) return { id, ms: Date.now() - started, final };
    await new Promise((r) => setTimeout(r, 150));
  }
  return { id, ms: null, final };
}
