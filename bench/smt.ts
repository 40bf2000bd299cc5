// State-tree benchmark (not part of npm test): a block's batch update over an existing tree.
// Run: npx tsc -p tsconfig.json; node dist/bench/smt.js [leaves] [changes] [blocks]
// Target from the design: 20,000 changed keys over 100,000 leaves well under 1 s.
import { randomBytes } from "node:crypto";
import { EMPTY_ROOT, SparseMerkleTree, type SmtChange, type SmtNodeStore, type SmtNodeWrite } from "../src/chain/state/smt.js";

class MemStore implements SmtNodeStore {
  readonly map = new Map<string, Uint8Array>();
  reads = 0;
  async get(hash: Uint8Array): Promise<Uint8Array | undefined> {
    this.reads++;
    return this.map.get(Buffer.from(hash).toString("latin1"));
  }
  put(nodes: readonly SmtNodeWrite[]): void {
    for (const n of nodes) this.map.set(Buffer.from(n.hash).toString("latin1"), n.bytes);
  }
}

const leaves = Number(process.argv[2] ?? 100_000);
const perBlock = Number(process.argv[3] ?? 20_000);
const blocks = Number(process.argv[4] ?? 5);
// A block of transfers mostly touches existing accounts; a quarter of the keys are new.
const NEW_SHARE = 0.25;

function ms(t0: number): number {
  return Math.round((performance.now() - t0) * 10) / 10;
}

/** CPU ms of this process since `c0`: the machine is shared, so wall time alone overstates. */
function cpuMs(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return Math.round((d.user + d.system) / 100) / 10;
}

async function main(): Promise<void> {
  const store = new MemStore();
  const tree = new SparseMerkleTree(store);
  const keys: Uint8Array[] = Array.from({ length: leaves }, () => new Uint8Array(randomBytes(32)));
  let t0 = performance.now();
  const init = await tree.update(
    EMPTY_ROOT,
    keys.map((key) => ({ key, valueHash: new Uint8Array(randomBytes(32)) })),
  );
  store.put(init.nodes);
  console.log(`build ${leaves} leaves in one batch: ${ms(t0)} ms, ${init.nodes.length} nodes`);

  let root = init.root;
  const times: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const changes: SmtChange[] = [];
    const before = keys.length;
    for (let i = 0; i < perBlock; i++) {
      const isNew = Math.random() < NEW_SHARE;
      const key = isNew ? new Uint8Array(randomBytes(32)) : keys[Math.floor(Math.random() * keys.length)]!;
      if (isNew) keys.push(key);
      changes.push({ key, valueHash: new Uint8Array(randomBytes(32)) });
    }
    t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await tree.update(root, changes);
    const t = ms(t0);
    const cpu = cpuMs(c0);
    store.put(r.nodes);
    root = r.root;
    times.push(t);
    console.log(`block ${b}: update ${perBlock} keys over ~${before} leaves: ${t} ms wall, ${cpu} ms cpu, ${r.nodes.length} new nodes`);
  }
  times.sort((a, b) => a - b);
  console.log(`warm cache: median ${times[Math.floor(times.length / 2)]} ms wall`);

  // Cold: a freshly opened tree (as after a restart) must read every touched node from the store.
  const cold = new SparseMerkleTree(store);
  const changes: SmtChange[] = Array.from({ length: perBlock }, () => ({
    key: keys[Math.floor(Math.random() * keys.length)]!,
    valueHash: new Uint8Array(randomBytes(32)),
  }));
  store.reads = 0;
  t0 = performance.now();
  const c0 = process.cpuUsage();
  await cold.update(root, changes);
  console.log(`cold cache (in-memory store): update ${perBlock} keys: ${ms(t0)} ms wall, ${cpuMs(c0)} ms cpu, ${store.reads} store reads`);

  const reads = keys.slice(0, 20_000);
  t0 = performance.now();
  for (const k of reads) await tree.get(root, k);
  console.log(`get: ${reads.length} reads in ${ms(t0)} ms`);
  t0 = performance.now();
  for (const k of reads.slice(0, 5_000)) await tree.prove(root, k);
  console.log(`prove: 5000 proofs in ${ms(t0)} ms`);
  const mem = process.memoryUsage();
  console.log(`heap used ${Math.round(mem.heapUsed / 1e6)} MB, rss ${Math.round(mem.rss / 1e6)} MB`);
}

await main();
