import type { Argv } from "yargs";
import { readFileSync, existsSync } from "node:fs";
import { parseGenesis } from "../../chain/genesis.js";
import { ParleyNode } from "../../node/node.js";
import type { BlobLimits } from "../../node/blobs/limits.js";
import { LOG_LEVELS, type LogLevel } from "../../util/logger.js";
import { cliError, loadKey, reportError, run } from "../common.js";
import { parseAllowlistFlag } from "../../network/allowlist.js";
import { appOptions, appServeFromArgs, type AppArgs } from "../app-options.js";
import { withConfigFile } from "../config-file.js";

export interface NodeArgs extends AppArgs {
  dataDir: string;
  genesis: string;
  key?: string;
  rpcHost: string;
  rpcPort: number;
  logLevel: LogLevel;
  enableAdmin: boolean;
  adminOrigins?: string;
  adminTokenFile?: string;
  p2pPort?: number;
  p2pHost?: string;
  peers?: string;
  allowPeers?: string;
  p2pKey?: string;
  blobMaxMb?: number;
  blobQuotaMb?: number;
  blobStoreMb?: number;
  blobRetentionHours?: number;
  stateHistory?: number;
}

const MiB = 1024 * 1024;

/** --blob-*: the file-blob store's bounds (docs/OPERATIONS.md "File blobs"); absent = defaults. */
function blobLimitsFromArgs(a: NodeArgs): Partial<BlobLimits> {
  const out: Partial<BlobLimits> = {};
  const positive = (v: number | undefined, flag: string): number | undefined => {
    if (v === undefined) return undefined;
    if (!Number.isFinite(v) || v <= 0) throw cliError(`--${flag} must be a positive number`);
    return v;
  };
  const max = positive(a.blobMaxMb, "blob-max-mb");
  // The cap is on the file; its blob carries 16 bytes per 64 KiB chunk more.
  if (max !== undefined) out.maxBlobBytes = Math.floor(max * MiB * (1 + 16 / 65536)) + 16;
  const quota = positive(a.blobQuotaMb, "blob-quota-mb");
  if (quota !== undefined) out.accountQuotaBytes = Math.floor(quota * MiB);
  const store = positive(a.blobStoreMb, "blob-store-mb");
  if (store !== undefined) out.maxTotalBytes = Math.floor(store * MiB);
  const hours = positive(a.blobRetentionHours, "blob-retention-hours");
  if (hours !== undefined) out.retentionMs = Math.floor(hours * 3600_000);
  return out;
}

/** --state-history: heights whose state-tree nodes stay whole (docs/OPERATIONS.md); absent = the default. */
function stateHistoryFromArgs(v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v < 0) throw cliError("--state-history must be a whole number of heights (0 keeps every height)");
  return v;
}

/**
 * --allow-peers: a file (re-read while running; docs/OPERATIONS.md "Allowlists") or a comma list
 * of peer ids and addresses. Either way the chain's validators are allowed as well.
 */
function allowPeersOptions(v: string | undefined): { allowPeers: string[] | null; allowPeersFile?: string } {
  if (v === undefined) return { allowPeers: null };
  if (existsSync(v)) return { allowPeers: [], allowPeersFile: v };
  let entries;
  try {
    entries = parseAllowlistFlag(v); // a bad entry stops the node here, named
  } catch (e) {
    // A single word that is no entry is most likely a mistyped file name.
    if (!v.includes(",")) throw cliError(`--allow-peers: no file ${v}, and "${v}" is neither a peer id nor an address`);
    throw e;
  }
  if (entries.length === 0) throw cliError("--allow-peers names no peer ids or addresses (nor an existing file)");
  return { allowPeers: entries.map((e) => e.text) };
}

// A shorter admin token could be guessed by a page that may try as often as it likes.
const MIN_ADMIN_TOKEN = 16;

/** --admin-origins: comma-separated browser origins, each exactly as a browser sends it. */
function parseAdminOrigins(v: string | undefined): string[] {
  if (v === undefined) return [];
  const list = v.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  for (const origin of list) {
    let canonical: string | null = null;
    try {
      canonical = new URL(origin).origin;
    } catch {
      canonical = null;
    }
    if (canonical !== origin) throw cliError(`--admin-origins: "${origin}" is not an origin; write it as scheme://host[:port], e.g. ${canonical ?? "https://ops.example"}`);
  }
  return list;
}

/** --admin-token-file: the token is the file's first line (a file, so it stays out of `ps`). */
function readAdminToken(path: string | undefined): string | null {
  if (path === undefined) return null;
  if (!existsSync(path)) throw cliError(`--admin-token-file: no such file: ${path}`);
  const token = readFileSync(path, "utf8").split("\n")[0]!.trim();
  if (token.length < MIN_ADMIN_TOKEN) throw cliError(`--admin-token-file: the token must be at least ${MIN_ADMIN_TOKEN} characters`);
  return token;
}

export async function startNodeFromArgs(a: NodeArgs): Promise<ParleyNode> {
  if (!a.enableAdmin && (a.adminOrigins !== undefined || a.adminTokenFile !== undefined)) {
    throw cliError("--admin-origins and --admin-token-file apply to admin methods: add --enable-admin");
  }
  const adminOrigins = parseAdminOrigins(a.adminOrigins);
  const adminToken = readAdminToken(a.adminTokenFile);
  if (!existsSync(a.genesis)) throw cliError(`genesis file not found: ${a.genesis} (create a dev chain with: parley init)`);
  const genesis = parseGenesis(readFileSync(a.genesis, "utf8"));
  const identity = a.key ? await loadKey(a.key) : null;
  return ParleyNode.start({
    dataDir: a.dataDir,
    genesis,
    identity,
    rpc: { host: a.rpcHost, port: a.rpcPort, enableAdmin: a.enableAdmin, adminOrigins, adminToken },
    logLevel: a.logLevel,
    app: appServeFromArgs(a),
    blobs: blobLimitsFromArgs(a),
    stateHistory: stateHistoryFromArgs(a.stateHistory),
    p2pIdentity: a.p2pKey ? await loadKey(a.p2pKey) : null,
    p2p: a.p2pPort !== undefined || a.peers
      ? { host: a.p2pHost ?? "127.0.0.1", port: a.p2pPort ?? 0, peers: (a.peers ?? "").split(",").map((p) => p.trim()).filter((p) => p.length > 0), ...allowPeersOptions(a.allowPeers) }
      : null,
  });
}

/** Stops the node cleanly on SIGINT/SIGTERM; a second signal exits at once. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (): void => {
    if (stopping) process.exit(1);
    stopping = true;
    stop().then(() => process.exit(0), (e) => {
      process.stderr.write(`error while stopping: ${String(e)}\n`);
      process.exit(1);
    });
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

export function nodeOptions<T>(y: Argv<T>) {
  return appOptions(y
    .option("data-dir", { type: "string", demandOption: true, describe: "Where the chain is stored (LevelDB)" })
    .option("genesis", { type: "string", demandOption: true, describe: "genesis.json of the chain" })
    .option("key", { type: "string", describe: "Validator key file; omit to run a follower (full node)" })
    .option("rpc-host", { type: "string", default: "127.0.0.1" })
    .option("rpc-port", { type: "number", default: 8645, describe: "JSON-RPC port (HTTP and WebSocket); 0 = any free port" })
    .option("enable-admin", { type: "boolean", default: false, describe: "Serve admin_* methods (fault drills); browsers are refused unless --admin-origins lists them" })
    .option("admin-origins", { type: "string", describe: "Comma-separated browser origins (scheme://host[:port]) allowed to call admin methods" })
    .option("admin-token-file", { type: "string", describe: "File holding a token admin calls must send as Authorization: Bearer <token>" })
    .option("p2p-port", { type: "number", describe: "libp2p TCP port (0 = any); enables p2p" })
    .option("p2p-host", { type: "string", default: "127.0.0.1", describe: "Address to listen on for peers" })
    .option("peers", { type: "string", describe: "Comma-separated multiaddrs of peers to dial (/ip4/.../tcp/.../p2p/<id>)" })
    .option("p2p-key", { type: "string", describe: "p2p identity of a non-validator node, a key file as `keys new` writes (default: <data-dir>/p2p.key)" })
    .option("allow-peers", { type: "string", describe: "Consortium allowlist: a file (re-read on change and SIGHUP) or comma-separated peer ids/addresses; validators are always allowed" })
    .option("blob-max-mb", { type: "number", describe: "Largest file a blob may carry, MiB (default 100)" })
    .option("blob-quota-mb", { type: "number", describe: "Blob bytes one account may have stored on this node, MiB (default 1024)" })
    .option("blob-store-mb", { type: "number", describe: "Blob bytes this node stores in all, MiB (default 20480)" })
    .option("blob-retention-hours", { type: "number", describe: "Hours a blob is kept before eviction (default 720 = 30 days)" })
    .option("state-history", { type: "number", describe: "Keep superseded state-tree nodes for this many heights, then delete them (0 = keep all; default 0)" })
    .option("log-level", { choices: LOG_LEVELS, default: "info" as LogLevel }));
}

export function nodeCommand(y: Argv): Argv {
  return y.command("node", "Run a node", (a) => withConfigFile(nodeOptions(a), nodeOptions),
    run(async (a) => {
      let node: ParleyNode;
      try {
        node = await startNodeFromArgs(a as unknown as NodeArgs);
      } catch (e) {
        // A start that failed half-way (e.g. p2p port taken after RPC was listening) can leave
        // handles open that keep the process alive forever: report and exit instead of hanging.
        reportError(e);
        process.exit(1);
      }
      process.stdout.write(`rpc: ${node.rpcUrl}\nws:  ${node.wsUrl}\n`);
      if (node.appUrl) process.stdout.write(`app: ${node.appUrl}\n`);
      for (const addr of node.p2pAddrs) process.stdout.write(`p2p: ${addr}\n`);
      stopOnSignals(() => node.stop());
      // SIGHUP re-reads the allowlist file (a bad file keeps the old list; the node logs why).
      process.on("SIGHUP", () => void node.allowlistControl()?.reload("SIGHUP").catch(() => undefined));
      // The node stopped itself (a failed write): it is already closed, exit non-zero.
      node.onFatal(() => process.exit(1));
      await new Promise(() => undefined);
    }));
}
