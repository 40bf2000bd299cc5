// State-tree benchmark (not part of npm test): a block's batch update over an existing tree,
// with nodes in a real LevelDB (classic-level) as on a node.
// Run: npx tsc -p tsconfig.json; node dist/bench/smt.js [leaves] [changes] [blocks]
// Target from the design: 20,000 changed keys over 100,000 leaves well under 1 s.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClassicLevel } from "classic-level";
import { EMPTY_ROOT, SparseMerkleTree, type SmtChange, type SmtNodeStore, type SmtNodeWrite } from "../src/chain/state/smt/tree.js";

class LevelStore implements SmtNodeStore {
  reads = 0;
  constructor(readonly db: ClassicLevel<Uint8Array, Uint8Array>) {}
  async get(hash: Uint8Array): Promise<Uint8Array | undefined> {
    this.reads++;
    return this.db.get(hash);
  }
  async getMany(hashes: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    this.reads += hashes.length;
    return this.db.getMany(hashes);
  }
  async put(nodes: readonly SmtNodeWrite[]): Promise<void> {
    await this.db.batch(
      nodes.map((n) => ({ type: "put" as const, key: n.hash, value: n.bytes })),
      { sync: true },
    );
  }
}

const leaves = Number(process.argv[2] ?? 100_000);
const perBlock = Number(process.argv[3] ?? 20_000);
const blocks = Number(process.argv[4] ?? 6);
// A block of transfers mostly touches existing accounts; a quarter of the keys are new.
const NEW_SHARE = 0.25;

function ms(t0: number): number {
  return Math.round(performance.now() - t0);
}

/** CPU ms of this process since `c0`: the machine is shared, so wall time alone overstates. */
function cpuMs(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return Math.round((d.user + d.system) / 1000);
}

function randomChanges(keys: Uint8Array[], n: number, newShare: number): SmtChange[] {
  const changes: SmtChange[] = [];
  for (let i = 0; i < n; i++) {
    const isNew = Math.random() < newShare;
    const key = isNew ? new Uint8Array(randomBytes(32)) : keys[Math.floor(Math.random() * keys.length)]!;
    if (isNew) keys.push(key);
    changes.push({ key, valueHash: new Uint8Array(randomBytes(32)) });
  }
  return changes;
}

async function main(dir: string): Promise<void> {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: "view", valueEncoding: "view" });
  await db.open();
  try {
    const store = new LevelStore(db);
    const tree = new SparseMerkleTree(store);
    const keys: Uint8Array[] = [];
    let t0 = performance.now();
    const init = await tree.update(EMPTY_ROOT, randomChanges(keys, leaves, 1));
    console.log(`build ${leaves} leaves in one batch: ${ms(t0)} ms, ${init.nodes.length} nodes`);
    await store.put(init.nodes);

    let root = init.root;
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let b = 0; b < blocks; b++) {
      const before = keys.length;
      const changes = randomChanges(keys, perBlock, NEW_SHARE);
      store.reads = 0;
      t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = await tree.update(root, changes);
      wall.push(ms(t0));
      cpu.push(cpuMs(c0));
      t0 = performance.now();
      await store.put(r.nodes);
      root = r.root;
      console.log(
        `block ${b}: ${perBlock} keys over ${before} leaves: update ${wall[b]} ms wall / ${cpu[b]} ms cpu, ` +
          `${r.nodes.length} new nodes, ${store.reads} store reads; LevelDB batch write ${ms(t0)} ms`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`warm cache: median update ${median(wall)} ms wall, ${median(cpu)} ms cpu`);

    // Cold: a freshly opened tree (as after a restart) reads every touched node from LevelDB.
    const cold = new SparseMerkleTree(store);
    const changes = randomChanges(keys, perBlock, NEW_SHARE);
    store.reads = 0;
    t0 = performance.now();
    const c0 = process.cpuUsage();
    await cold.update(root, changes);
    console.log(`cold cache: update ${perBlock} keys: ${ms(t0)} ms wall / ${cpuMs(c0)} ms cpu, ${store.reads} store reads`);

    const sample = keys.slice(0, 20_000);
    t0 = performance.now();
    for (const k of sample) await tree.get(root, k);
    console.log(`get: ${sample.length} reads in ${ms(t0)} ms`);
    t0 = performance.now();
    for (const k of sample.slice(0, 5_000)) await tree.prove(root, k);
    console.log(`prove: 5,000 proofs in ${ms(t0)} ms`);
    const mem = process.memoryUsage();
    console.log(`heap used ${Math.round(mem.heapUsed / 1e6)} MB, array buffers ${Math.round(mem.arrayBuffers / 1e6)} MB, rss ${Math.round(mem.rss / 1e6)} MB`);
  } finally {
    await db.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), "parley-smt-bench-"));
try {
  await main(dir);
} finally {
  await rm(dir, { recursive: true, force: true });
}
