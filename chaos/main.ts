// `npm run chaos -- <manifest.json> | --random --seed S --minutes M` : one chaos scenario over
// real node processes, then the invariants. Exit code 0 when every invariant held, 1 when one
// did not, 2 when the harness could not run (bad arguments or manifest, nodes would not start).
import { readFileSync } from "node:fs";
import { ChaosError } from "./errors.js";
import { FAULT_DESCRIPTIONS, parseManifest, type ChaosManifest } from "./manifest.js";
import { randomManifest } from "./random-manifest.js";
import { formatReport, runAndReport } from "./runner.js";

const USAGE = `usage:
  npm run chaos -- <manifest.json> [options]
  npm run chaos -- --random --seed S --minutes M [--validators N] [--full-nodes N] [--light-nodes N]
                   [--all-kinds] [--root-kinds] [options]
random:
  --all-kinds        also slow, lossy, capped, oneway (every link proxied), skew and byzantine
                     (without it a seed gives the manifest it always gave: the old kinds only)
  --root-kinds       also partition, cut, flap (nodes in network namespaces) and diskfull
                     (tmpfs data dirs); needs root. Use both for every kind.
options:
  --dir D            run directory (default: a new temp dir)
  --keep             keep the run directory (a failed run always keeps it)
  --json             print the report as JSON
  --print-manifest   print the (generated) manifest and exit
  --log-level L      node log level (default warn)
faults:
${Object.entries(FAULT_DESCRIPTIONS).map(([k, v]) => `  ${k.padEnd(11)}${v}`).join("\n")}`;

interface Args {
  manifest: ChaosManifest;
  dir?: string;
  keep: boolean;
  json: boolean;
  printManifest: boolean;
  logLevel?: string;
}

function parseArgs(argv: string[]): Args {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  const valued = new Set(["--seed", "--minutes", "--validators", "--full-nodes", "--light-nodes", "--dir", "--log-level"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) positional.push(a);
    else if (valued.has(a)) {
      const v = argv[++i];
      if (v === undefined) throw new ChaosError({ code: "BAD_ARGS", reason: `${a} needs a value` });
      flags.set(a, v);
    } else if (["--random", "--keep", "--json", "--print-manifest", "--all-kinds", "--root-kinds"].includes(a)) flags.set(a, true);
    else throw new ChaosError({ code: "BAD_ARGS", reason: `unknown option ${a}` });
  }
  const int = (name: string, fallback?: number): number => {
    const v = flags.get(name);
    if (v === undefined && fallback !== undefined) return fallback;
    const n = Number(v);
    if (typeof v !== "string" || !Number.isFinite(n) || n < 0) throw new ChaosError({ code: "BAD_ARGS", reason: `${name} needs a non-negative number` });
    return n;
  };
  let manifest: ChaosManifest;
  if (flags.has("--random")) {
    if (positional.length > 0) throw new ChaosError({ code: "BAD_ARGS", reason: "--random takes no manifest file" });
    const fullNodes = flags.has("--full-nodes") ? int("--full-nodes") : undefined;
    manifest = randomManifest({
      seed: int("--seed"), minutes: int("--minutes"), validators: int("--validators", 4), lightNodes: int("--light-nodes", 0),
      allKinds: flags.has("--all-kinds"), rootKinds: flags.has("--root-kinds"), ...(fullNodes === undefined ? {} : { fullNodes }),
    });
  } else {
    if (flags.has("--all-kinds") || flags.has("--root-kinds")) throw new ChaosError({ code: "BAD_ARGS", reason: "--all-kinds and --root-kinds are for --random" });
    if (positional.length !== 1) throw new ChaosError({ code: "BAD_ARGS", reason: "give one manifest file, or --random" });
    let text: string;
    try {
      text = readFileSync(positional[0]!, "utf8");
    } catch (e) {
      throw new ChaosError({ code: "BAD_ARGS", reason: `cannot read ${positional[0]}: ${(e as Error).message}` });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ChaosError({ code: "BAD_MANIFEST", field: "", reason: `not JSON: ${(e as Error).message}` });
    }
    manifest = parseManifest(raw);
  }
  const dir = flags.get("--dir");
  const logLevel = flags.get("--log-level");
  return {
    manifest,
    ...(typeof dir === "string" ? { dir } : {}),
    ...(typeof logLevel === "string" ? { logLevel } : {}),
    keep: flags.has("--keep"), json: flags.has("--json"), printManifest: flags.has("--print-manifest"),
  };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help")) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof ChaosError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.printManifest) {
    process.stdout.write(JSON.stringify(args.manifest, null, 2) + "\n");
    return 0;
  }
  const log = (line: string): void => void process.stderr.write(`[chaos] ${line}\n`);
  // Ctrl-C or SIGTERM ends the run early; the runner's finally stops every node, link proxy and
  // tmpfs it started (namespaces have their own handlers in netns.ts).
  const abort = new AbortController();
  // The listener stays installed (not `once`): netns.ts's own handler exits the process at
  // once when it is the only listener, which would skip the runner's cleanup. A second signal
  // exits now (the exit handlers still remove namespaces and tmpfs mounts).
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (abort.signal.aborted) process.exit(128 + (sig === "SIGINT" ? 2 : 15));
      log(`${sig === "SIGINT" ? "interrupted" : "terminated"}; stopping nodes`);
      abort.abort();
    });
  }
  try {
    const report = await runAndReport(args.manifest, { ...args, log, signal: abort.signal });
    process.stdout.write((args.json ? JSON.stringify(report, null, 2) : formatReport(report)) + "\n");
    return report.ok ? 0 : 1;
  } catch (e) {
    // A ChaosError says what the harness could not do; anything else is a bug here: show where.
    process.stderr.write(`chaos harness failed: ${e instanceof ChaosError ? e.message : e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 2;
  }
}

process.exitCode = await main();
