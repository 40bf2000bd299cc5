#!/usr/bin/env node
// The `parley` command. The CLI is compiled by `npm ci` (the prepare script) into dist/ and needs
// Node >= 22 (Promise.withResolvers, ES2024). Started by an older Node (the system one, or npx's),
// this file re-runs itself with the Node 22 that the `node` npm package pins (a devDependency),
// or exits 3 with a clear message. Keep this file plain ES2020 so any Node can parse it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REQUIRED_MAJOR = 22;
const major = Number(process.versions.node.split(".")[0]);

function pinnedNode() {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  for (const candidate of [join(root, "node_modules/node/bin/node"), join(root, "node_modules/.bin/node")]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function tooOld(hint) {
  process.stderr.write(`parley needs Node >= ${REQUIRED_MAJOR}; this is Node ${process.versions.node} (${process.execPath}). ${hint}\n`);
  process.exit(3);
}

if (major >= REQUIRED_MAJOR) {
  await import("../dist/src/cli/main.js");
} else if (process.env.PARLEY_REEXEC === "1") {
  tooOld("The Node in node_modules/node is too old as well: run `npm install` again.");
} else {
  const node = pinnedNode();
  if (node === null) {
    tooOld(`Install Node ${REQUIRED_MAJOR}, or run \`npm install\` in the repo: it pins Node ${REQUIRED_MAJOR} in node_modules/node.`);
  }
  // PARLEY_REEXEC stops a loop should that binary be old too.
  // The V8 flags this process got (e.g. --max-semi-space-size) go to the Node that does the work.
  const child = spawn(node, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, PARLEY_REEXEC: "1" },
  });
  // The child owns the work: pass on the signals a user or a supervisor sends to this pid.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (e) => {
    process.stderr.write(`parley: cannot start ${node}: ${e.message}\n`);
    process.exit(3);
  });
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}
