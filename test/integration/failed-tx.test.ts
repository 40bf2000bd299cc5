// A tx whose own effect fails is in its block as failed: its sender pays the fee and uses the
// nonce, nothing else happens, and every read of it (tx_get, the tx subscription, the block,
// the sender's history) says "failed", never "final". Against a real node over HTTP/WebSocket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { cleanup, devChain, startInProcess, waitFor, type DevChain } from "./harness.js";
import { buildTx } from "../../src/client/tx-builder.js";
import { HttpRpcClient, WsRpcClient } from "../../src/client/rpc-client.js";
import type { ParleyNode } from "../../src/node/node.js";

const FEE = 100_000n;
let chain: DevChain;
let node: ParleyNode;
let rpc: HttpRpcClient;

beforeAll(async () => {
  chain = devChain({ funded: 2 });
  node = await startInProcess(chain);
  rpc = new HttpRpcClient(node.rpcUrl);
});
afterAll(cleanup);

function anchorTx(who: number, nonce: number, hash: Buffer) {
  return buildTx(chain.funded[who]!, "anchor", { hash: new Uint8Array(hash), tag: `by ${who}` }, { chainId: chain.genesis.chainId, nonce, fee: FEE, expiry: 1_000 });
}

async function final(id: string): Promise<{ status: string; height: number; index: number; reason?: string }> {
  return waitFor(`tx ${id} in a block`, async () => {
    const st = await rpc.call<{ status: string; height: number; index: number; reason?: string }>("tx_get", ["0x" + id]).catch(() => null);
    return st && (st.status === "final" || st.status === "failed") ? st : null;
  }, 20_000, 50);
}

describe("failed txs", () => {
  it("a second anchor of the same hash is in the block as failed: fee and nonce taken, no record, and every read says so", async () => {
    const hash = createHash("sha256").update("the same document").digest();
    const bob = chain.funded[1]!;
    const before = await rpc.call<{ balance: string; nonce: number }>("account_get", [bob.address]);
    const first = anchorTx(0, 0, hash);
    await rpc.call("tx_send", ["0x" + Buffer.from(first.bytes).toString("hex")]);
    expect((await final(first.id)).status).toBe("final");

    const ws = await WsRpcClient.connect(node.wsUrl);
    try {
      const second = anchorTx(1, 0, hash);
      const events: Array<{ status: string; reason: string | null }> = [];
      await ws.subscribe("tx", ["0x" + second.id], (e) => events.push(e as { status: string; reason: string | null }));
      // Admission cannot know the hash will be taken: it admits, the block refuses the effect.
      await rpc.call("tx_send", ["0x" + Buffer.from(second.bytes).toString("hex")]);
      const st = await final(second.id);
      expect(st).toMatchObject({ status: "failed", reason: "ANCHOR_EXISTS" });
      await waitFor("tx notification", async () => events.length > 0, 10_000);
      expect(events[0]).toMatchObject({ status: "failed", reason: "ANCHOR_EXISTS" });

      const after = await rpc.call<{ balance: string; nonce: number }>("account_get", [bob.address]);
      expect(BigInt(after.balance)).toBe(BigInt(before.balance) - FEE);
      expect(after.nonce).toBe(before.nonce + 1);
      const record = await rpc.call<{ owner: string }>("anchor_get", ["0x" + hash.toString("hex")]);
      expect(record.owner).toBe(chain.funded[0]!.address);

      const block = await rpc.call<{ txs: Array<{ id: string; failed?: string }> }>("chain_getBlock", [st.height, "full"]);
      expect(block.txs.find((t) => t.id === "0x" + second.id)?.failed).toBe("ANCHOR_EXISTS");
      const history = await rpc.call<{ txs: Array<{ id: string }> }>("account_history", [bob.address]);
      expect(history.txs.map((t) => t.id)).toContain("0x" + second.id);
      // Its nonce is used: the same nonce cannot be spent again.
      const again = anchorTx(1, 0, createHash("sha256").update("another").digest());
      const refused = await rpc.call("tx_send", ["0x" + Buffer.from(again.bytes).toString("hex")]).then(() => null, (e: { type?: { reason?: string } }) => e.type?.reason);
      expect(refused).toBe("NONCE_TOO_LOW");
    } finally {
      ws.close();
    }
  }, 60_000);
});
