// node dist/bench/profile-top.js FILE.cpuprofile [--top 25]
// Self time per function of a V8 CPU profile (as written by --cpu-prof), largest first, with its
// share of the non-idle samples: the "top items" of a busy node without opening DevTools.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" } } });
for (const file of positionals) {
  const prof = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, number>();
  let busyUs = 0;
  let idleUs = 0;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id);
    const dt = prof.timeDeltas[i] ?? 0;
    if (n === undefined) return;
    const name = n.callFrame.functionName || "(anonymous)";
    if (name === "(idle)" || name === "(program)") {
      if (name === "(idle)") idleUs += dt;
    }
    if (name === "(idle)") return;
    busyUs += dt;
    const where = n.callFrame.url === "" ? "" : ` ${n.callFrame.url.replace(/^.*\/(node_modules|dist)\//, "$1/")}:${n.callFrame.lineNumber + 1}`;
    const key = name + where;
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
  });
  process.stdout.write(`${file}: busy ${(busyUs / 1000).toFixed(0)} ms, idle ${(idleUs / 1000).toFixed(0)} ms\n`);
  const rows = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  for (const [key, us] of rows) process.stdout.write(`  ${((100 * us) / busyUs).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}\n`);
}
