// Automatic actions under load, on the chain itself (build = execute + seal the state root,
// commit = the block's one LevelDB batch; no consensus or network, so the figures are what
// actions add to a block, docs/PERFORMANCE.md "Automatic actions").
//  1. --payments scheduled payments (default 10,000) created in blocks of --per-block, all due
//     at the same height: the end-block hook drains them 200 per block (DUE_PER_BLOCK_CAP);
//     reports every drain block's time against an empty block's.
//  2. --escrows hash-time locks created, then claimed with their preimages: txs per second.
//   npx tsc -p tsconfig.json && node dist/bench/actions.js [--payments 10000] [--escrows 5000] [--per-block 2000] [--json]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { Chain } from "../src/chain/chain.js";
import { parseGenesis } from "../src/chain/genesis.js";
import { DUE_PER_BLOCK_CAP } from "../src/chain/actions/scheduler.js";
import type { ExecTx } from "../src/chain/execution/executor.js";
import type { TxKindName } from "../src/chain/tx/kinds.js";
import type { TxBodies } from "../src/chain/tx/types.js";
import { escrowClaim, hashTimeLock, recurringPayment } from "../src/client/action-bodies.js";
import { newIdentity, type Identity } from "../src/client/keys.js";
import { buildTx } from "../src/client/tx-builder.js";
import { genesisJson } from "../src/node/dev-chain.js";
import { u32be } from "../src/util/bytes.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const PAYMENTS = arg("payments", 10_000);
const ESCROWS = arg("escrows", 5_000);
const PER_BLOCK = arg("per-block", 2_000);
const JSON_OUT = process.argv.includes("--json");
const SENDERS = 200;
// Covers the size fee and the condition cost of every tx here (at most 5 units of 200).
const FEE = 10_000n;

const validator = newIdentity();
const senders = Array.from({ length: SENDERS }, () => newIdentity());
const payee = newIdentity();
const nonces = new Map<string, number>();
const CHAIN_ID = "parley-bench-actions";
const genesis = parseGenesis(genesisJson(CHAIN_ID, [validator], senders.map((s) => ({ address: s.address, balance: 10n ** 15n })), { blockTimeMs: 100 }));
const dir = mkdtempSync(join(tmpdir(), "parley-bench-actions-"));
const chain = await Chain.open(dir, genesis);

function signed<K extends TxKindName>(from: Identity, kind: K, body: TxBodies[K]): ExecTx {
  const nonce = nonces.get(from.address) ?? 0;
  nonces.set(from.address, nonce + 1);
  const built = buildTx(from, kind, body, { chainId: CHAIN_ID, nonce, fee: FEE, expiry: chain.head.height + 10_000 });
  return { stx: built.stx, id: sha256(built.stx.payload) };
}

interface BlockTiming {
  height: number;
  txs: number;
  buildMs: number;
  commitMs: number;
}

/** Builds and commits the next block (1 s of block time after the last), timing both halves. */
async function block(txs: ExecTx[] = []): Promise<BlockTiming> {
  const t0 = performance.now();
  const { prepared, rejected } = await chain.buildBlock(txs, validator.publicKey, null, chain.head.header.time + 1_000);
  if (rejected.length > 0) throw new Error(`${rejected.length} txs rejected: ${rejected[0]!.error.message}`);
  const failed = prepared.txs.find((t) => t.failure);
  if (failed) throw new Error(`a tx failed: ${failed.failure!.message}`);
  const t1 = performance.now();
  await chain.commit(prepared, null);
  return { height: prepared.block.header.height, txs: txs.length, buildMs: t1 - t0, commitMs: performance.now() - t1 };
}

/** Puts `txs` into blocks of PER_BLOCK; returns the txs per second of build + commit. */
async function run(txs: ExecTx[]): Promise<{ txs: number; ms: number; perSecond: number }> {
  let ms = 0;
  for (let i = 0; i < txs.length; i += PER_BLOCK) {
    const t = await block(txs.slice(i, i + PER_BLOCK));
    ms += t.buildMs + t.commitMs;
  }
  return { txs: txs.length, ms: Math.round(ms), perSecond: Math.round(txs.length / (ms / 1000)) };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => Number(s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1));
  return { p50: at(0.5), p90: at(0.9), max: Number(s[s.length - 1]!.toFixed(1)) };
};

// ---- 1. a flood of payments due at one height ----
const blocksToCreate = Math.ceil(PAYMENTS / PER_BLOCK);
const due = chain.head.height + blocksToCreate + 2;
const creates = Array.from({ length: PAYMENTS }, (_, i) =>
  signed(senders[i % SENDERS]!, "scheduledPayment", recurringPayment({ to: payee.address, amount: 1n, start: due, every: 0, times: 1 })));
const createRate = await run(creates);
const empty: BlockTiming[] = [];
while (chain.head.height + 1 < due) empty.push(await block());
const drains: Array<BlockTiming & { paid: bigint }> = [];
let paid = 0n;
for (let guard = 0; paid < BigInt(PAYMENTS) && guard < PAYMENTS; guard++) {
  const t = await block();
  const now = chain.state.account(payee.publicKey).balance;
  drains.push({ ...t, paid: now - paid });
  paid = now;
}
const maxPerBlock = drains.reduce((m, d) => (d.paid > m ? d.paid : m), 0n);
const drainTimes = drains.map((d) => d.buildMs + d.commitMs);
const emptyTimes = empty.map((d) => d.buildMs + d.commitMs);

// ---- 2. escrow create and claim rates ----
const secrets = Array.from({ length: ESCROWS }, (_, i) => u32be(i));
const timeoutHeight = chain.head.height + 100_000;
const locks = secrets.map((s, i) => signed(senders[i % SENDERS]!, "escrow", hashTimeLock({ to: payee.address, refundTo: senders[i % SENDERS]!.address, amount: 10n, hashlock: sha256(s), timeoutHeight })));
const escrowCreate = await run(locks);
const claims = locks.map((l, i) => signed(senders[(i + 1) % SENDERS]!, "escrow", escrowClaim(l.id, secrets[i]!)));
const escrowClaimRate = await run(claims);

const result = {
  payments: PAYMENTS, perBlock: PER_BLOCK, cap: DUE_PER_BLOCK_CAP,
  scheduledCreate: createRate,
  drainBlocks: drains.length, maxPaidInOneBlock: Number(maxPerBlock),
  drainBlockMs: stats(drainTimes), drainBuildMs: stats(drains.map((d) => d.buildMs)), drainCommitMs: stats(drains.map((d) => d.commitMs)), emptyBlockMs: emptyTimes.length > 0 ? stats(emptyTimes) : null,
  escrowCreate, escrowClaim: escrowClaimRate,
};
await chain.close();
rmSync(dir, { recursive: true, force: true });
if (JSON_OUT) console.log(JSON.stringify(result));
else {
  console.log(`scheduled payments: ${PAYMENTS} created in blocks of ${PER_BLOCK}: ${createRate.perSecond} tx/s (build + commit)`);
  console.log(`all due at height ${due}: paid over ${drains.length} blocks, at most ${maxPerBlock} per block (cap ${DUE_PER_BLOCK_CAP})`);
  console.log(`drain block time (build + commit): p50 ${result.drainBlockMs.p50} ms, p90 ${result.drainBlockMs.p90} ms, max ${result.drainBlockMs.max} ms`);
  console.log(`  of which build (execute + state root) p50 ${result.drainBuildMs.p50} ms, commit p50 ${result.drainCommitMs.p50} ms`);
  if (result.emptyBlockMs) console.log(`empty block time for comparison: p50 ${result.emptyBlockMs.p50} ms, max ${result.emptyBlockMs.max} ms`);
  console.log(`escrow create: ${escrowCreate.perSecond} tx/s; escrow claim (preimage): ${escrowClaimRate.perSecond} tx/s (blocks of ${PER_BLOCK})`);
}
