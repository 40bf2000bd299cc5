// Supply conservation over random histories of every action kind, run through the store and
// the block hook as part 2's kinds will run them: after every tx, event and block, balances
// plus every action's locked amount equal the starting supply, and no locked amount goes
// negative (so nothing is paid twice).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadAction, openAction, saveAction } from "../../../../src/chain/actions/action-store.js";
import { observeEvent, runDueActions } from "../../../../src/chain/actions/block-hook.js";
import { createBounty } from "../../../../src/chain/actions/bounty.js";
import { approveEscrow, claimEscrow, createEscrow } from "../../../../src/chain/actions/escrow.js";
import type { ActionEvent } from "../../../../src/chain/actions/events.js";
import { claimRedPacket, createRedPacket } from "../../../../src/chain/actions/red-packet.js";
import { lockedOf, type ActionRecord } from "../../../../src/chain/actions/records.js";
import { createRewardPool } from "../../../../src/chain/actions/reward-pool.js";
import { cancelScheduledPayment, createScheduledPayment } from "../../../../src/chain/actions/scheduled-payment.js";
import { approveShared, createSharedAccount, depositShared, proposeShared } from "../../../../src/chain/actions/shared-account.js";
import type { ActionCtx, Outcome, Payment } from "../../../../src/chain/actions/types.js";
import { compareBytes, toHex, u32be, utf8 } from "../../../../src/util/bytes.js";
import { ALICE, BOB, C, CAROL, CHANNEL, DAVE, MemoryState, addr } from "./fixtures.js";

const PEOPLE = [ALICE, BOB, CAROL, DAVE];
const MEMBERS = [ALICE, BOB, CAROL].sort(compareBytes);
const SECRET = utf8("s");
const START = 1000n;

class World {
  readonly kv = new MemoryState();
  readonly balances = new Map<string, bigint>(PEOPLE.map((p) => [toHex(p), START]));
  readonly ids: Uint8Array[] = [];
  height = 10;
  private nextId = 0;

  ctx(): ActionCtx {
    return { height: this.height, timeMs: this.height * 1000, anchorExists: () => false };
  }

  supply(): bigint {
    let total = 0n;
    for (const b of this.balances.values()) total += b;
    for (const id of this.ids) {
      const locked = lockedOf(loadAction(this.kv, id)!);
      expect(locked).toBeGreaterThanOrEqual(0n);
      total += locked;
    }
    return total;
  }

  credit(payments: Payment[]): void {
    for (const p of payments) this.balances.set(toHex(p.to), (this.balances.get(toHex(p.to)) ?? 0n) + p.amount);
  }

  /** A tx: the sender pays the debit, the store writes, payments are credited; all or nothing. */
  tx(sender: Uint8Array, run: () => { out: Outcome<ActionRecord>; save: (r: ActionRecord, w: Parameters<typeof saveAction>[4]) => unknown }): void {
    const { out, save } = run();
    if (!out.ok) return;
    const bal = this.balances.get(toHex(sender))!;
    if (bal < out.debit) return; // INSUFFICIENT_FUNDS: the tx fails, nothing changes
    const snapshot = new Map(this.kv.map);
    if (save(out.record, out.wake) !== null) {
      this.kv.map.clear();
      for (const [k, v] of snapshot) this.kv.map.set(k, v);
      return;
    }
    this.balances.set(toHex(sender), bal - out.debit);
    this.credit(out.payments);
  }

  create(sender: Uint8Array, out: Outcome<ActionRecord>): void {
    const id = addr(`action ${this.nextId++}`);
    this.tx(sender, () => ({ out, save: (r, w) => openAction(this.kv, id, r, w, this.ctx()) }));
    if (loadAction(this.kv, id)) this.ids.push(id);
  }

  act(n: number, sender: Uint8Array, step: (r: ActionRecord) => Outcome<ActionRecord> | null): void {
    if (this.ids.length === 0) return;
    const id = this.ids[n % this.ids.length]!;
    const before = loadAction(this.kv, id)!;
    const out = step(before);
    if (!out) return;
    this.tx(sender, () => ({ out, save: (r, w) => saveAction(this.kv, id, before, r, w, this.ctx(), "tx") }));
  }

  event(ev: ActionEvent): void {
    this.credit(observeEvent(this.kv, ev, this.ctx()).payments);
  }

  block(advance: number, cap: number): void {
    this.height += advance;
    this.credit(runDueActions(this.kv, this.ctx(), cap).payments);
  }
}

const who = fc.integer({ min: 0, max: 3 });
const small = fc.bigInt({ min: 1n, max: 200n });
const opArb = fc.oneof(
  fc.record({ op: fc.constant("escrow"), p: who, amount: small, shape: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("scheduled"), p: who, amount: fc.bigInt({ min: 1n, max: 40n }), delay: fc.integer({ min: -2, max: 6 }), runs: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant("shared"), p: who, amount: fc.bigInt({ min: 0n, max: 200n }), threshold: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constant("packet"), p: who, amount: small, shares: fc.integer({ min: 1, max: 4 }), random: fc.boolean() }),
  fc.record({ op: fc.constant("bounty"), p: who, amount: small }),
  fc.record({ op: fc.constant("pool"), p: who, amount: small }),
  fc.record({ op: fc.constant("claim"), n: fc.nat(), p: who, reveal: fc.boolean(), refund: fc.boolean() }),
  fc.record({ op: fc.constant("approve"), n: fc.nat(), p: who, id: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ op: fc.constant("cancel"), n: fc.nat(), p: who }),
  fc.record({ op: fc.constant("deposit"), n: fc.nat(), p: who, amount: small }),
  fc.record({ op: fc.constant("propose"), n: fc.nat(), p: who, to: who, amount: small }),
  fc.record({ op: fc.constant("post"), p: who }),
  fc.record({ op: fc.constant("pay"), p: who, to: who, amount: small }),
  fc.record({ op: fc.constant("block"), advance: fc.integer({ min: 1, max: 4 }), cap: fc.integer({ min: 1, max: 4 }) }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function apply(w: World, o: Op): void {
  const ctx = w.ctx();
  const h = w.height;
  const expiry = { clock: "height" as const, at: h + 8 };
  switch (o.op) {
    case "escrow": {
      const owner = PEOPLE[o.p]!;
      const release = [C.and(C.preimage(SECRET), C.beforeHeight(h + 6)), C.approvals(2, ...MEMBERS), C.replyChannel(null, CHANNEL), C.payment(BOB, owner, 5n)][o.shape]!;
      return w.create(owner, createEscrow({ owner, amount: o.amount, releaseTo: BOB, refundTo: owner, release, refund: C.afterHeight(h + 6) }, ctx));
    }
    case "scheduled":
      return w.create(PEOPLE[o.p]!, createScheduledPayment({ payer: PEOPLE[o.p]!, to: CAROL, amount: o.amount, clock: "height", start: Math.max(0, h + o.delay), interval: o.runs > 1 ? 2 : 0, runs: o.runs }, ctx));
    case "shared":
      return w.create(PEOPLE[o.p]!, createSharedAccount({ members: MEMBERS, threshold: o.threshold, deposit: o.amount }, ctx));
    case "packet":
      return w.create(PEOPLE[o.p]!, createRedPacket({ sender: PEOPLE[o.p]!, total: o.amount + 4n, shares: o.shares, split: o.random ? "random" : "equal", audience: { kind: "channel", channel: CHANNEL }, expiry }, ctx));
    case "bounty":
      return w.create(PEOPLE[o.p]!, createBounty({ owner: PEOPLE[o.p]!, amount: o.amount, target: { kind: "channel", channel: CHANNEL }, answerer: null, deadline: expiry }, ctx));
    case "pool":
      return w.create(PEOPLE[o.p]!, createRewardPool({ organiser: PEOPLE[o.p]!, channel: CHANNEL, reward: 7n, capPerPeriod: 2, periodBlocks: 3, fund: o.amount + 7n, expiry }, ctx));
    case "claim":
      return w.act(o.n, PEOPLE[o.p]!, (r) => {
        if (r.kind === "escrow") return claimEscrow(r, { side: o.refund ? "refund" : "release", preimages: o.reveal ? [SECRET] : [] }, ctx);
        if (r.kind === "redPacket") return claimRedPacket(r, { packetId: addr("p"), claimer: PEOPLE[o.p]!, channelMember: true, seed: u32be(h) }, ctx);
        return null;
      });
    case "approve":
      return w.act(o.n, PEOPLE[o.p]!, (r) => {
        if (r.kind === "escrow") return approveEscrow(r, PEOPLE[o.p]!, ctx);
        if (r.kind === "sharedAccount") return approveShared(r, { member: PEOPLE[o.p]!, proposalId: o.id }, ctx);
        return null;
      });
    case "cancel":
      return w.act(o.n, PEOPLE[o.p]!, (r) => (r.kind === "scheduledPayment" ? cancelScheduledPayment(r, PEOPLE[o.p]!) : null));
    case "deposit":
      return w.act(o.n, PEOPLE[o.p]!, (r) => (r.kind === "sharedAccount" ? depositShared(r, o.amount) : null));
    case "propose":
      return w.act(o.n, PEOPLE[o.p]!, (r) => (r.kind === "sharedAccount" ? proposeShared(r, { proposer: PEOPLE[o.p]!, action: { type: "pay", to: PEOPLE[o.to]!, amount: o.amount }, expiry }, ctx) : null));
    case "post":
      return w.event({ kind: "post", from: PEOPLE[o.p]!, channel: CHANNEL });
    case "pay": {
      const from = PEOPLE[o.p]!;
      const to = PEOPLE[o.to]!;
      const bal = w.balances.get(toHex(from))!;
      if (bal < o.amount) return;
      w.balances.set(toHex(from), bal - o.amount);
      w.credit([{ to, amount: o.amount }]);
      return w.event({ kind: "payment", from, to, amount: o.amount });
    }
    case "block":
      return w.block(o.advance, o.cap);
  }
}

describe("supply conservation", () => {
  it("balances plus locked amounts never change, through any history of actions, events and blocks", () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      const w = new World();
      const supply = w.supply();
      expect(supply).toBe(START * BigInt(PEOPLE.length));
      for (const o of ops) {
        apply(w, o);
        expect(w.supply()).toBe(supply);
      }
      // Long after every expiry, everything time can settle has settled.
      for (let i = 0; i < 30; i++) w.block(5, 50);
      expect(w.supply()).toBe(supply);
      for (const id of w.ids) {
        const r = loadAction(w.kv, id)!;
        if (r.kind === "redPacket" || r.kind === "bounty" || r.kind === "rewardPool" || r.kind === "scheduledPayment" || r.kind === "escrow")
          expect(lockedOf(r)).toBe(0n);
      }
    }), { numRuns: 150 });
  });
});
