// Disk gauges for the data dir, computed when Prometheus scrapes (not on a timer): the bytes the
// node's files take and the free and total bytes of the filesystem that holds them, so an alert
// can fire before LevelDB fails a write on a full disk (ops/prometheus/parley-alerts.yml).
import { readdir, stat, statfs } from "node:fs/promises";
import { join } from "node:path";
import { Gauge, type Registry } from "prom-client";

/** Bytes of every regular file under `dir` (LevelDB, keys, WAL); a file that vanishes mid-walk counts 0. */
export async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += await treeBytes(path);
    else if (e.isFile()) total += await stat(path).then((s) => s.size, () => 0);
  }
  return total;
}

export function registerDiskMetrics(registry: Registry, dataDir: string): void {
  new Gauge({
    name: "parley_data_dir_bytes",
    help: "Bytes of the files in the node's data dir",
    registers: [registry],
    async collect() {
      this.set(await treeBytes(dataDir));
    },
  });
  const fs = () => statfs(dataDir).catch(() => null);
  new Gauge({
    name: "parley_disk_free_bytes",
    help: "Bytes available to the node on the filesystem of its data dir",
    registers: [registry],
    async collect() {
      const s = await fs();
      if (s !== null) this.set(s.bavail * s.bsize);
    },
  });
  new Gauge({
    name: "parley_disk_size_bytes",
    help: "Size in bytes of the filesystem of the node's data dir",
    registers: [registry],
    async collect() {
      const s = await fs();
      if (s !== null) this.set(s.blocks * s.bsize);
    },
  });
}

/** State-tree pruning (--state-history, docs/OPERATIONS.md "Disk"): only registered when the node prunes. */
export function registerPruningMetrics(registry: Registry, stats: () => { pending: number; deleted: number } | null): void {
  if (stats() === null) return;
  new Gauge({
    name: "parley_state_nodes_pending_prune",
    help: "Superseded state-tree nodes waiting for --state-history heights before deletion",
    registers: [registry],
    collect() {
      this.set(stats()?.pending ?? 0);
    },
  });
  new Gauge({
    name: "parley_state_nodes_pruned",
    help: "Superseded state-tree nodes deleted since the node started",
    registers: [registry],
    collect() {
      this.set(stats()?.deleted ?? 0);
    },
  });
}
