// The invariants on the automatic actions the chaos load created, as pure functions over the
// records each node returned (action_get, read at the same height as its balances): every action
// ended as planned, never paid more than it locked, and every node holds the same record.
import { listed, type ActionView, type BalanceSnapshot, type InvariantResult } from "./invariants.js";
import type { ActionPlan } from "./load-actions.js";

/** What the load knows of one action it created. */
export interface ExpectedAction {
  id: string;
  plan: ActionPlan;
  kind: "scheduledPayment" | "escrow" | "redPacket";
  /** Locked at creation. */
  locked: bigint;
  runs: number;
  shares: number;
  /** Wall-clock ms of its last run, timeout or expiry. */
  settlesByMs: number;
  /** Claims final and good, final but failed (e.g. after the timeout). */
  claimsOk: number;
  claimsFailed: number;
  /** The creating tx's failure, if it was included but failed. */
  createFailed: string | null;
  /** The block time of the block that included the creation (null if unknown). */
  includedAtMs: number | null;
}

const big = (v: unknown): bigint | null => (typeof v === "string" && /^\d+$/.test(v) ? BigInt(v) : null);
const int = (v: unknown): number => (typeof v === "number" && Number.isSafeInteger(v) ? v : -1);

/** Problems with one record against its plan; `closedBy` true when its last deadline has passed. */
function checkRecord(e: ExpectedAction, r: ActionView, closedBy: boolean): string[] {
  const out: string[] = [];
  const locked = big(r.locked);
  if (r.kind !== e.kind) return [`kind ${r.kind}, created as ${e.kind}`];
  if (locked === null) return [`locked "${String(r.locked)}" is not an amount`];
  const open = r.status === "open";
  if (closedBy && open) out.push(`still open after its last deadline`);
  if (!open && locked !== 0n) out.push(`${r.status} but still locks ${locked}`);
  if (r.kind === "scheduledPayment") {
    const done = int(r["done"]);
    const failed = int(r["failed"]);
    const runs = int(r["runs"]);
    if (runs !== e.runs) out.push(`runs ${runs}, created with ${e.runs}`);
    // Each run pays once: done only grows, and never past the count.
    if (done < 0 || failed < 0 || done + failed > e.runs) out.push(`done ${done} + failed ${failed} exceeds ${e.runs} runs`);
    if (r.status === "finished" && done + failed !== e.runs) out.push(`finished after ${done + failed} of ${e.runs} runs`);
    if (r.status === "cancelled") out.push("cancelled, though the load never cancels");
    const left = BigInt(Math.max(0, e.runs - done - failed));
    if (open && locked !== (e.locked / BigInt(e.runs)) * left) out.push(`locks ${locked}, ${left} runs left of ${e.locked / BigInt(e.runs)}`);
  } else if (r.kind === "escrow") {
    if (open && locked !== e.locked) out.push(`open but locks ${locked}, not ${e.locked}`);
    if (e.plan === "escrowRefund" && r.status === "released") out.push("released, though nobody revealed its preimage");
    // A claim that took effect released it; only a claim that failed (came too late) leaves a refund.
    if (e.plan === "escrowClaim" && e.claimsOk > 0 && r.status !== "released") out.push(`${r.status} after its claim took effect`);
    if (e.plan === "escrowClaim" && closedBy && e.claimsOk === 0 && e.claimsFailed === 0) out.push("its claim was never final");
  } else {
    const claims = Array.isArray(r["claims"]) ? (r["claims"] as Array<{ claimer?: unknown; amount?: unknown }>) : [];
    const paid = claims.reduce((s, c) => s + (big(c.amount) ?? 0n), 0n);
    const claimers = new Set(claims.map((c) => String(c.claimer)));
    if (claimers.size !== claims.length) out.push("a member claimed twice");
    if (claims.length > e.shares) out.push(`${claims.length} claims of ${e.shares} shares`);
    if (claims.length !== e.claimsOk) out.push(`${claims.length} claims recorded, ${e.claimsOk} claim txs took effect`);
    if (paid + locked > e.locked || (open && paid + locked !== e.locked)) out.push(`claims ${paid} + locked ${locked} vs total ${e.locked}`);
    if (r.status === "finished" && claims.length !== e.shares) out.push(`finished with ${claims.length} of ${e.shares} shares claimed`);
  }
  return out;
}

/** Every action the load created is on every node and is where its plan says (see checkRecord). */
export function actionsSettled(expected: readonly ExpectedAction[], snapshots: ReadonlyMap<string, BalanceSnapshot>, observedAtMs: number): InvariantResult {
  const name = "actions_settled_as_planned";
  const problems: string[] = [];
  const statuses = new Map<string, number>();
  for (const e of expected) {
    if (e.createFailed) {
      // Delayed by faults past its own deadline, the creation is rightly refused (nothing locked).
      const late = /EXPIRED$/.test(e.createFailed) && e.includedAtMs !== null && e.includedAtMs >= e.settlesByMs;
      if (late) statuses.set(`${e.kind} refused as late`, (statuses.get(`${e.kind} refused as late`) ?? 0) + snapshots.size);
      else problems.push(`${e.id} (${e.plan}): creation failed: ${e.createFailed}${e.includedAtMs === null ? "" : ` in a block at ${e.includedAtMs}, deadline ${e.settlesByMs}`}`);
      continue;
    }
    for (const [node, s] of snapshots) {
      const r = s.actions.get(e.id);
      if (!r) {
        problems.push(`${node}: ${e.id} (${e.plan}) has no record`);
        continue;
      }
      for (const p of checkRecord(e, r, observedAtMs > e.settlesByMs)) problems.push(`${node}: ${e.id} (${e.plan}) ${p}`);
      statuses.set(`${e.kind} ${r.status}`, (statuses.get(`${e.kind} ${r.status}`) ?? 0) + 1);
    }
  }
  if (snapshots.size === 0) problems.push("no node answered");
  const summary = [...statuses].map(([k, n]) => `${k} ${n / Math.max(1, snapshots.size)}`).join(", ");
  return problems.length === 0
    ? { name, ok: true, detail: `${expected.length} actions as planned on ${snapshots.size} nodes (${summary || "none"})` }
    : { name, ok: false, detail: listed(problems) };
}

/** Every node holds the same record for each action (nodes read at different heights: closed records only, which never change). */
export function actionsAgree(snapshots: ReadonlyMap<string, BalanceSnapshot>): InvariantResult {
  const name = "actions_agree_on_all_nodes";
  const problems: string[] = [];
  const entries = [...snapshots];
  const ids = new Set(entries.flatMap(([, s]) => [...s.actions.keys()]));
  const text = (r: ActionView | null | undefined): string => (r ? JSON.stringify(Object.entries(r).filter(([k]) => k !== "height").sort(([a], [b]) => (a < b ? -1 : 1))) : "none");
  let compared = 0;
  for (const id of ids) {
    const [first, ...rest] = entries;
    if (!first) break;
    const [n0, s0] = first;
    const r0 = s0.actions.get(id);
    for (const [n, s] of rest) {
      const r = s.actions.get(id);
      const comparable = s.height === s0.height || (r0?.status !== "open" && r?.status !== "open");
      if (!comparable) continue;
      compared++;
      if (text(r) !== text(r0)) problems.push(`${id}: ${n0}@${s0.height} has ${text(r0).slice(0, 120)}, ${n}@${s.height} has ${text(r).slice(0, 120)}`);
    }
  }
  if (entries.length === 0) problems.push("no node answered");
  return problems.length === 0
    ? { name, ok: true, detail: `${ids.size} action records identical across ${entries.length} nodes (${compared} comparisons)` }
    : { name, ok: false, detail: listed(problems) };
}
