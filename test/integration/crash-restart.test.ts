// SIGKILL a node process while it finalizes transfers under load, restart it on the same data
// dir, and check that nothing it reported final was lost and that its state is exactly what
// re-executing its blocks from genesis gives. Once as an archive node and once pruning superseded
// state-tree nodes (--state-history): the crash must not cost a node the head's tree needs.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { cleanup, devChain, spawnCli, tempDir, waitFor } from "./harness.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { buildTx } from "../../src/client/tx-builder.js";
import { newIdentity } from "../../src/client/keys.js";
import { Chain, INLINE_TX_SOURCE, blockHash, txIdOf } from "../../src/chain/chain.js";
import { decodeTx } from "../../src/chain/tx/codec.js";
import { toHex } from "../../src/util/bytes.js";
import { reachableNodes } from "../../src/chain/state/smt/walk.js";
import { Bucket } from "../../src/chain/storage/buckets.js";

async function storedNodeCount(chain: Chain): Promise<number> {
  return (await chain.db.range({ gte: Uint8Array.of(Bucket.smtNode), lt: Uint8Array.of(Bucket.smtNode + 1), limit: 10_000_000 })).length;
}

afterEach(cleanup);

describe("crash safety", () => {
  it.each([
    { mode: "archive", flags: [] as string[] },
    { mode: "pruning", flags: ["--state-history", "2"] },
  ])("a node killed with SIGKILL under load restarts consistent, with no final tx lost ($mode)", async ({ flags }) => {
    const chain = devChain({ funded: 20, balance: 10_000_000n, params: { blockTimeMs: 50 } });
    const dataDir = join(chain.dir, "data");
    const args = ["node", "--data-dir", dataDir, "--genesis", chain.genesisPath, "--key", chain.validatorKeys[0]!, "--rpc-port", "0", "--log-level", "warn", ...flags];
    const first = await spawnCli(args);
    const c = new ParleyClient(first.rpc);
    const info = await c.info();
    const sinks = Array.from({ length: 5 }, () => newIdentity());
    const nonces = chain.funded.map(() => 0);
    const sent: string[] = [];
    const finalSeen = new Map<string, { height: number; index: number }>();

    // Load: batches of signed transfers for ~2.5 s, while polling which ones are final.
    const killAt = Date.now() + 2_500;
    let round = 0;
    while (Date.now() < killAt && round < 500) {
      const head = (await c.rpc.call<{ height: number }>("chain_getHead")).height;
      const calls = chain.funded.map((f, i) => {
        const tx = buildTx(f, "transfer", { to: sinks[(i + round) % sinks.length]!.publicKey, amount: BigInt(1 + round), memo: null }, { chainId: info.chainId, nonce: nonces[i]!, fee: 2_000n, expiry: head + 500 });
        return { method: "tx_send", params: ["0x" + toHex(tx.bytes)] };
      });
      const res = await c.rpc.batch(calls);
      res.forEach((r, i) => {
        if (!r.error) {
          nonces[i]!++;
          sent.push((r.result as { id: string }).id);
        }
      });
      const probe = sent.slice(-60);
      const st = await c.rpc.batch(probe.map((id) => ({ method: "tx_get", params: [id] })));
      st.forEach((s, i) => {
        const v = s.result as { status: string; height: number; index: number } | undefined;
        if (v?.status === "final") finalSeen.set(probe[i]!, { height: v.height, index: v.index });
      });
      round++;
    }
    process.kill(first.proc.pid!, "SIGKILL");
    await first.exited;
    expect(finalSeen.size).toBeGreaterThan(20);

    const second = await spawnCli(args);
    const c2 = new ParleyClient(second.rpc);
    // Every tx reported final before the crash is final at the same place after it.
    const ids = [...finalSeen.keys()];
    // In chunks: the server answers at most 1,000 requests per batch.
    const after: Array<{ result?: unknown; error?: unknown }> = [];
    for (let i = 0; i < ids.length; i += 500) after.push(...(await c2.rpc.batch(ids.slice(i, i + 500).map((id) => ({ method: "tx_get", params: [id] })))));
    after.forEach((r, i) => {
      expect(r.error).toBeUndefined();
      expect(r.result).toMatchObject({ status: "final", ...finalSeen.get(ids[i]!) });
    });
    // The restarted node keeps producing.
    const h0 = (await c2.rpc.call<{ height: number }>("chain_getHead")).height;
    await c2.submit(chain.funded[0]!, "transfer", { to: sinks[0]!.publicKey, amount: 1n, memo: null });
    await waitFor("a new block", async () => (await c2.rpc.call<{ height: number }>("chain_getHead")).height > h0);
    const balances = await Promise.all([...chain.funded, ...sinks].map((id) => c2.account(id.address)));
    // The pruning gauges are exported exactly when the node prunes (docs/OPERATIONS.md "Disk").
    const scrape = await (await fetch(`${second.rpc}/metrics`)).text();
    expect(/^parley_state_nodes_pending_prune \d+$/m.test(scrape)).toBe(flags.length > 0);
    expect(/^parley_state_nodes_pruned \d+$/m.test(scrape)).toBe(flags.length > 0);
    process.kill(second.proc.pid!, "SIGTERM");
    expect(await second.exited).toBe(0);

    // Re-execute every stored block from genesis in a fresh chain: same hashes (so same state
    // roots), same balances.
    const stored = await Chain.open(dataDir, chain.genesis);
    const replay = await Chain.open(join(tempDir(), "replay"), chain.genesis);
    try {
      const head = stored.head.height;
      for (let h = 1; h <= head; h++) {
        const block = (await stored.blocks.block(h))!;
        const checked = await replay.checkBlock(block, INLINE_TX_SOURCE, block.header.time);
        if (!checked.ok) throw checked.error;
        await replay.commit(checked.value, null);
        expect(toHex(replay.head.hash)).toBe(toHex(blockHash(block.header)));
      }
      expect(toHex(replay.head.header.stateRoot)).toBe(toHex(stored.head.header.stateRoot));
      [...chain.funded, ...sinks].forEach((id, i) => {
        expect(replay.state.account(id.publicKey).balance.toString()).toBe(balances[i]!.balance);
        expect(stored.state.account(id.publicKey).balance.toString()).toBe(balances[i]!.balance);
      });
      // Each finalized tx is stored exactly once.
      const seenIds = new Set<string>();
      for (let h = 1; h <= head; h++) {
        for (const bytes of (await stored.blocks.block(h))!.txs) {
          const d = decodeTx(bytes, 1 << 20);
          if (!d.ok) throw d.error;
          const id = toHex(txIdOf(d.value));
          expect(seenIds.has(id)).toBe(false);
          seenIds.add(id);
        }
      }
      for (const id of ids) expect(seenIds.has(id.slice(2))).toBe(true);
      // The head's tree is whole on disk (a missing node throws MISSING_NODE); a pruning node
      // stores fewer nodes than the archive replay of the same blocks.
      expect((await reachableNodes(stored.smtStore, stored.head.header.stateRoot)).hashes.size).toBeGreaterThan(0);
      if (flags.length > 0) expect(await storedNodeCount(stored)).toBeLessThan(await storedNodeCount(replay));
      else expect(await storedNodeCount(stored)).toBe(await storedNodeCount(replay));
    } finally {
      await stored.close();
      await replay.close();
    }
  }, 90_000);
});
