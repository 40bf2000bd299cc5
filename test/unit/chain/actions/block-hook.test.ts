// The store and the block hook over an in-memory state: actions fire by themselves at their
// wake, events reach the actions watching them, closed actions leave every index, and the
// per-block cap carries work over without losing or repeating any.
import { describe, expect, it } from "vitest";
import { loadAction, openAction, saveAction } from "../../../../src/chain/actions/action-store.js";
import { observeEvent, runDueActions } from "../../../../src/chain/actions/block-hook.js";
import { createBounty } from "../../../../src/chain/actions/bounty.js";
import { createEscrow } from "../../../../src/chain/actions/escrow.js";
import { ActionStateCorruptError } from "../../../../src/chain/actions/errors.js";
import { watchOfEvent } from "../../../../src/chain/actions/events.js";
import { createRewardPool } from "../../../../src/chain/actions/reward-pool.js";
import { createScheduledPayment } from "../../../../src/chain/actions/scheduled-payment.js";
import { DueQueue } from "../../../../src/chain/actions/scheduler.js";
import { ACTION_NS, recordKey } from "../../../../src/chain/actions/state-keys.js";
import type { ActionCtx, Outcome } from "../../../../src/chain/actions/types.js";
import { MAX_WATCHERS_PER_TARGET, watchersOf } from "../../../../src/chain/actions/watch-index.js";
import type { ActionRecord } from "../../../../src/chain/actions/records.js";
import type { ActionState } from "../../../../src/chain/actions/state-keys.js";
import type { ExecContext } from "../../../../src/chain/tx/spec.js";

// Compile-time: the executor's per-tx context is what a kind's apply hands to the store.
export const execContextIsActionState = (ctx: ExecContext): ActionState => ctx;
import { ALICE, BOB, C, CAROL, CHANNEL, MemoryState, addr, ctxAt, ok } from "./fixtures.js";

function create(kv: MemoryState, id: Uint8Array, out: Outcome<ActionRecord>, ctx: ActionCtx): void {
  const o = ok(out);
  expect(openAction(kv, id, o.record, o.wake, ctx)).toBeNull();
}

const heightQueue = (kv: MemoryState) => new DueQueue(kv, 0);
const timeQueue = (kv: MemoryState) => new DueQueue(kv, 1);

describe("runDueActions", () => {
  it("refunds a hash-time lock by itself at its height, once", () => {
    const kv = new MemoryState();
    const id = addr("htlc");
    const ctx = ctxAt(10);
    create(kv, id, createEscrow({ owner: ALICE, amount: 100n, releaseTo: BOB, refundTo: ALICE, release: C.and(C.preimage(new Uint8Array(1)), C.beforeHeight(20)), refund: C.afterHeight(20) }, ctx), ctx);
    expect(heightQueue(kv).scheduledAt(id)).toBe(20);
    for (let h = 11; h < 20; h++) expect(runDueActions(kv, ctxAt(h)).payments).toEqual([]);
    const due = runDueActions(kv, ctxAt(20));
    expect(due.payments).toMatchObject([{ to: ALICE, amount: 100n }]);
    expect(loadAction(kv, id)).toMatchObject({ status: "refunded", settledHeight: 20 });
    expect(heightQueue(kv).pending()).toBe(0);
    expect(runDueActions(kv, ctxAt(21)).touched).toEqual([]);
  });

  it("pays a recurring payment every N blocks K times and no more", () => {
    const kv = new MemoryState();
    const id = addr("salary");
    create(kv, id, createScheduledPayment({ payer: ALICE, to: BOB, amount: 5n, clock: "height", start: 12, interval: 3, runs: 4 }, ctxAt(10)), ctxAt(10));
    const paidAt: number[] = [];
    for (let h = 11; h <= 40; h++) if (runDueActions(kv, ctxAt(h)).payments.length > 0) paidAt.push(h);
    expect(paidAt).toEqual([12, 15, 18, 21]);
    expect(loadAction(kv, id)).toMatchObject({ status: "finished", done: 4 });
  });

  it("runs at most the cap per block and the rest in the next block, in id order", () => {
    const kv = new MemoryState();
    const ids = Array.from({ length: 5 }, (_, i) => addr(`one-off ${i}`));
    for (const id of ids) create(kv, id, createScheduledPayment({ payer: ALICE, to: BOB, amount: 1n, clock: "height", start: 12, interval: 0, runs: 1 }, ctxAt(10)), ctxAt(10));
    const first = runDueActions(kv, ctxAt(12), 3);
    const second = runDueActions(kv, ctxAt(13), 3);
    expect(first.touched.length).toBe(3);
    expect(second.touched.length).toBe(2);
    const order = [...first.touched, ...second.touched].map((b) => Buffer.from(b).toString("hex"));
    expect(order).toEqual(ids.map((b) => Buffer.from(b).toString("hex")).sort());
    expect(runDueActions(kv, ctxAt(14), 3).touched).toEqual([]);
  });

  it("fires a time deadline in the first block whose time has passed it", () => {
    const kv = new MemoryState();
    const id = addr("bounty");
    const ctx = ctxAt(10, 10_000);
    create(kv, id, createBounty({ owner: ALICE, amount: 9n, target: { kind: "channel", channel: CHANNEL }, answerer: null, deadline: { clock: "time", at: 15_500 } }, ctx), ctx);
    expect(timeQueue(kv).scheduledAt(id)).toBe(16); // ceil(15.5 s)
    expect(runDueActions(kv, ctxAt(11, 15_900)).payments).toEqual([]);
    expect(runDueActions(kv, ctxAt(12, 16_000)).payments).toMatchObject([{ to: ALICE, amount: 9n }]);
  });
});

describe("observeEvent", () => {
  it("pays a bounty on the first qualifying post and takes it off the watch list and the queue", () => {
    const kv = new MemoryState();
    const id = addr("bounty");
    create(kv, id, createBounty({ owner: ALICE, amount: 9n, target: { kind: "channel", channel: CHANNEL }, answerer: null, deadline: { clock: "height", at: 50 } }, ctxAt(10)), ctxAt(10));
    const post = { kind: "post" as const, from: BOB, channel: CHANNEL };
    expect(watchersOf(kv, watchOfEvent(post)).length).toBe(1);
    expect(observeEvent(kv, post, ctxAt(10)).payments).toEqual([]); // the creating block does not count
    expect(observeEvent(kv, post, ctxAt(11)).payments).toMatchObject([{ to: BOB, amount: 9n }]);
    expect(watchersOf(kv, watchOfEvent(post))).toEqual([]);
    expect(heightQueue(kv).scheduledAt(id)).toBeUndefined();
    expect(observeEvent(kv, { ...post, from: CAROL }, ctxAt(12)).payments).toEqual([]);
  });

  it("keeps reward-pool counters per member in state", () => {
    const kv = new MemoryState();
    const id = addr("pool");
    create(kv, id, createRewardPool({ organiser: ALICE, channel: CHANNEL, reward: 2n, capPerPeriod: 2, periodBlocks: 100, fund: 100n, expiry: { clock: "height", at: 500 } }, ctxAt(10)), ctxAt(10));
    const post = (from: Uint8Array) => ({ kind: "post" as const, from, channel: CHANNEL });
    const paid = (from: Uint8Array, h: number) => observeEvent(kv, post(from), ctxAt(h)).payments.length;
    expect([paid(BOB, 11), paid(BOB, 12), paid(BOB, 13), paid(CAROL, 13)]).toEqual([1, 1, 0, 1]);
    expect(paid(BOB, 110)).toBe(1); // a new period
  });

  it("records an escrow's observation and releases on the payment it waits for", () => {
    const kv = new MemoryState();
    const id = addr("swap");
    create(kv, id, createEscrow({ owner: ALICE, amount: 50n, releaseTo: BOB, refundTo: ALICE, release: C.payment(BOB, ALICE, 20n), refund: C.afterHeight(99) }, ctxAt(10)), ctxAt(10));
    const small = observeEvent(kv, { kind: "payment", from: BOB, to: ALICE, amount: 19n }, ctxAt(11));
    expect(small.touched).toEqual([]);
    const enough = observeEvent(kv, { kind: "payment", from: BOB, to: ALICE, amount: 20n }, ctxAt(11));
    expect(enough.payments).toMatchObject([{ to: BOB, amount: 50n }]);
    expect(heightQueue(kv).scheduledAt(id)).toBeUndefined(); // the refund wake is gone
  });
});

describe("action store", () => {
  it("refuses a new watcher on a full target and a second action with the same id", () => {
    const kv = new MemoryState();
    const ctx = ctxAt(10);
    const bounty = (n: number) => createBounty({ owner: ALICE, amount: 1n, target: { kind: "channel", channel: CHANNEL }, answerer: null, deadline: { clock: "height", at: 50 + n } }, ctx);
    for (let i = 0; i < MAX_WATCHERS_PER_TARGET; i++) create(kv, addr(`b${i}`), bounty(i), ctx);
    const extra = ok(bounty(99));
    expect(openAction(kv, addr("extra"), extra.record, extra.wake, ctx)?.code).toBe("WATCHERS_FULL");
    expect(openAction(kv, addr("b0"), extra.record, extra.wake, ctx)?.code).toBe("BAD_PARAMS");
  });

  it("stops on a record it cannot decode rather than guess at locked funds", () => {
    const kv = new MemoryState();
    kv.set(ACTION_NS, recordKey(addr("x")), Uint8Array.of(0x91, 0x63));
    expect(() => loadAction(kv, addr("x"))).toThrow(ActionStateCorruptError);
  });

  it("moves an action between queues when its wake changes clock", () => {
    const kv = new MemoryState();
    const id = addr("e");
    const out = ok(createEscrow({ owner: ALICE, amount: 1n, releaseTo: BOB, refundTo: ALICE, release: C.afterHeight(30), refund: C.afterTime(99_000) }, ctxAt(10)));
    expect(openAction(kv, id, out.record, out.wake, ctxAt(10))).toBeNull();
    expect([heightQueue(kv).scheduledAt(id), timeQueue(kv).scheduledAt(id)]).toEqual([30, 99]);
    expect(saveAction(kv, id, out.record, out.record, { height: null, timeMs: 50_000 }, ctxAt(11), "tx")).toBeNull();
    expect([heightQueue(kv).scheduledAt(id), timeQueue(kv).scheduledAt(id)]).toEqual([undefined, 50]);
  });
});
