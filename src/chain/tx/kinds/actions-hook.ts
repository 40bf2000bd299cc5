// The one end-of-block hook of every automatic action (it sits on the escrow kind, the lowest
// action type byte, so it runs once per block after the validator-vote hook). First each event
// of the block's txs that took effect goes, in tx order, to the actions watching its target
// (pay-on-reply, bounties, reward pools, escrows with reply or payment leaves); then the due
// queues drain under the per-block cap (schedules, expiries, time-only conditions). Payments
// come out of locked funds and are credited here. Payouts are not events, so one action never
// triggers another within a block (docs/ACTIONS.md 4).
import { observeEvent, runDueActions, type HookResult } from "../../actions/block-hook.js";
import type { ActionEvent } from "../../actions/events.js";
import { DUE_PER_BLOCK_CAP, MAX_TICKS_WALKED } from "../../actions/scheduler.js";
import { MAX_WATCHERS_PER_TARGET } from "../../actions/watch-index.js";
import type { BlockContext, BlockHooks } from "../spec.js";
import { addWithin, AmountInvariantError } from "./funds.js";
import { credit as creditAsset, isFrozen } from "../../assets/ledger.js";
import { bytesEqual } from "../../../util/bytes.js";
import { hookActionCtx } from "./action-common.js";
import { creditMove } from "../../actions/moves.js";

/**
 * Credits a hook's payments, each in its action's asset; they come out of locks, so an overflow
 * is a broken invariant (addWithin throws). The hook cannot refuse, so an asset payout to a holder
 * frozen since the action was created goes back to the action's funder (docs/ACTIONS.md 2.7),
 * whose own credit always lands (the units were its own; a frozen funder's holding stays frozen).
 * The transitions already do this and record it (hookActionCtx's canCredit); the check here
 * keeps the money safe should a kind ever not.
 */
function credit(ctx: BlockContext, result: HookResult): void {
  for (const p of result.payments) {
    if (p.amount === 0n) continue;
    const base = { action: p.action, actionKind: p.actionKind, asset: p.asset, from: null, amount: p.amount };
    if (p.asset === null) {
      const acct = ctx.getAccount(p.to);
      ctx.setAccount(p.to, { ...acct, balance: addWithin(acct.balance, p.amount) });
      ctx.noteMove?.({ ...base, ...creditMove(p.funder, p.to, p.returnedFor) });
      continue;
    }
    const to = p.funder && !bytesEqual(p.to, p.funder) && isFrozen(ctx, p.asset, p.to) ? p.funder : p.to;
    const err = creditAsset(ctx, p.asset, to, p.amount);
    if (err) throw new AmountInvariantError({ code: "AMOUNT_INVARIANT", reason: `an action's payout in an asset failed: ${err.code}` });
    ctx.noteMove?.({ ...base, ...creditMove(p.funder, to, to === p.to ? p.returnedFor : p.to) });
  }
}

export function runActionsEndBlock(ctx: BlockContext, events: readonly ActionEvent[]): void {
  const actx = hookActionCtx(ctx);
  for (const ev of events) credit(ctx, observeEvent(ctx, ev, actx));
  credit(ctx, runDueActions(ctx, actx));
}

export const ACTIONS_BLOCK_HOOKS: BlockHooks = {
  bound:
    `per message, transfer and post of the block one watch-list read (at most ${MAX_WATCHERS_PER_TARGET} watching actions, ` +
    `each one record read and write); then at most ${DUE_PER_BLOCK_CAP} due actions (DUE_PER_BLOCK_CAP), each one record ` +
    `read and write, its queue entries and at most 16 payments, walking at most ${MAX_TICKS_WALKED} empty ticks per clock`,
  endBlock: runActionsEndBlock,
};
