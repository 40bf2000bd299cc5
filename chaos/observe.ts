// Reads what the invariants need from the running nodes: every block hash and tx id, balances,
// double-signing evidence, and every message as its recipient's SDK decrypts it.
import { ChatClient } from "../src/client/chat.js";
import type { Cluster, ClusterNode } from "./cluster.js";
import type { ActionView, BalanceSnapshot } from "./invariants.js";
import { ChaosError } from "./errors.js";
import type { NodeConnection } from "./link-coverage.js";
import type { LoadGenerator } from "./load.js";

// Blocks per JSON-RPC batch while scanning a chain (well under the server's 1000).
const SCAN_BATCH = 250;
// Entries per page when reading inboxes and channels (the RPC maximum).
const PAGE = 200;
// Bounds a page walk: 10,000 pages of 200 is more than any run sends.
const MAX_PAGES = 10_000;
// A batch of balance reads straddles a new block now and then; ten in a row means the chain
// is not bad luck (blocks come about once a second, a batch takes milliseconds).
const BALANCE_READ_ATTEMPTS = 10;

export interface ChainScan {
  hashes: string[];
  /** Block time (ms) at height h is times[h - 1]. */
  times: number[];
  txs: Map<string, Array<{ height: number; index: number }>>;
}

export async function scanChain(cluster: Cluster, node: ClusterNode, upTo: number): Promise<ChainScan> {
  const rpc = cluster.rpc(node, 60_000);
  const hashes: string[] = [];
  const times: number[] = [];
  const txs = new Map<string, Array<{ height: number; index: number }>>();
  for (let from = 1; from <= upTo; from += SCAN_BATCH) {
    const heights = Array.from({ length: Math.min(SCAN_BATCH, upTo - from + 1) }, (_, i) => from + i);
    const res = await rpc.batch(heights.map((h) => ({ method: "chain_getBlock", params: [h, "ids"] })));
    res.forEach((r, i) => {
      const b = r.result as { hash: string; time: number; txs: string[] } | undefined;
      if (!b) throw r.error ?? new ChaosError({ code: "NO_RESULT", node: node.name, request: `chain_getBlock ${heights[i]}` });
      hashes.push(b.hash);
      times.push(b.time);
      b.txs.forEach((id, index) => txs.set(id, [...(txs.get(id) ?? []), { height: heights[i]!, index }]));
    });
  }
  return { hashes, times, txs };
}

export async function headOf(cluster: Cluster, node: ClusterNode): Promise<{ height: number; hash: string }> {
  return cluster.rpc(node, 3_000).call<{ height: number; hash: string }>("chain_getHead");
}

/** Waits until every serving node reports the same head, stable for `stableMs`; null on timeout. */
export async function waitConverged(cluster: Cluster, timeoutMs: number, stableMs = 1_500): Promise<{ height: number; hash: string } | null> {
  const deadline = Date.now() + timeoutMs;
  let since = 0;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const heads = await Promise.all(cluster.serving().map((n) => headOf(cluster, n)));
      const key = heads.map((h) => h.hash).join();
      const same = heads.length > 0 && heads.every((h) => h.hash === heads[0]!.hash);
      if (same && key === last && Date.now() - since >= stableMs) return heads[0]!;
      if (key !== last) {
        last = key;
        since = Date.now();
      }
    } catch {
      last = "";
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

/**
 * Balances of `addresses` and the records of `actionIds`, read in one batch at one head height
 * (retried if a block lands mid-batch), so locked amounts and balances add up at one state.
 */
const BATCH_CHUNK = 500;

async function batched(rpc: ReturnType<Cluster["rpc"]>, calls: Array<{ method: string; params: unknown[] }>): Promise<Awaited<ReturnType<ReturnType<Cluster["rpc"]>["batch"]>>> {
  const out: Awaited<ReturnType<ReturnType<Cluster["rpc"]>["batch"]>> = [];
  for (let i = 0; i < calls.length; i += BATCH_CHUNK) out.push(...(await rpc.batch(calls.slice(i, i + BATCH_CHUNK))));
  return out;
}

export async function readBalances(cluster: Cluster, node: ClusterNode, addresses: readonly string[], actionIds: readonly string[] = [], asset: string | null = null): Promise<BalanceSnapshot> {
  const rpc = cluster.rpc(node, 30_000);
  // asset_get and asset_balance carry no height: the head read before and after them (first and
  // last in the batch) must be the accounts' height, so no block landed in between.
  const assetCalls = asset === null ? [] : [
    { method: "chain_getHead", params: [] },
    { method: "asset_get", params: [asset] },
    ...addresses.map((a) => ({ method: "asset_balance", params: [a, asset] })),
    { method: "chain_getHead", params: [] },
  ];
  for (let attempt = 0; attempt < BALANCE_READ_ATTEMPTS; attempt++) {
    // Chunked: a node answers at most 1000 requests per batch (BATCH_TOO_LARGE; a 30-minute run
    // with actions passed it). Every answer carries its height, checked equal below across chunks.
    const res = await batched(rpc, [
      ...assetCalls.slice(0, 1),
      ...addresses.map((a) => ({ method: "account_get", params: [a] })),
      ...actionIds.map((id) => ({ method: "action_get", params: [id] })),
      ...assetCalls.slice(1),
    ]);
    const first = asset === null ? 0 : 1;
    const accts = res.slice(first, first + addresses.length);
    const vals = accts.map((r) => r.result as { balance: string; height: number } | undefined);
    if (vals.some((v) => v === undefined)) throw accts.find((r) => r.error)?.error ?? new ChaosError({ code: "NO_RESULT", node: node.name, request: "account_get" });
    // ACTION_NOT_FOUND (or any refusal) reads as "no record": the invariants name it.
    const records = res.slice(first + addresses.length, first + addresses.length + actionIds.length).map((r) => (r.result as (ActionView & { height: number }) | undefined) ?? null);
    const assetRes = res.slice(first + addresses.length + actionIds.length);
    const heads = asset === null ? [] : [res[0]!, assetRes[assetRes.length - 1]!].map((r) => (r.result as { height: number } | undefined)?.height ?? -1);
    const heights = new Set([...vals.map((v) => v!.height), ...records.flatMap((r) => (r ? [r.height] : [])), ...heads]);
    if (heights.size === 1) {
      const actions = new Map(actionIds.map((id, i) => [id, records[i]!] as const));
      const snap: BalanceSnapshot = { height: vals[0]!.height, balances: vals.map((v) => v!.balance), actions };
      if (asset === null) return snap;
      const info = assetRes[0]!.result as { supply: string; symbol: string } | undefined;
      const held = assetRes.slice(1, 1 + addresses.length).map((r) => (r.result as { balance: string } | undefined)?.balance);
      if (!info || held.some((b) => b === undefined)) throw (assetRes.find((r) => r.error)?.error ?? new ChaosError({ code: "NO_RESULT", node: node.name, request: "asset_balance" }));
      return { ...snap, assets: [{ id: asset, symbol: info.symbol, supply: info.supply, holdings: held as string[] }] };
    }
  }
  throw new ChaosError({ code: "UNSTABLE_READ", node: node.name, what: "balances at one height", attempts: BALANCE_READ_ATTEMPTS });
}

/**
 * Polls one node until none of `actionIds` is open (a time wake makes its own block, so each
 * settles by its last deadline); returns how many are still open at `timeoutMs`.
 */
export async function waitActionsClosed(cluster: Cluster, actionIds: readonly string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let open = actionIds.length;
  while (Date.now() < deadline) {
    try {
      const node = cluster.serving()[0];
      if (!node) break;
      const res = await batched(cluster.rpc(node, 10_000), actionIds.map((id) => ({ method: "action_get", params: [id] })));
      open = res.filter((r) => (r.result as ActionView | undefined)?.status === "open").length;
      if (open === 0) return 0;
    } catch {
      // a node going away mid-read: ask again
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return open;
}

/** The validator address of each double-signing record the node holds. */
export async function evidenceOn(cluster: Cluster, node: ClusterNode): Promise<string[]> {
  const r = await cluster.rpc(node).call<{ evidence: Array<{ validator: string }> }>("consensus_evidence", [1000]);
  return r.evidence.map((e) => e.validator);
}

/** What the node holds against its peers, and its open connections (admin_networkStatus `standing`, `connections`). */
export async function networkStatusOn(cluster: Cluster, node: ClusterNode): Promise<{ standing: Array<{ peer: string; strikes: number; bannedForMs: number }>; connections: NodeConnection[] }> {
  return cluster.rpc(node).call<{ standing: Array<{ peer: string; strikes: number; bannedForMs: number }>; connections: NodeConnection[] }>("admin_networkStatus");
}

/**
 * Every direct message, memo and channel post the load expects, as the recipient reads it
 * through the chat SDK (pages verified, envelopes opened): tx id -> text (null when it could
 * not be opened). Readers are spread over the nodes.
 */
export async function readMessages(cluster: Cluster, load: LoadGenerator): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const nodes = cluster.serving();
  let turn = 0;
  const nextChat = (): ChatClient => new ChatClient(cluster.rpcUrl(nodes[turn++ % nodes.length]!));
  const recipients = new Set(load.expected.filter((e) => e.to !== null).map((e) => e.to!));
  for (const r of recipients) {
    const chat = nextChat();
    let before: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const p = await chat.readInbox(load.identity(r), before === undefined ? { limit: PAGE } : { limit: PAGE, before });
      for (const m of p.messages) if (m.direction === "in") out.set(m.id, m.text);
      if (p.older === null || p.messages.length === 0) break;
      before = p.older;
    }
  }
  for (let ci = 0; ci < load.channels.length; ci++) {
    const c = load.channels[ci]!;
    // A member other than the owner where there is one: the owner wrapped the keys itself.
    const reader = c.members[c.members.length - 1]!;
    const chat = nextChat();
    let before: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const p = await chat.readChannel(load.identity(reader), c.id, before === undefined ? { limit: PAGE } : { limit: PAGE, before });
      for (const e of p.entries) if (e.kind === "post") out.set(e.id, e.text);
      if (p.older === null || p.entries.length === 0) break;
      before = p.older;
    }
  }
  return out;
}
