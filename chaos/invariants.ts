// The invariants checked after every chaos scenario, as pure functions over what the harness
// observed (so each can be tested against a hand-made violation). Each returns one named
// result; the runner reports all of them, held or not.

export interface InvariantResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** Per node: block hash at height h is hashes[h - 1]. */
export type ChainHashes = ReadonlyMap<string, readonly string[]>;
/** Per node: tx id -> every (height, index) it occupies in that node's chain. */
export type ChainTxs = ReadonlyMap<string, ReadonlyMap<string, ReadonlyArray<{ height: number; index: number }>>>;

const MAX_LISTED = 5;

export function listed(items: readonly string[]): string {
  return items.slice(0, MAX_LISTED).join("; ") + (items.length > MAX_LISTED ? `; ... (${items.length} in all)` : "");
}

/** Identical block hashes at every height on every node, and every node at the same height. */
export function sameBlockHashes(chains: ChainHashes): InvariantResult {
  const name = "identical_block_hashes";
  const entries = [...chains];
  if (entries.length === 0) return { name, ok: false, detail: "no node answered" };
  const problems: string[] = [];
  const heights = entries.map(([, h]) => h.length);
  const top = Math.max(...heights);
  for (let h = 1; h <= top; h++) {
    const seen = new Map<string, string[]>();
    for (const [node, hashes] of entries) {
      const x = hashes[h - 1];
      if (x === undefined) continue;
      seen.set(x, [...(seen.get(x) ?? []), node]);
    }
    if (seen.size > 1) problems.push(`fork at height ${h}: ${[...seen].map(([hash, nodes]) => `${nodes.join(",")}=${hash.slice(0, 18)}`).join(" vs ")}`);
  }
  const lagging = entries.filter(([, hs]) => hs.length < top).map(([n, hs]) => `${n} at ${hs.length} < ${top}`);
  if (lagging.length > 0) problems.push(`not caught up: ${lagging.join(", ")}`);
  return problems.length === 0
    ? { name, ok: true, detail: `${entries.length} nodes agree on ${top} blocks` }
    : { name, ok: false, detail: listed(problems) };
}

/**
 * Every tx any node reported final is in every node's chain exactly once, at the place it was
 * reported; and no tx id occurs twice in any chain.
 */
export function finalTxsExactlyOnce(reported: ReadonlyMap<string, { height: number; index: number; node: string }>, chains: ChainTxs): InvariantResult {
  const name = "final_txs_on_all_nodes_exactly_once";
  const problems: string[] = [];
  for (const [node, txs] of chains) {
    for (const [id, at] of txs) if (at.length > 1) problems.push(`${node}: ${id} occurs ${at.length} times (${at.map((a) => `${a.height}.${a.index}`).join(", ")})`);
    for (const [id, r] of reported) {
      const at = txs.get(id);
      if (!at || at.length === 0) problems.push(`${node}: ${id} (reported final by ${r.node} at ${r.height}.${r.index}) is missing`);
      else if (at[0]!.height !== r.height || at[0]!.index !== r.index) problems.push(`${node}: ${id} at ${at[0]!.height}.${at[0]!.index}, ${r.node} reported ${r.height}.${r.index}`);
    }
  }
  if (chains.size === 0) problems.push("no node answered");
  return problems.length === 0
    ? { name, ok: true, detail: `${reported.size} txs reported final, each once on ${chains.size} nodes` }
    : { name, ok: false, detail: listed(problems) };
}

/** An action's record as action_get gives it (docs/RPC.md): the fields used here, and the rest. */
export interface ActionView {
  kind: string;
  status: string;
  /** Decimal: what the record still holds. */
  locked: string;
  [field: string]: unknown;
}

export interface BalanceSnapshot {
  /** The head height the balances (and action records) were read at (one snapshot per node). */
  height: number;
  /** Decimal strings as account_get gives them. */
  balances: readonly string[];
  /** The load's actions by id, read at the same height; null where the node has no such record. */
  actions: ReadonlyMap<string, ActionView | null>;
  /** The load's assets at the same height: supply (asset_get) and the balance of each account (as `balances`). */
  assets?: ReadonlyArray<{ id: string; symbol: string; supply: string; holdings: readonly string[] }>;
}

const amount = (b: string): bigint => (/^-?\d+$/.test(b) ? BigInt(b) : 0n);

/**
 * Fees move from sender to proposer and nothing is minted or burnt: the balances of every account
 * plus what the load's actions still hold sum to the genesis total. (Only the load creates
 * actions, so their records are every place a locked amount can be.) And per asset the load
 * made: its supply equals the sum of the holdings of the load's accounts (the issuer is one), as
 * only they ever hold it and the load neither mints nor burns.
 */
export function supplyConserved(genesisTotal: bigint, snapshots: ReadonlyMap<string, BalanceSnapshot>): InvariantResult {
  const name = "supply_conserved";
  const problems: string[] = [];
  let lockedSeen = 0n;
  const assetsSeen = new Map<string, { symbol: string; supply: string; snapshots: number }>();
  for (const [node, s] of snapshots) {
    let sum = 0n;
    for (const b of s.balances) sum += amount(b);
    let locked = 0n;
    for (const a of s.actions.values()) locked += a ? amount(a.locked) : 0n;
    lockedSeen = locked > lockedSeen ? locked : lockedSeen;
    if (sum + locked !== genesisTotal) problems.push(`${node} at height ${s.height}: balances ${sum} + locked ${locked} != genesis ${genesisTotal} (diff ${sum + locked - genesisTotal})`);
    for (const a of s.assets ?? []) {
      let held = 0n;
      for (const h of a.holdings) held += amount(h);
      if (held !== amount(a.supply)) problems.push(`${node} at height ${s.height}: asset ${a.symbol} ${a.id.slice(0, 18)} holdings ${held} != supply ${a.supply} (diff ${held - amount(a.supply)})`);
      const seen = assetsSeen.get(a.id);
      assetsSeen.set(a.id, { symbol: a.symbol, supply: a.supply, snapshots: (seen?.snapshots ?? 0) + 1 });
    }
  }
  if (snapshots.size === 0) problems.push("no node answered");
  const perAsset = [...assetsSeen.values()].map((a) => `; asset ${a.symbol}: holdings = supply ${a.supply} in ${a.snapshots} snapshots`).join("");
  return problems.length === 0
    ? { name, ok: true, detail: `balances + locked in actions (at most ${lockedSeen}) = ${genesisTotal} in ${snapshots.size} node snapshots${perAsset}` }
    : { name, ok: false, detail: listed(problems) };
}

export function noNegativeBalance(snapshots: ReadonlyMap<string, BalanceSnapshot>, genesisTotal: bigint): InvariantResult {
  const name = "no_negative_balance";
  const problems: string[] = [];
  for (const [node, s] of snapshots) {
    s.balances.forEach((b, i) => {
      // A u64 that wrapped below zero shows up as more than the whole supply.
      if (!/^\d+$/.test(b)) problems.push(`${node}: account #${i} balance "${b}"`);
      else if (BigInt(b) > genesisTotal) problems.push(`${node}: account #${i} balance ${b} exceeds the supply (underflow?)`);
    });
  }
  return problems.length === 0
    ? { name, ok: true, detail: `${[...snapshots.values()].reduce((n, s) => n + s.balances.length, 0)} balances checked` }
    : { name, ok: false, detail: listed(problems) };
}

/** Every final message, memo and channel post decrypts, for its recipient, to what was sent. */
export function messagesReadable(expected: ReadonlyArray<{ id: string; text: string }>, read: ReadonlyMap<string, string | null>): InvariantResult {
  const name = "messages_readable_by_recipients";
  const problems: string[] = [];
  for (const e of expected) {
    if (!read.has(e.id)) problems.push(`${e.id}: not in its recipient's inbox/channel`);
    else if (read.get(e.id) !== e.text) problems.push(`${e.id}: read ${JSON.stringify(read.get(e.id)?.slice(0, 40) ?? null)} instead of the text sent`);
  }
  return problems.length === 0 ? { name, ok: true, detail: `${expected.length} final messages read back` } : { name, ok: false, detail: listed(problems) };
}

/**
 * consensus_evidence (the validator of each record, per node) is empty on every node in honest
 * scenarios, except against `liars`: validators the scenario made byzantine, whose
 * equivocation is evidence the honest nodes must store.
 */
export function noEquivocation(evidence: ReadonlyMap<string, readonly string[]>, honest: boolean, liars: ReadonlySet<string> = new Set()): InvariantResult {
  const name = "no_conflicting_votes";
  const count = (pick: (v: string) => boolean): string[] => [...evidence].map(([node, vs]) => [node, vs.filter(pick).length] as const).filter(([, n]) => n > 0).map(([node, n]) => `${node} holds ${n} evidence records`);
  const found = count((v) => !liars.has(v));
  const expected = count((v) => liars.has(v));
  // Listed by the node holding the records ("v1 holds 6"), not by the validator they name.
  const aboutLiars = liars.size === 0 ? "" : `; evidence against the byzantine validator(s): ${expected.length === 0 ? "none" : expected.join(", ")}`;
  if (!honest) return { name, ok: true, detail: `not an honest scenario; evidence: ${found.length === 0 ? "none" : found.join(", ")}${aboutLiars}` };
  if (evidence.size === 0) return { name, ok: false, detail: "no node answered" };
  return found.length === 0 ? { name, ok: true, detail: `no evidence against an honest validator on ${evidence.size} nodes${aboutLiars}` } : { name, ok: false, detail: listed(found) + aboutLiars };
}

/** admin_networkStatus `standing` of each full-chain node at the end: nobody honest is banned (strikes are reported). */
export function honestNotBanned(standing: ReadonlyMap<string, ReadonlyArray<{ peer: string; strikes: number; bannedForMs: number }>>, liarPeers: ReadonlySet<string>): InvariantResult {
  const name = "nobody_honest_banned";
  const banned: string[] = [];
  const struck: string[] = [];
  for (const [node, list] of standing) {
    for (const s of list) {
      if (liarPeers.has(s.peer)) continue;
      if (s.bannedForMs > 0) banned.push(`${node} bans ${s.peer} for ${s.bannedForMs} ms`);
      else if (s.strikes > 0) struck.push(`${node}: ${s.strikes} strikes on ${s.peer}`);
    }
  }
  if (standing.size === 0) return { name, ok: false, detail: "no node answered" };
  const strikes = struck.length === 0 ? "no strikes on honest peers" : `strikes (not bans): ${listed(struck)}`;
  return banned.length === 0 ? { name, ok: true, detail: `no honest peer banned on ${standing.size} nodes; ${strikes}` } : { name, ok: false, detail: listed(banned) };
}

/** After the last fault healed, a new tx was final on every node within the limit. */
export function resumedWithin(limitSec: number, resumeMs: number | null): InvariantResult {
  const name = "chain_resumed_after_last_fault";
  if (resumeMs === null) return { name, ok: false, detail: `no new block on every node within ${limitSec} s of the last fault` };
  return resumeMs <= limitSec * 1000
    ? { name, ok: true, detail: `resumed ${(resumeMs / 1000).toFixed(1)} s after the last fault (limit ${limitSec} s)` }
    : { name, ok: false, detail: `resumed only after ${(resumeMs / 1000).toFixed(1)} s (limit ${limitSec} s)` };
}

/** No node process died on its own (every exit was one the harness caused). */
export function nodesStayedUp(crashes: ReadonlyMap<string, readonly string[]>): InvariantResult {
  const name = "no_node_crashed";
  const found = [...crashes].flatMap(([node, list]) => list.map((c) => `${node}: ${c.slice(0, 300)}`));
  return found.length === 0 ? { name, ok: true, detail: "every exit was injected" } : { name, ok: false, detail: listed(found) };
}

/** Every tx the load sent was final by the end (re-sent where a node lost it). */
export function allSentFinal(sent: number, notFinal: readonly string[]): InvariantResult {
  const name = "every_sent_tx_final";
  return notFinal.length === 0
    ? { name, ok: true, detail: `${sent} of ${sent} final` }
    : { name, ok: false, detail: `${notFinal.length} of ${sent} not final: ${listed(notFinal)}` };
}

/** Every light node verified its way to the chain's head, and its head is the chain's block at that height. */
export function lightNodesFollow(heads: ReadonlyMap<string, { height: number; hash: string } | null>, chain: readonly string[]): InvariantResult {
  const name = "light_nodes_follow_chain";
  if (heads.size === 0) return { name, ok: true, detail: "no light nodes" };
  const problems: string[] = [];
  for (const [node, head] of heads) {
    if (head === null) problems.push(`${node}: did not answer chain_getHead`);
    else if (head.height < chain.length) problems.push(`${node}: at ${head.height} < ${chain.length}`);
    else if (head.height > chain.length) problems.push(`${node}: at ${head.height}, beyond the chain's ${chain.length}`);
    else if (head.height > 0 && chain[head.height - 1] !== head.hash) problems.push(`${node}: hash at ${head.height} is ${head.hash.slice(0, 18)}, the chain's is ${chain[head.height - 1]!.slice(0, 18)}`);
  }
  return problems.length === 0 ? { name, ok: true, detail: `${heads.size} light nodes at the chain's head ${chain.length}` } : { name, ok: false, detail: listed(problems) };
}
