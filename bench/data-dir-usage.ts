// What a stopped node's data dir holds (not part of npm test): keys and bytes per bucket, and
// how many state-tree nodes the head's tree still uses against how many are stored. Nodes are
// content-addressed and never deleted (src/chain/state/smt/tree.ts), so the difference is what
// pruning superseded nodes could free (docs/PERFORMANCE.md "Disk"; DECISIONS.md on pruning).
//   npx tsc -p tsconfig.json && node dist/bench/data-dir-usage.js <data dir> [--json]
// The node must be stopped (LevelDB allows one process per dir). Reads only.
import { ClassicLevel } from "classic-level";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Bucket, bucketKey } from "../src/chain/storage/buckets.js";
import { heightKey } from "../src/chain/storage/keys.js";
import { decodeHeader } from "../src/chain/block/codec.js";
import { reachableNodes } from "../src/chain/state/smt/walk.js";
import { toHex, utf8 } from "../src/util/bytes.js";

const dir = process.argv[2];
if (!dir || dir.startsWith("--")) {
  process.stderr.write("usage: node dist/bench/data-dir-usage.js <data dir> [--json]\n");
  process.exit(2);
}
const JSON_OUT = process.argv.includes("--json");
const BUCKET_NAMES = new Map<number, string>(Object.entries(Bucket).map(([name, byte]) => [byte, name]));

interface BucketUse {
  keys: number;
  keyBytes: number;
  valueBytes: number;
}

async function main(): Promise<void> {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(dir!, { keyEncoding: "view", valueEncoding: "view", createIfMissing: false });
  await db.open();
  try {
    const buckets = new Map<number, BucketUse>();
    for await (const [k, v] of db.iterator()) {
      const b = buckets.get(k[0]!) ?? { keys: 0, keyBytes: 0, valueBytes: 0 };
      b.keys++;
      b.keyBytes += k.length;
      b.valueBytes += v.length;
      buckets.set(k[0]!, b);
    }
    const headRaw = await db.get(bucketKey(Bucket.meta, utf8("head")));
    if (!headRaw) throw new Error("no head height: not a Parley data dir, or an empty one");
    const head = Number(new DataView(headRaw.buffer, headRaw.byteOffset, 8).getBigUint64(0));
    const headerRaw = await db.get(bucketKey(Bucket.header, heightKey(head)));
    const header = headerRaw ? decodeHeader(headerRaw) : null;
    if (!header?.ok) throw new Error(`head header ${head} missing or unreadable`);
    const walk = await reachableNodes({ get: (h) => db.get(bucketKey(Bucket.smtNode, h)), getMany: (hs) => db.getMany(hs.map((h) => bucketKey(Bucket.smtNode, h))) }, header.value.stateRoot);
    const live = { nodes: walk.hashes.size, leaves: walk.leaves };
    const stored = buckets.get(Bucket.smtNode)?.keys ?? 0;
    const files = dirFiles(dir!);
    const result = {
      dir, head_height: head, state_root: toHex(header.value.stateRoot), files_bytes: files.total, log_bytes: files.log, table_bytes: files.table, table_files: files.tables,
      buckets: Object.fromEntries([...buckets].sort((a, b) => a[0] - b[0]).map(([byte, u]) => [BUCKET_NAMES.get(byte) ?? `0x${byte.toString(16)}`, u])),
      smt_nodes_stored: stored, smt_nodes_live: live.nodes, smt_leaves_live: live.leaves, smt_nodes_superseded: stored - live.nodes,
      superseded_share: stored > 0 ? Number(((stored - live.nodes) / stored).toFixed(3)) : 0,
    };
    if (JSON_OUT) {
      process.stdout.write(JSON.stringify(result) + "\n");
      return;
    }
    const rows = [...buckets].sort((a, b) => a[0] - b[0]).map(([byte, u]) =>
      `  ${(BUCKET_NAMES.get(byte) ?? `0x${byte.toString(16)}`).padEnd(16)} ${String(u.keys).padStart(10)} ${String(u.keyBytes + u.valueBytes).padStart(13)}`);
    process.stdout.write(
      `${dir}: head ${head}, files ${files.total} bytes (${files.tables} tables ${files.table}, logs ${files.log})\n` +
      `  bucket                 keys   key+value bytes\n${rows.join("\n")}\n` +
      `state tree: ${stored} nodes stored, ${live.nodes} reachable from the head root (${live.leaves} leaves), ` +
      `${stored - live.nodes} superseded (${(result.superseded_share * 100).toFixed(1)}%)\n`,
    );
  } finally {
    await db.close();
  }
}

function dirFiles(d: string): { total: number; log: number; table: number; tables: number } {
  let total = 0, log = 0, table = 0, tables = 0;
  for (const name of readdirSync(d)) {
    const st = statSync(join(d, name));
    if (!st.isFile()) continue;
    total += st.size;
    if (name.endsWith(".log")) log += st.size;
    if (name.endsWith(".ldb")) {
      table += st.size;
      tables++;
    }
  }
  return { total, log, table, tables };
}

main().catch((e: unknown) => {
  process.stderr.write(`data-dir-usage failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
