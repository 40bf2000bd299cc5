// The layer rule of ARCHITECTURE.md §1: a lower folder never imports a higher one (it emits an
// event or takes an interface instead). Every relative import in src/ and chaos/ is checked
// against one table of which top-level folder may import which; a failure names the file and
// the import.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = resolve(import.meta.dirname, "../..");

const BASE = ["src/util", "src/crypto", "src/chain"] as const;
const ALL_SRC = [...BASE, "src/consensus", "src/mempool", "src/messaging", "src/network", "src/rpc", "src/light", "src/client", "src/app", "src/node", "src/cli"] as const;

// Lowest first. A folder may always import itself, plus the folders of its row.
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  "src/util": [],
  "src/crypto": ["src/util"],
  "src/chain": ["src/util", "src/crypto"],
  "src/messaging": BASE,
  "src/consensus": BASE,
  "src/mempool": BASE,
  "src/network": BASE,
  "src/rpc": [...BASE, "src/consensus", "src/mempool", "src/messaging", "src/network"],
  // The light node serves the same read RPC as a full node, but is not one: no src/node.
  "src/light": [...BASE, "src/consensus", "src/messaging", "src/network", "src/rpc"],
  // The browser-safe SDK: nothing node-side. It verifies with the light node's own pure files
  // (header chain, proofs, queries: one implementation, issue "A chat app people can open") and
  // their wire format in src/network/light-protocol.ts; the app's browser build (esbuild, run
  // by npm test) fails on any node: import they might pull in.
  "src/client": [...BASE, "src/messaging", "src/network", "src/light"],
  // The web app runs in the browser on the SDK alone.
  "src/app": [...BASE, "src/messaging", "src/client"],
  // The full node assembles everything below it; it uses no SDK and no light node.
  "src/node": [...BASE, "src/consensus", "src/mempool", "src/messaging", "src/network", "src/rpc"],
  "src/cli": ALL_SRC,
  // The chaos harness is a tool that drives nodes from outside: it may use src/, never the reverse.
  chaos: ALL_SRC,
};

// Imports that break the table today, each with what removes it. An entry that no longer occurs
// fails the test too, so this list only shrinks.
const KNOWN_VIOLATIONS: ReadonlyArray<{ from: string; to: string; why: string }> = [
];

/** The module specifiers a TypeScript file imports or re-exports (static and dynamic). */
function importsOf(source: string): string[] {
  const code = source
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join("\n");
  const specs: string[] = [];
  for (const m of code.matchAll(/\b(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) specs.push(m[1]!);
  return specs;
}

/** "src/chain" for src/chain/state/smt/tree.ts, "chaos" for chaos/main.ts. */
function folderOf(repoPath: string): string {
  const parts = repoPath.split("/");
  return parts[0] === "src" ? `src/${parts[1]}` : parts[0]!;
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(REPO, join(e.parentPath, e.name)).split("\\").join("/"));
}

interface Edge {
  file: string;
  spec: string;
  from: string;
  to: string;
}

function crossFolderImports(): Edge[] {
  const edges: Edge[] = [];
  for (const file of [...tsFiles("src"), ...tsFiles("chaos")]) {
    for (const spec of importsOf(readFileSync(join(REPO, file), "utf8"))) {
      if (!spec.startsWith(".")) continue; // packages and node: builtins
      const target = relative(REPO, resolve(REPO, dirname(file), spec)).split("\\").join("/");
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to) edges.push({ file, spec, from, to });
    }
  }
  return edges;
}

const isKnown = (e: Edge): boolean => KNOWN_VIOLATIONS.some((k) => k.from === e.from && k.to === e.to);
const allowed = (e: Edge): boolean => (MAY_IMPORT[e.from] ?? []).includes(e.to);

describe("layers", () => {
  it("reads single-line, multi-line, re-exported and dynamic imports, and skips comments", () => {
    const src = [
      'import { a } from "../a.js";',
      "import {",
      "  b,",
      '} from "../b.js";',
      'export * from "./c.js";',
      'import type { D } from "../d.js";',
      'const e = await import("../e.js");',
      'import "./f.js";',
      '// import { g } from "../g.js";',
      ' * see import "../h.js"',
    ].join("\n");
    expect(importsOf(src)).toEqual(["../a.js", "../b.js", "./c.js", "../d.js", "../e.js", "./f.js"]);
  });

  it("every top-level folder of src/ has a row in the table", () => {
    const folders = readdirSync(join(REPO, "src"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `src/${e.name}`);
    expect(folders.filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });

  it("no folder imports one above it (the offending imports are listed)", () => {
    const edges = crossFolderImports();
    // The scan sees the graph at all: the node does import the chain.
    expect(edges.some((e) => e.from === "src/node" && e.to === "src/chain")).toBe(true);
    const offending = edges.filter((e) => !allowed(e) && !isKnown(e)).map((e) => `${e.file}: import "${e.spec}" (${e.from} -> ${e.to})`);
    expect(offending).toEqual([]);
  });

  it("every known violation still occurs (delete its entry once it is fixed)", () => {
    const edges = crossFolderImports();
    const stale = KNOWN_VIOLATIONS.filter((k) => !edges.some((e) => e.from === k.from && e.to === k.to)).map((k) => `${k.from} -> ${k.to}`);
    expect(stale).toEqual([]);
  });
});
