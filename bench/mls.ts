// MLS group commits on the client (issue 15): for groups of 10, 100, 1,000 and 10,000 members,
// the time to build a commit and the size of the mls.commit tx it goes out in. The group is
// built the cheapest way (its creator adds everyone in one commit), which leaves a tree whose
// parent nodes are blank except on the creator's path: a commit then encrypts its path secret
// to nearly every member (the worst case, n - 1 HPKE encryptions). A tree whose members have
// all committed once needs about log2(n); the bench also reports a member joining (the Welcome
// plus tree check a new member does) and a member processing a commit.
//   npx tsc -p tsconfig.json && node dist/bench/mls.js [--sizes 10,100,1000] [--runs 5] [--filled-max 1000] [--json]
//   (10,000 members needs node --stack-size=30000: ts-mls encodes vectors recursively)
import { identityFromSecret, type Identity } from "../src/client/keys.js";
import { identityKeyPackage } from "../src/client/mls/leaf.js";
import { MlsMember } from "../src/client/mls/member.js";
import { mlsSuite } from "../src/client/mls/suite.js";
import { buildTx } from "../src/client/tx-builder.js";
import { commitBody } from "../src/client/mls/groups.js";
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
  for (let i = 1; i < n; i++) kps.push(await identityKeyPackage(who(i), cs));
  const add = await creator.prepareCommit(MlsMember.addProposals(kps.map((k) => k.publicPackage)));
  creator.adopt(add);
  const setupMs = performance.now() - t0;
  // A member joining at this size: the Welcome and the whole tree to check.
  const [joined, joinMs] = await timed(() => MlsMember.join(add.welcome!, add.ratchetTree, kps[0]!));
  // Self-update commits by the creator, built and dropped (each run starts from the same state).
  const times: number[] = [];
  let last = await creator.prepareCommit([]);
  for (let r = 0; r < RUNS; r++) {
    const [p, ms] = await timed(() => creator.prepareCommit([]));
    times.push(ms);
    last = p;
  }
  const tx = buildTx(who(0), "mlsCommit", commitBody(toHex(groupId), last, last.submitSig("parley-bench", who(0).publicKey)), { chainId: "parley-bench", nonce: 1, fee: 1_000_000n, expiry: 100 });
  const [, processMs] = await timed(() => joined.processCommit(last.commit));
  const filled = n <= FILLED_MAX ? await fillAndCommit(n, creator, add, kps) : null;
  return { members: n, setupMs, commitMs: median(times), commitBytes: last.commit.length, txBytes: tx.bytes.length, joinMs, processMs, filledCommitMs: filled?.ms ?? null, filledTxBytes: filled?.txBytes ?? null };
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

const rows: Row[] = [];
for (const n of SIZES) {
  const row = await measure(n);
  rows.push(row);
  if (!JSON_OUT)
    console.log(
      `${String(n).padStart(6)} members: commit ${row.commitMs.toFixed(1)} ms (median of ${RUNS}), commit ${row.commitBytes} B, tx ${row.txBytes} B; ` +
        `join ${row.joinMs.toFixed(0)} ms, process ${row.processMs.toFixed(1)} ms; setup ${(row.setupMs / 1000).toFixed(1)} s; ` +
        (row.filledCommitMs === null ? "filled tree not measured" : `filled tree: commit ${row.filledCommitMs.toFixed(1)} ms, tx ${row.filledTxBytes} B`),
    );
}
if (JSON_OUT) console.log(JSON.stringify(rows, null, 2));
