// How a data dir grows with blocks of transfers, with and without pruning of superseded
// state-tree nodes (not part of npm test): the chain in process (build = execute + seal,
// commit = the block's one LevelDB batch; no consensus, network or mempool), a line of data-dir
// size every --every blocks, and at the end the stored and reachable tree nodes. Only bytes and
// key counts are meant to be read from it: it runs beside other work (nice it), so its times
// are not figures (those come from bench/throughput.ts under the bench lock).
//   npx tsc -p tsconfig.json && node dist/bench/disk-growth.js [--blocks 300] [--per-block 2000] [--senders 2000] [--sinks 20000] [--state-history 0] [--every 50] [--json]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { Chain } from "../src/chain/chain.js";
import { parseGenesis } from "../src/chain/genesis.js";
import type { ExecTx } from "../src/chain/execution/executor.js";
import { newIdentity } from "../src/client/keys.js";
import { assembleTx, encodePayload } from "../src/chain/tx/codec.js";
import type { UnsignedTx } from "../src/chain/tx/types.js";
import { genesisJson } from "../src/node/dev-chain.js";
import { Bucket } from "../src/chain/storage/buckets.js";
import { reachableNodes } from "../src/chain/state/smt/walk.js";
import { dirBytes } from "./lib/cluster.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} must be a whole number`);
  return v;
}

const BLOCKS = arg("blocks", 300);
const PER_BLOCK = arg("per-block", 2_000);
const SENDERS = arg("senders", 2_000);
const SINKS = arg("sinks", 20_000);
const HISTORY = arg("state-history", 0);
const EVERY = Math.max(1, arg("every", 50));
const JSON_OUT = process.argv.includes("--json");
const CHAIN_ID = "parley-bench-disk-growth";
const FEE = 200_000n;

const validator = newIdentity();
const senders = Array.from({ length: SENDERS }, () => newIdentity());
// Recipients: public keys only (they never send), so the account set grows to SENDERS + SINKS.
const sinks = Array.from({ length: SINKS }, (_, i) => sha256(new TextEncoder().encode(`sink-${i}`)));
const nonces = new Uint32Array(SENDERS);
const genesis = parseGenesis(genesisJson(CHAIN_ID, [validator], senders.map((s) => ({ address: s.address, balance: 10n ** 15n })), { blockTimeMs: 100 }));
const dir = mkdtempSync(join(tmpdir(), "parley-bench-disk-growth-"));

// Blocks are built from txs already verified (the node checks signatures before buildBlock), so
// these carry a zero signature: nothing here reads it.
const NO_SIG = new Uint8Array(64);
function transfer(i: number, height: number): ExecTx {
  const s = i % SENDERS;
  const tx = { kind: "transfer", chainId: CHAIN_ID, from: senders[s]!.publicKey, nonce: nonces[s]!++, fee: FEE, expiry: height + 1_000, body: { to: sinks[(i * 7919) % SINKS]!, amount: 1n, memo: null } } as UnsignedTx;
  const payload = encodePayload(tx);
  return { stx: assembleTx(tx, payload, NO_SIG), id: sha256(payload) };
}

async function main(): Promise<void> {
  let chain = await Chain.open(dir, genesis, { stateHistory: HISTORY });
  const start = dirBytes(dir);
  const lines: Array<{ blocks: number; txs: number; bytes: number; bytes_per_tx: number; window_bytes_per_tx: number }> = [];
  let txs = 0;
  let lastBytes = start;
  let lastTxs = 0;
  try {
    for (let b = 1; b <= BLOCKS; b++) {
      const batch: ExecTx[] = [];
      for (let k = 0; k < PER_BLOCK; k++) batch.push(transfer(txs + k, chain.head.height));
      const { prepared, rejected } = await chain.buildBlock(batch, validator.publicKey, null, chain.head.header.time + 1_000);
      if (rejected.length > 0) throw new Error(`${rejected.length} txs rejected: ${rejected[0]!.error.message}`);
      await chain.commit(prepared, null);
      txs += batch.length;
      if (b % EVERY === 0 || b === BLOCKS) {
        const bytes = dirBytes(dir);
        lines.push({ blocks: b, txs, bytes, bytes_per_tx: Math.round((bytes - start) / txs), window_bytes_per_tx: Math.round((bytes - lastBytes) / (txs - lastTxs)) });
        if (!JSON_OUT) process.stdout.write(`  block ${b}: ${txs} txs, data dir ${(bytes / 2 ** 20).toFixed(1)} MiB, ${lines.at(-1)!.bytes_per_tx} bytes per tx (last ${EVERY} blocks: ${lines.at(-1)!.window_bytes_per_tx})\n`);
        lastBytes = bytes;
        lastTxs = txs;
      }
    }
    // Reopening compacts LevelDB's log into tables, so the final size is what stays.
    await chain.close();
    chain = await Chain.open(dir, genesis, { stateHistory: HISTORY });
    const bytes = dirBytes(dir);
    const stored = (await chain.db.range({ gte: Uint8Array.of(Bucket.smtNode), lt: Uint8Array.of(Bucket.smtNode + 1), limit: 100_000_000 })).length;
    const live = (await reachableNodes(chain.smtStore, chain.head.header.stateRoot)).hashes.size;
    const result = {
      state_history: HISTORY, blocks: BLOCKS, per_block: PER_BLOCK, txs, accounts: SENDERS + SINKS, data_dir_bytes: bytes, bytes_per_tx: Math.round((bytes - start) / txs),
      smt_nodes_stored: stored, smt_nodes_live: live, smt_nodes_per_tx_stored: Number((stored / txs).toFixed(2)), lines,
    };
    process.stdout.write(JSON_OUT ? JSON.stringify(result) + "\n"
      : `state history ${HISTORY || "all"}: ${txs} txs in ${BLOCKS} blocks over ${SENDERS + SINKS} accounts; data dir after reopening ${(bytes / 2 ** 20).toFixed(1)} MiB = ${result.bytes_per_tx} bytes per tx; ` +
        `tree nodes stored ${stored}, reachable from the head ${live}\n`);
  } finally {
    await chain.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`disk-growth failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
