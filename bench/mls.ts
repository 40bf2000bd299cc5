// MLS group commits on the client (issue 15): for groups of 10, 100, 1,000 and 10,000 members,
// the time to build a commit and the size of the mls.commit tx it goes out in. The group is
// built as the SDK builds it (MlsGroups.add): its creator adds MAX_ADDS_PER_COMMIT members per
// commit; the bench reports the largest of those add-commit txs and the last Welcome tx. That
// leaves a tree whose parent nodes are blank except on the creator's path: a commit then
// encrypts its path secret to nearly every member (the worst case, n - 1 HPKE encryptions). A
// tree whose members have all committed once needs about log2(n); the bench also reports a
// member joining (the Welcome plus tree check a new member does) and a member processing a commit.
// Each size has a time budget (--budget-s, default 600): building a group stops when it runs
// out, and the row says how far it got (10,000 members needs ~6 min of CPU to build, since the
// suite's HKDF and hashing went synchronous; on a loaded machine give it --budget-s 2400).
//   npx tsc -p tsconfig.json && node dist/bench/mls.js [--sizes 10,100,1000] [--runs 5] [--filled-max 1000] [--budget-s 600] [--json]
//   (10,000 members needs node --stack-size=30000: ts-mls encodes vectors recursively)
import { identityFromSecret, type Identity } from "../src/client/keys.js";
import { identityKeyPackage } from "../src/client/mls/leaf.js";
import { MlsMember } from "../src/client/mls/member.js";
import { mlsSuite } from "../src/client/mls/suite.js";
import { buildTx } from "../src/client/tx-builder.js";
import { COMMIT_INLINE_MAX, commitBody, MAX_ADDS_PER_COMMIT, TREE_INLINE_MAX } from "../src/client/mls/groups.js";
import { MAX_MLS_MESSAGE_BYTES } from "../src/chain/tx/kinds/mls-state.js";
import { DEFAULT_PARAMS } from "../src/chain/params.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { KeyPackage, PrivateKeyPackage } from "ts-mls";
import { toHex, utf8 } from "../src/util/bytes.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const SIZES = arg("sizes", "10,100,1000,10000").split(",").map(Number);
/** Largest group whose tree the bench fills (one join and one commit per level: minutes beyond 1,000). */
const FILLED_MAX = Number(arg("filled-max", "1000"));
const RUNS = Number(arg("runs", "5"));
const JSON_OUT = process.argv.includes("--json");
const BUDGET_MS = Number(arg("budget-s", "600")) * 1000;

const who = (i: number): Identity => identityFromSecret(sha256(utf8(`bench-mls/${i}`)));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

interface Row {
  members: number;
  /** Members actually in the group (less than `members` when the time budget ran out). */
  built: number;
  addCommits: number;
  /** The largest add-commit tx and the last mls.welcome tx while building (bytes). */
  maxAddTxBytes: number;
  welcomeTxBytes: number;
  /** The ratchet tree after the last add (inline in the welcome up to TREE_INLINE_MAX, else a blob). */
  treeBytes: number;
  setupMs: number;
  commitMs: number;
  commitBytes: number;
  txBytes: number;
  joinMs: number;
  processMs: number;
  /** The same commit once the committer's copath is filled (steady state); null when not measured. */
  filledCommitMs: number | null;
  filledTxBytes: number | null;
}

async function measure(n: number): Promise<Row> {
  const cs = await mlsSuite();
  const groupId = sha256(utf8(`bench-group/${n}`));
  const t0 = performance.now();
  const creator = await MlsMember.create(who(0), groupId);
  const kps: Array<{ publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }> = [];
  let add: Awaited<ReturnType<MlsMember["prepareCommit"]>> | null = null;
  let addCommits = 0;
  let maxAddTxBytes = 0;
  let welcomeTxBytes = 0;
  let treeBytes = 0;
  // As MlsGroups.add does: at most MAX_ADDS_PER_COMMIT new leaves per commit, until the budget ends.
  for (let i = 1; i < n && performance.now() - t0 < BUDGET_MS; i += MAX_ADDS_PER_COMMIT) {
    const batch: typeof kps = [];
    for (let j = i; j < Math.min(n, i + MAX_ADDS_PER_COMMIT); j++) batch.push(await identityKeyPackage(who(j), cs));
    kps.push(...batch);
    add = await creator.prepareCommit(MlsMember.addProposals(batch.map((k) => k.publicPackage)));
    creator.adopt(add);
    addCommits++;
    const addTx = buildTx(who(0), "mlsCommit", commitBody(toHex(groupId), add, add.submitSig("parley-bench", who(0).publicKey)), { chainId: "parley-bench", nonce: 1, fee: 1_000_000n, expiry: 100 });
    maxAddTxBytes = Math.max(maxAddTxBytes, addTx.bytes.length);
    // As the SDK sends it: a tree over TREE_INLINE_MAX goes by blob, the tx names it (64 + ~10 bytes).
    const tree = add.ratchetTree.length > TREE_INLINE_MAX ? { ratchetTree: new Uint8Array(0), treeBlob: { blobHash: sha256(add.ratchetTree), key: new Uint8Array(32), size: add.ratchetTree.length, chunkSize: 65536 } } : { ratchetTree: add.ratchetTree };
    treeBytes = add.ratchetTree.length;
    const welcomeTx = buildTx(who(0), "mlsWelcome", { groupId, epoch: creator.epoch, to: batch.map((_, k) => who(i + k).publicKey), welcome: add.welcome!, ...tree }, { chainId: "parley-bench", nonce: 2, fee: 1_000_000n, expiry: 100 });
    welcomeTxBytes = welcomeTx.bytes.length;
  }
  const built = kps.length + 1;
  const setupMs = performance.now() - t0;
  if (!add || built < n) return { members: n, built, addCommits, maxAddTxBytes, welcomeTxBytes, treeBytes, setupMs, commitMs: NaN, commitBytes: 0, txBytes: 0, joinMs: NaN, processMs: NaN, filledCommitMs: null, filledTxBytes: null };
  const lastAdd = add;
  // A member joining at this size: the Welcome and the whole tree to check.
  const [joined, joinMs] = await timed(() => MlsMember.join(lastAdd.welcome!, lastAdd.ratchetTree, kps[kps.length - 1]!));
  // Self-update commits by the creator, built and dropped (each run starts from the same state).
  const times: number[] = [];
  let last = await creator.prepareCommit([]);
  for (let r = 0; r < RUNS; r++) {
    const [p, ms] = await timed(() => creator.prepareCommit([]));
    times.push(ms);
    last = p;
  }
  const tx = commitTx(toHex(groupId), last);
  const [, processMs] = await timed(() => joined.processCommit(last.commit));
  // The steady state on a twin group built in one add (not a tx: only its shape matters here),
  // so every filler joins from one Welcome at the current epoch.
  let filled: { ms: number; txBytes: number } | null = null;
  if (n <= FILLED_MAX) {
    const twin = await MlsMember.create(who(0), sha256(utf8(`bench-group-filled/${n}`)));
    const all = await twin.prepareCommit(MlsMember.addProposals(kps.map((k) => k.publicPackage)));
    twin.adopt(all);
    filled = await fillAndCommit(n, twin, all, kps);
  }
  return { members: n, built, addCommits, maxAddTxBytes, welcomeTxBytes, treeBytes, setupMs, commitMs: median(times), commitBytes: last.commit.length, txBytes: tx.bytes.length, joinMs, processMs, filledCommitMs: filled?.ms ?? null, filledTxBytes: filled?.txBytes ?? null };
}

/**
 * Steady state for the creator (leaf 0): each subtree on its copath gets a non-blank root when
 * one member inside it commits, so members at leaves 2^k (largest subtree first) join and
 * commit once; then the creator's commit encrypts to about log2(n) nodes.
 */
async function fillAndCommit(n: number, creator: MlsMember, add: Awaited<ReturnType<MlsMember["prepareCommit"]>>, kps: Array<{ publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }>): Promise<{ ms: number; txBytes: number }> {
  const leaves: number[] = [];
  for (let l = 1; l < n; l *= 2) leaves.unshift(l);
  const fillers: MlsMember[] = [];
  for (const l of leaves) fillers.push(await MlsMember.join(add.welcome!, add.ratchetTree, kps[l - 1]!));
  for (let i = 0; i < fillers.length; i++) {
    const p = await fillers[i]!.prepareCommit([]);
    fillers[i]!.adopt(p);
    await creator.processCommit(p.commit);
    for (const later of fillers.slice(i + 1)) await later.processCommit(p.commit);
  }
  const times: number[] = [];
  let last = await creator.prepareCommit([]);
  for (let r = 0; r < RUNS; r++) {
    const [p, ms] = await timed(() => creator.prepareCommit([]));
    times.push(ms);
    last = p;
  }
  const tx = buildTx(who(0), "mlsCommit", commitBody(toHex(creator.groupId), last, last.submitSig("parley-bench", who(0).publicKey)), { chainId: "parley-bench", nonce: 1, fee: 1_000_000n, expiry: 100 });
  return { ms: median(times), txBytes: tx.bytes.length };
}

/** The mls.commit tx as the SDK sends it: inline, or over COMMIT_INLINE_MAX its header and a blob reference. */
function commitTx(id: string, p: Awaited<ReturnType<MlsMember["prepareCommit"]>>) {
  const blob = p.commit.length > COMMIT_INLINE_MAX ? { blobHash: sha256(p.commit), key: new Uint8Array(32), size: p.commit.length, chunkSize: 65536 } : null;
  return buildTx(who(0), "mlsCommit", commitBody(id, p, p.submitSig("parley-bench", who(0).publicKey, blob ?? undefined), blob), { chainId: "parley-bench", nonce: 1, fee: 1_000_000n, expiry: 100 });
}

const rows: Row[] = [];
for (const n of SIZES) {
  const row = await measure(n);
  rows.push(row);
  const cap = `(tx cap ${DEFAULT_PARAMS.maxTxBytes} B, MLS message cap ${MAX_MLS_MESSAGE_BYTES} B)`;
  if (!JSON_OUT && row.built < n) console.log(`${String(n).padStart(6)} members: over the ${BUDGET_MS / 1000} s budget after ${row.built} members (${row.addCommits} add commits, largest ${row.maxAddTxBytes} B ${cap}); not measured`);
  else if (!JSON_OUT)
    console.log(
      `${String(n).padStart(6)} members: built in ${row.addCommits} add commits of <= ${MAX_ADDS_PER_COMMIT} (largest add tx ${row.maxAddTxBytes} B, last welcome tx ${row.welcomeTxBytes} B, tree ${row.treeBytes} B${row.treeBytes > TREE_INLINE_MAX ? " by blob" : " inline"} ${cap}); update commit ${row.commitMs.toFixed(1)} ms (median of ${RUNS}), commit ${row.commitBytes} B${row.commitBytes > COMMIT_INLINE_MAX ? " by blob" : " inline"}, tx ${row.txBytes} B; ` +
        `join ${row.joinMs.toFixed(0)} ms, process ${row.processMs.toFixed(1)} ms; setup ${(row.setupMs / 1000).toFixed(1)} s; ` +
        (row.filledCommitMs === null ? "filled tree not measured" : `filled tree: commit ${row.filledCommitMs.toFixed(1)} ms, tx ${row.filledTxBytes} B`),
    );
}
if (JSON_OUT) console.log(JSON.stringify(rows, null, 2));
