// Asset transfers against native ones on the chain itself (build = execute + seal the state
// root, commit = the block's one LevelDB batch; no consensus, network or mempool), so the figure
// is what the asset ledger costs a block (docs/PERFORMANCE.md "Assets"). By default the shape of
// the throughput bench's `--mix assetnew=100`: every sender created one asset in setup and sends
// 1 unit of it to the same recipient each time. `--shared N`: the shape of `--mix asset=100`
// instead: N issuers' assets, every sender holding each, one asset per round of the senders
// (bench/lib/workload.ts sharedAssetOf). The native rounds send 1 unit of the token to the same
// recipients. Rounds alternate native / asset so both see the same machine.
//   npx tsc -p tsconfig.json && node dist/bench/asset-path.js [--senders 2000] [--per-block 2000] [--rounds 3] [--blocks 5] [--shared 4] [--json]
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { Chain } from "../src/chain/chain.js";
import { parseGenesis } from "../src/chain/genesis.js";
import { assetIdOf } from "../src/chain/assets/records.js";
import type { ExecTx } from "../src/chain/execution/executor.js";
import type { TxKindName } from "../src/chain/tx/kinds.js";
import type { TxBodies } from "../src/chain/tx/types.js";
import { newIdentity, type Identity } from "../src/client/keys.js";
import { assembleTx, encodePayload } from "../src/chain/tx/codec.js";
import type { UnsignedTx } from "../src/chain/tx/types.js";
import { genesisJson } from "../src/node/dev-chain.js";
import { sharedAssetOf } from "./lib/workload.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const SENDERS = arg("senders", 2_000);
const PER_BLOCK = arg("per-block", 2_000);
const ROUNDS = arg("rounds", 3);
const BLOCKS = arg("blocks", 5);
const SHARED = arg("shared", 0);
const JSON_OUT = process.argv.includes("--json");
// --only native|asset: one kind's rounds (to profile it alone).
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const FEE = 200_000n;

const validator = newIdentity();
const senders = Array.from({ length: SENDERS }, () => newIdentity());
const nonces = new Map<string, number>();
const CHAIN_ID = "parley-bench-asset-path";
const genesis = parseGenesis(genesisJson(CHAIN_ID, [validator], senders.map((s) => ({ address: s.address, balance: 10n ** 15n })), { blockTimeMs: 100 }));
const dir = mkdtempSync(join(tmpdir(), "parley-bench-asset-path-"));
const chain = await Chain.open(dir, genesis);

// Blocks are built from txs already verified (the node checks signatures before a tx reaches
// buildBlock), so these carry a zero signature: signing 60,000 txs in pure JS would take longer
// than the blocks, and nothing here reads the signature.
const NO_SIG = new Uint8Array(64);
function signed<K extends TxKindName>(from: Identity, kind: K, body: TxBodies[K]): ExecTx {
  const nonce = nonces.get(from.address) ?? 0;
  nonces.set(from.address, nonce + 1);
  const tx = { kind, chainId: CHAIN_ID, from: from.publicKey, nonce, fee: FEE, expiry: chain.head.height + 50_000, body } as UnsignedTx;
  const payload = encodePayload(tx);
  const stx = assembleTx(tx, payload, NO_SIG);
  return { stx, id: sha256(payload) };
}

function dirBytes(d: string): number {
  let n = 0;
  for (const e of readdirSync(d, { withFileTypes: true })) n += e.isDirectory() ? dirBytes(join(d, e.name)) : statSync(join(d, e.name)).size;
  return n;
}

/** Builds and commits blocks of PER_BLOCK; the build + commit time of all of them. */
async function run(txs: ExecTx[]): Promise<{ buildMs: number; commitMs: number; cpuMs: number; changes: number; smtNodes: number }> {
  let buildMs = 0;
  let commitMs = 0;
  // The work itself, which the machine's load does not move: state entries written and
  // state-tree nodes made (each hashed, cached and put into the block's batch).
  let changes = 0;
  let smtNodes = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < txs.length; i += PER_BLOCK) {
    const t0 = performance.now();
    const { prepared, rejected } = await chain.buildBlock(txs.slice(i, i + PER_BLOCK), validator.publicKey, null, chain.head.header.time + 1_000);
    if (rejected.length > 0) throw new Error(`${rejected.length} txs rejected: ${rejected[0]!.error.message}`);
    const failed = prepared.txs.find((t) => t.failure);
    if (failed) throw new Error(`a tx failed: ${failed.failure!.message}`);
    const t1 = performance.now();
    changes += prepared.exec.changes.length;
    smtNodes += prepared.smtNodes.length;
    await chain.commit(prepared, null);
    buildMs += t1 - t0;
    commitMs += performance.now() - t1;
  }
  const cpu = process.cpuUsage(cpu0);
  return { buildMs, commitMs, cpuMs: (cpu.user + cpu.system) / 1000, changes, smtNodes };
}

// Setup (not timed): one asset per sender (`assetnew`), or SHARED assets every sender holds (`asset`).
const assets = new Map<Identity, Uint8Array>();
const shared: Uint8Array[] = [];
const createTx = (s: Identity, initial: bigint): ExecTx =>
  signed(s, "asset", { op: "create", symbol: "PTS", name: "bench points", decimals: 0, initial, maxSupply: null, metaHash: null, flags: 1 });
if (SHARED > 0) {
  const issuers = senders.slice(0, SHARED);
  const creates = issuers.map((s) => createTx(s, 1_000_000n * BigInt(SENDERS)));
  creates.forEach((tx, a) => shared.push(assetIdOf(issuers[a]!.publicKey, tx.id)));
  await run(creates);
  const pays = issuers.flatMap((s, a) => senders.filter((to) => to !== s).map((to) => signed(s, "transfer", { to: to.publicKey, amount: 1_000_000n, memo: null, asset: shared[a]! })));
  await run(pays);
} else {
  const creates = senders.map((s) => {
    const tx = createTx(s, 1_000_000_000n);
    assets.set(s, assetIdOf(s.publicKey, tx.id));
    return tx;
  });
  await run(creates);
}

const recipient = (i: number): Identity => senders[(i * 7 + 1) % SENDERS]!;
function load(kind: "native" | "asset"): ExecTx[] {
  const out: ExecTx[] = [];
  for (let i = 0; out.length < PER_BLOCK * BLOCKS; i++) {
    const s = senders[i % SENDERS]!;
    const to = recipient(i % SENDERS).publicKey;
    const asset = SHARED > 0 ? shared[sharedAssetOf(i, SENDERS, SHARED)]! : assets.get(s)!;
    out.push(signed(s, "transfer", kind === "asset" ? { to, amount: 1n, memo: null, asset } : { to, amount: 1n, memo: null }));
  }
  return out;
}

interface Round {
  kind: "native" | "asset";
  txs: number;
  buildUs: number;
  commitUs: number;
  totalUs: number;
  /** CPU time of this process (all threads) per tx: what a shared machine's load distorts least. */
  cpuUs: number;
  changesPerTx: number;
  smtNodesPerTx: number;
  bytesPerTx: number;
}
const rounds: Round[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const kind of ["native", "asset"] as const) {
    if (ONLY !== null && kind !== ONLY) continue;
    const txs = load(kind);
    const before = dirBytes(dir);
    const t = await run(txs);
    const per = (ms: number) => Math.round((ms * 1000) / txs.length * 10) / 10;
    rounds.push({ kind, txs: txs.length, buildUs: per(t.buildMs), commitUs: per(t.commitMs), totalUs: per(t.buildMs + t.commitMs), cpuUs: per(t.cpuMs), changesPerTx: Math.round((t.changes / txs.length) * 100) / 100, smtNodesPerTx: Math.round((t.smtNodes / txs.length) * 100) / 100, bytesPerTx: Math.round((dirBytes(dir) - before) / txs.length) });
  }
}
await chain.close();
rmSync(dir, { recursive: true, force: true });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const of = (kind: Round["kind"], f: (r: Round) => number) => median(rounds.filter((r) => r.kind === kind).map(f));
const ratio = (f: (r: Round) => number): number[] => (ONLY !== null ? [NaN] : rounds.filter((r) => r.kind === "native").map((n, i) => f(n) / f(rounds.filter((r) => r.kind === "asset")[i]!)));
const ratios = ratio((r) => r.totalUs);
const cpuRatios = ratio((r) => r.cpuUs);
const result = {
  senders: SENDERS, shared: SHARED, perBlock: PER_BLOCK, blocks: BLOCKS, rounds,
  native_us_per_tx: of("native", (r) => r.totalUs), asset_us_per_tx: of("asset", (r) => r.totalUs),
  native_cpu_us_per_tx: of("native", (r) => r.cpuUs), asset_cpu_us_per_tx: of("asset", (r) => r.cpuUs),
  asset_rate_vs_native: Math.round(median(ratios) * 1000) / 1000,
  asset_cpu_vs_native: Math.round(median(cpuRatios) * 1000) / 1000,
};
if (JSON_OUT) console.log(JSON.stringify(result));
else {
  for (const r of rounds) console.log(`${r.kind.padEnd(6)} ${r.txs} txs: build ${r.buildUs} us/tx, commit ${r.commitUs} us/tx, total ${r.totalUs} us/tx (cpu ${r.cpuUs}), ${r.changesPerTx} state entries and ${r.smtNodesPerTx} tree nodes written per tx, ${r.bytesPerTx} bytes/tx on disk`);
  console.log(`median: native ${result.native_us_per_tx} us/tx, asset ${result.asset_us_per_tx} us/tx; asset rate / native rate (per round, median) ${result.asset_rate_vs_native}, by cpu ${result.asset_cpu_vs_native}`);
}
