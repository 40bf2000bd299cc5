// node dist/bench/profile-top.js FILE.cpuprofile [--top 25] [--by function|file|package]
// Self time per function of a V8 CPU profile (as written by --cpu-prof), largest first, with its
// share of the non-idle samples: the "top items" of a busy node without opening DevTools.
// `--by package` sums it per npm package (node_modules/<name>), per directory of our own code
// (dist/src/<dir>) and per V8/Node built-in: where a node's time goes by layer (gossip, noise,
// LevelDB, our chain code), which no single function shows.
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

type Grouping = "function" | "file" | "package";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" }, by: { type: "string", default: "function" } },
});
const by = values.by as Grouping;
if (!["function", "file", "package"].includes(by)) throw new Error(`--by ${by}: one of function, file, package`);

/** The row a sample is counted under. */
function rowOf(n: ProfileNode): string {
  const name = n.callFrame.functionName || "(anonymous)";
  const url = n.callFrame.url;
  if (by === "function") {
    const where = url === "" ? "" : ` ${url.replace(/^.*\/(node_modules|dist)\//, "$1/")}:${n.callFrame.lineNumber + 1}`;
    return name + where;
  }
  // V8 entries with no script: (garbage collector), (program), native builtins.
  if (url === "") return name.startsWith("(") ? name : "(native)";
  if (url.startsWith("node:")) return by === "file" ? url : "node: built-ins";
  const pkg = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pkg) return by === "file" ? `${pkg[1]}/${pkg[2]}` : pkg[1]!;
  const own = /\/dist\/(.*)$/.exec(url);
  if (own) return by === "file" ? own[1]! : own[1]!.replace(/\/[^/]+$/, "/");
  return url;
}

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
    if (n.callFrame.functionName === "(idle)") {
      idleUs += dt;
      return;
    }
    busyUs += dt;
    const key = rowOf(n);
    selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
  });
  process.stdout.write(`${file}: busy ${(busyUs / 1000).toFixed(0)} ms, idle ${(idleUs / 1000).toFixed(0)} ms\n`);
  const rows = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
  for (const [key, us] of rows) process.stdout.write(`  ${((100 * us) / busyUs).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}\n`);
}
