// Automatic actions in an asset (docs/ACTIONS.md 2.7), through the real executor: each kind locks
// the asset from its creator through the ledger and pays it out in the same asset, fees stay
// native, every refusal has its own code and changes nothing, a payout to a holder frozen since
// creation fails the tx (a claim) or returns to the funder (the block hook), and the asset's
// supply is always its balances plus what open actions hold.
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { lockedOf, type ActionRecord } from "../../../../src/chain/actions/records.js";
import { ACTION_NS } from "../../../../src/chain/actions/state-keys.js";
import { assetIdOf, assetKey, decodeAsset } from "../../../../src/chain/assets/records.js";
import { readBalance } from "../../../../src/chain/assets/reads.js";
import { loadAction } from "../../../../src/chain/actions/action-store.js";
import { encodeChannelState } from "../../../../src/chain/tx/kinds/channel-state.js";
import type { AssetBody } from "../../../../src/chain/tx/kinds/asset.js";
import { StateNs, type StateNsByte } from "../../../../src/chain/tx/spec.js";
import type { Identity } from "../../../../src/client/keys.js";
import { bytesEqual, toHex } from "../../../../src/util/bytes.js";
import { bytes32, identity, SAMPLE_BODIES } from "../tx/fixtures.js";
import { ActionSim, outcome, SIM_FEE, START_BALANCE } from "../tx/kinds/action-sim.js";
import { alice, bob, bodyJson, carol, chatEntry, sample } from "../tx/kinds/helpers.js";
import { specOf } from "../../../../src/chain/tx/registry.js";
import { actionRecordJson } from "../../../../src/chain/actions/record-json.js";
import type { BlockMove } from "../../../../src/chain/execution/executor.js";
import { decodeTx } from "../../../../src/chain/tx/codec.js";
import { tx } from "../execution/harness.js";

const dave = identity("dave");
const channel = bytes32("channel");
const TRANSFERABLE = 1;
const ALL_FLAGS = 0x0f;
const everyone = [alice, bob, carol, dave];

interface World {
  s: ActionSim;
  id: Uint8Array;
  /** Every action created in the asset, to count what they lock. */
  actions: Uint8Array[];
}

/** Alice issues an asset (every flag by default) holding 100,000 units and gives bob 10,000; a channel of all four exists. */
function world(flags = ALL_FLAGS): World {
  const s = new ActionSim(everyone);
  s.state.set(StateNs.channel, channel, encodeChannelState({ owner: alice.publicKey, epoch: 0, members: everyone.map((m) => m.publicKey), createdHeight: 0 }));
  const t = s.tx(alice, "asset", { ...(SAMPLE_BODIES.asset as Extract<AssetBody, { op: "create" }>), flags });
  expect(outcome(s, t)).toBeNull();
  const id = assetIdOf(alice.publicKey, t.id);
  // From the admin: allowed for points too.
  expect(assetOp(s, alice, { op: "transfer", asset: id, to: bob.publicKey, amount: 10_000n })).toBeNull();
  return { s, id, actions: [] };
}

const assetOp = (s: ActionSim, who: Identity, body: AssetBody) => outcome(s, s.tx(who, "asset", body));

function held(w: World, who: Identity): bigint {
  return readBalance((ns, k) => w.s.state.get(ns, k), who.publicKey, w.id).holding.balance;
}

function record(w: World, id: Uint8Array): ActionRecord | undefined {
  return loadAction({ get: (ns, key) => w.s.state.get(ns as StateNsByte, key), set: () => undefined }, id);
}

/** supply = sum of holdings + what every action in the asset still locks. */
function expectSupplyConserved(w: World): void {
  const supply = decodeAsset(w.s.state.get(StateNs.asset, assetKey(w.id))!)!.supply;
  const holdings = everyone.reduce((n, who) => n + held(w, who), 0n);
  const locked = w.actions.reduce((n, id) => {
    const r = record(w, id);
    return n + (r && r.asset && bytesEqual(r.asset, w.id) ? lockedOf(r) : 0n);
  }, 0n);
  expect(holdings + locked).toBe(supply);
}

/** Sends a create and remembers it as one of the world's actions. */
function create(w: World, from: Identity, kind: Parameters<ActionSim["tx"]>[1], body: never): { id: Uint8Array; code: string | null } {
  const t = w.s.tx(from, kind, body);
  const code = outcome(w.s, t);
  if (code === null) w.actions.push(t.id);
  return { id: t.id, code };
}

const htlcRelease = (h: Uint8Array, at: number) => ({ op: "and" as const, children: [{ op: "hashPreimage" as const, sha256: h }, { op: "before" as const, clock: "height" as const, at }] });

describe("actions in an asset: escrow", () => {
  it("locks the asset at creation and releases it in the asset; native pays only the fees", () => {
    const w = world();
    const nativeBefore = w.s.balance(alice);
    const e = create(w, alice, "escrow", {
      op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 2_500n, asset: w.id,
      release: { op: "approvals", m: 1, of: [carol.publicKey] }, refund: { op: "after", clock: "height", at: 1_000 },
    } as never);
    expect(e.code).toBeNull();
    expect(held(w, alice)).toBe(90_000n - 2_500n);
    expect(w.s.balance(alice)).toBe(nativeBefore - SIM_FEE);
    expect(record(w, e.id)).toMatchObject({ asset: w.id, amount: 2_500n, status: "open" });
    expectSupplyConserved(w);
    expect(outcome(w.s, w.s.tx(carol, "escrow", { op: "approve", id: e.id }))).toBeNull();
    expect(held(w, bob)).toBe(10_000n + 2_500n);
    expect(w.s.balance(bob)).toBe(START_BALANCE);
    expect(record(w, e.id)).toMatchObject({ status: "released" });
    expectSupplyConserved(w);
  });

  it("refuses an unknown asset, a frozen creator and an overdraft, each with its code, changing nothing but the fee", () => {
    const w = world();
    const body = (asset: Uint8Array, amount: bigint) => ({
      op: "create", releaseTo: carol.publicKey, refundTo: bob.publicKey, amount, asset,
      release: htlcRelease(new Uint8Array(32), 100), refund: { op: "after", clock: "height", at: 100 },
    }) as never;
    const before = [held(w, bob), w.s.entries(ACTION_NS)] as const;
    expect(create(w, bob, "escrow", body(bytes32("no such asset"), 10n)).code).toBe("ASSET_NOT_FOUND");
    expect(create(w, bob, "escrow", body(w.id, 10_001n)).code).toBe("ASSET_INSUFFICIENT");
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: bob.publicKey })).toBeNull();
    expect(create(w, bob, "escrow", body(w.id, 10n)).code).toBe("ASSET_FROZEN");
    expect([held(w, bob), w.s.entries(ACTION_NS)]).toEqual(before);
    expect(w.s.balance(bob)).toBe(START_BALANCE - 3n * SIM_FEE);
    expectSupplyConserved(w);
  });

  it("a claim paying a holder frozen since creation fails (ASSET_FROZEN) and the escrow keeps the funds; once unfrozen it pays", () => {
    const w = world();
    const secret = new TextEncoder().encode("s3cret");
    const e = create(w, alice, "escrow", {
      op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 700n, asset: w.id,
      release: htlcRelease(sha256(secret), 100), refund: { op: "after", clock: "height", at: 100 },
    } as never);
    expect(e.code).toBeNull();
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: bob.publicKey })).toBeNull();
    const claim = () => outcome(w.s, w.s.tx(carol, "escrow", { op: "claim", id: e.id, side: "release", preimages: [secret] }));
    expect(claim()).toBe("ASSET_FROZEN");
    expect(record(w, e.id)).toMatchObject({ status: "open" });
    expect(held(w, bob)).toBe(10_000n);
    expectSupplyConserved(w);
    expect(assetOp(w.s, alice, { op: "unfreeze", asset: w.id, holder: bob.publicKey })).toBeNull();
    expect(claim()).toBeNull();
    expect(held(w, bob)).toBe(10_700n);
    expectSupplyConserved(w);
  });

  it("a payout the block hook makes to a holder frozen since creation returns to the funder", () => {
    const w = world();
    const e = create(w, alice, "escrow", {
      op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 300n, asset: w.id,
      release: { op: "after", clock: "height", at: 8 }, refund: { op: "after", clock: "height", at: 1_000 },
    } as never);
    expect(e.code).toBeNull();
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: bob.publicKey })).toBeNull();
    w.s.until(9);
    // The record says the release went back to the owner, for bob: not "released".
    const r = record(w, e.id)!;
    expect(r).toMatchObject({ status: "releaseReturned" });
    expect(held(w, bob)).toBe(10_000n);
    expect(held(w, alice)).toBe(90_000n);
    expectSupplyConserved(w);
    const json = actionRecordJson(e.id, r, { assetId: w.id, symbol: "PTS", decimals: 2, issuer: alice.publicKey });
    expect(json).toMatchObject({ status: "returned", settledSide: "release", paidTo: alice.address, returnedFor: bob.address, returnReason: "PAYEE_FROZEN" });
  });
});

describe("actions in an asset: points (non-transferable)", () => {
  it("only the admin locks points (ASSET_NOT_TRANSFERABLE for a holder), and the admin's packet pays any claimer", () => {
    const w = world(ALL_FLAGS & ~TRANSFERABLE);
    const packet = (total: bigint) => ({ op: "send", total, shares: 2, split: "equal", audience: { kind: "channel", channel }, expiry: { clock: "height", at: 50 }, asset: w.id }) as never;
    expect(create(w, bob, "redPacket", packet(100n)).code).toBe("ASSET_NOT_TRANSFERABLE");
    expect(held(w, bob)).toBe(10_000n);
    const p = create(w, alice, "redPacket", packet(100n));
    expect(p.code).toBeNull();
    expect(outcome(w.s, w.s.tx(bob, "redPacket", { op: "claim", id: p.id }))).toBeNull();
    expect(outcome(w.s, w.s.tx(carol, "redPacket", { op: "claim", id: p.id }))).toBeNull();
    expect([held(w, bob), held(w, carol)]).toEqual([10_050n, 50n]);
    expectSupplyConserved(w);
  });
});

describe("actions in an asset: red packet", () => {
  it("pays each claim in the asset, refuses a frozen claimer, and returns the rest in the asset at expiry", () => {
    const w = world();
    const p = create(w, bob, "redPacket", { op: "send", total: 900n, shares: 3, split: "random", audience: { kind: "channel", channel }, expiry: { clock: "height", at: 12 }, asset: w.id } as never);
    expect(p.code).toBeNull();
    expect(held(w, bob)).toBe(9_100n);
    expect(outcome(w.s, w.s.tx(carol, "redPacket", { op: "claim", id: p.id }))).toBeNull();
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: dave.publicKey })).toBeNull();
    expect(outcome(w.s, w.s.tx(dave, "redPacket", { op: "claim", id: p.id }))).toBe("ASSET_FROZEN");
    expect(held(w, dave)).toBe(0n);
    expectSupplyConserved(w);
    const carolGot = held(w, carol);
    expect(carolGot).toBeGreaterThan(0n);
    w.s.until(13);
    expect(record(w, p.id)).toMatchObject({ status: "expired" });
    expect(held(w, bob)).toBe(10_000n - carolGot);
    expectSupplyConserved(w);
  });
});

describe("actions in an asset: scheduled payment, bounty, reward pool, shared account", () => {
  it("a scheduled payment pays each run in the asset; a run to a payee frozen since is counted failed and returns", () => {
    const w = world();
    const sp = create(w, bob, "scheduledPayment", { op: "create", to: carol.publicKey, amount: 100n, clock: "height", start: 5, interval: 2, runs: 3, asset: w.id } as never);
    expect(sp.code).toBeNull();
    expect(held(w, bob)).toBe(9_700n);
    w.s.until(6);
    expect(held(w, carol)).toBe(100n);
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: carol.publicKey })).toBeNull();
    w.s.until(10);
    expect(record(w, sp.id)).toMatchObject({ status: "finished", done: 3, failed: 2 });
    expect([held(w, bob), held(w, carol)]).toEqual([9_900n, 100n]);
    expectSupplyConserved(w);
  });

  it("a bounty pays the answer in the asset; a reward pool pays posts in the asset and returns the rest", () => {
    const w = world();
    const b = create(w, bob, "bounty", { op: "offer", amount: 400n, target: { kind: "channel", channel }, answerer: null, deadline: { clock: "height", at: 40 }, asset: w.id } as never);
    const pool = create(w, alice, "rewardPool", { op: "fund", channel, reward: 30n, capPerPeriod: 1, periodBlocks: 100, fund: 100n, expiry: { clock: "height", at: 12 }, asset: w.id } as never);
    expect([b.code, pool.code]).toEqual([null, null]);
    expectSupplyConserved(w);
    w.s.block([w.s.tx(carol, "channelPost", { channel, epoch: 0, envelope: new Uint8Array(40).fill(7) })]);
    expect(record(w, b.id)).toMatchObject({ status: "paid" });
    expect(held(w, carol)).toBe(400n + 30n);
    w.s.until(13);
    expect(record(w, pool.id)).toMatchObject({ status: "expired" });
    expect(held(w, alice)).toBe(90_000n - 30n);
    expectSupplyConserved(w);
  });

  it("a shared account holds the asset: deposits must name it (ACTION_ASSET_MISMATCH), payouts are in it, a frozen payee fails the approval", () => {
    const w = world();
    const members = [bob.publicKey, carol.publicKey].sort(Buffer.compare);
    const acct = create(w, bob, "sharedAccount", { op: "create", members, threshold: 2, deposit: 1_000n, asset: w.id } as never);
    expect(acct.code).toBeNull();
    expect(held(w, bob)).toBe(9_000n);
    expect(outcome(w.s, w.s.tx(alice, "sharedAccount", { op: "deposit", id: acct.id, amount: 500n }))).toBe("ACTION_ASSET_MISMATCH");
    expect(outcome(w.s, w.s.tx(alice, "sharedAccount", { op: "deposit", id: acct.id, amount: 500n, asset: bytes32("other") }))).toBe("ACTION_ASSET_MISMATCH");
    expect(w.s.balance(alice)).toBe(START_BALANCE - 4n * SIM_FEE); // create, transfer, two failed deposits: no native moved
    expect(outcome(w.s, w.s.tx(alice, "sharedAccount", { op: "deposit", id: acct.id, amount: 500n, asset: w.id }))).toBeNull();
    expect(record(w, acct.id)).toMatchObject({ balance: 1_500n });
    expectSupplyConserved(w);
    const pay = { type: "pay" as const, to: dave.publicKey, amount: 600n };
    expect(outcome(w.s, w.s.tx(bob, "sharedAccount", { op: "propose", id: acct.id, action: pay, expiry: { clock: "height", at: 100 } }))).toBeNull();
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: dave.publicKey })).toBeNull();
    const approve = () => outcome(w.s, w.s.tx(carol, "sharedAccount", { op: "approve", id: acct.id, proposalId: 0 }));
    expect(approve()).toBe("ASSET_FROZEN");
    expect(record(w, acct.id)).toMatchObject({ balance: 1_500n });
    expect(assetOp(w.s, alice, { op: "unfreeze", asset: w.id, holder: dave.publicKey })).toBeNull();
    expect(approve()).toBeNull();
    expect([held(w, dave), (record(w, acct.id) as { balance: bigint }).balance]).toEqual([600n, 900n]);
    expectSupplyConserved(w);
  });
});

describe("actions in an asset: the wire form", () => {
  const asset = bytes32("PTS");
  const creates = {
    escrow: { ...(SAMPLE_BODIES.escrow as object), op: "create" },
    scheduledPayment: SAMPLE_BODIES.scheduledPayment,
    sharedAccount: { op: "create", members: [bob.publicKey], threshold: 1, deposit: 5n },
    redPacket: SAMPLE_BODIES.redPacket,
    bounty: SAMPLE_BODIES.bounty,
    rewardPool: SAMPLE_BODIES.rewardPool,
  } as const;

  it("adds the asset as one trailing field, keeps native bodies as they were, refuses a nil asset field", () => {
    for (const [kind, native] of Object.entries(creates) as Array<[keyof typeof creates, object]>) {
      const spec = specOf(kind);
      const plain = spec.encodeBody(native as never);
      const withAsset = spec.encodeBody({ ...native, asset } as never);
      expect(withAsset, kind).toEqual([...plain, asset]);
      expect(spec.encodeBody({ ...native, asset: null } as never), kind).toEqual(plain);
      expect(spec.decodeBody(withAsset), kind).toMatchObject({ asset });
      expect(spec.decodeBody(plain), kind).not.toHaveProperty("asset");
      expect(spec.decodeBody([...plain, null]), kind).toBe("asset must be 32 bytes (omit the field for the native token)");
      expect(spec.decodeBody([...plain, asset, asset]), kind).toMatch(/fields, or .* with an asset/);
      // Native spends its amount at admission; an asset spends no native token.
      const t = (body: object) => sample(kind, body as never).stx.tx as never;
      expect(spec.spend(t({ ...native, asset }))).toBe(0n);
      expect(spec.spend(t(native))).toBeGreaterThan(0n);
    }
    const deposit = specOf("sharedAccount").encodeBody({ op: "deposit", id: bytes32("acct"), amount: 5n, asset });
    expect(specOf("sharedAccount").decodeBody(deposit)).toMatchObject({ op: "deposit", amount: 5n, asset });
  });

  it("survives a whole tx's round trip and shows the asset in the body JSON", () => {
    const body = { ...(creates.redPacket as object), asset } as never;
    const built = tx(alice, "redPacket", body);
    const back = decodeTx(built.stx.bytes, 1 << 20);
    expect(back.ok && back.value.tx.body).toEqual(body);
    expect(bodyJson(sample("redPacket", body))).toMatchObject({ asset: "0x" + toHex(asset) });
    expect(bodyJson(sample("redPacket"))).toMatchObject({ asset: null });
    expect(chatEntry(sample("redPacket", body))).toMatchObject({ type: "action", asset });
  });
});

describe("actions in an asset: a creation that locks nothing yet", () => {
  it("still needs the asset to exist (ASSET_NOT_FOUND for a shared account without a deposit)", () => {
    const w = world();
    const members = [bob.publicKey, carol.publicKey].sort(Buffer.compare);
    expect(create(w, bob, "sharedAccount", { op: "create", members, threshold: 1, deposit: 0n, asset: bytes32("none") } as never).code).toBe("ASSET_NOT_FOUND");
    expect(w.s.entries(ACTION_NS)).toBe(0);
    expect(create(w, bob, "sharedAccount", { op: "create", members, threshold: 1, deposit: 0n, asset: w.id } as never).code).toBeNull();
  });
});

/** A move as the test reads it: what, from, to, payee (first letters of names), amount, tx index. */
function moveText(m: BlockMove): string {
  const who = (a: Uint8Array | null | undefined) => (a ? nameOf(a) : "-");
  return `${m.actionKind} ${m.what} ${who(m.from)}>${who(m.to)}${m.payee ? ` for ${who(m.payee)}` : ""} ${m.amount} @${m.index ?? "hook"}`;
}
const nameOf = (a: Uint8Array): string => ["alice", "bob", "carol", "dave"][everyone.findIndex((e) => bytesEqual(e.publicKey, a))]!;

describe("what actions move in an asset, as execution reports it (subscribe_assets)", () => {
  it("a red packet: the lock at creation, each claim's payout, the refund at expiry; a failed claim notes nothing", () => {
    const w = world();
    const t = w.s.tx(bob, "redPacket", { op: "send", total: 900n, shares: 3, split: "equal", audience: { kind: "channel", channel }, expiry: { clock: "height", at: 6 }, asset: w.id } as never);
    const made = w.s.block([t]);
    expect(made.moves.map(moveText)).toEqual(["redPacket lock bob>- 900 @0"]);
    expect(made.moves[0]).toMatchObject({ action: t.id, asset: w.id });
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: dave.publicKey })).toBeNull();
    const claims = w.s.block([w.s.tx(carol, "redPacket", { op: "claim", id: t.id } as never), w.s.tx(dave, "redPacket", { op: "claim", id: t.id } as never)]);
    expect(claims.included[1]!.failure?.code).toBe("ASSET_FROZEN");
    expect(claims.moves.map(moveText)).toEqual(["redPacket payout ->carol 300 @0"]);
    w.s.until(5);
    const expiry = w.s.block();
    expect(expiry.moves.map(moveText)).toEqual(["redPacket refund ->bob 600 @hook"]);
    // Native actions report their moves too (asset null); subscribe_assets leaves them out.
    const native = w.s.block([w.s.tx(bob, "redPacket", { op: "send", total: 30n, shares: 1, split: "equal", audience: { kind: "channel", channel }, expiry: { clock: "height", at: 50 } } as never)]);
    expect(native.moves.map((m) => [m.what, m.asset])).toEqual([["lock", null]]);
  });

  it("a scheduled run returned from a frozen payee, an escrow claim and a shared account's deposit, each noted", () => {
    const w = world();
    const sp = w.s.tx(bob, "scheduledPayment", { op: "create", to: carol.publicKey, amount: 100n, clock: "height", start: 5, interval: 2, runs: 2, asset: w.id } as never);
    expect(w.s.block([sp]).moves.map(moveText)).toEqual(["scheduledPayment lock bob>- 200 @0"]);
    // The blocks up to `h` (exclusive): what their hooks and txs moved.
    const movesUntil = (h: number): string[] => {
      const out: string[] = [];
      while (w.s.height < h) out.push(...w.s.block().moves.map(moveText));
      return out;
    };
    expect(movesUntil(6)).toEqual(["scheduledPayment payout ->carol 100 @hook"]);
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: carol.publicKey })).toBeNull();
    expect(movesUntil(10)).toEqual(["scheduledPayment returned ->bob for carol 100 @hook"]);
    const secret = new Uint8Array(32).fill(5);
    const htlc = w.s.tx(bob, "escrow", { op: "create", releaseTo: dave.publicKey, refundTo: bob.publicKey, amount: 50n, asset: w.id, release: htlcRelease(sha256(secret), 1_000), refund: { op: "after", clock: "height", at: 1_000 } } as never);
    w.s.block([htlc]);
    expect(w.s.block([w.s.tx(alice, "escrow", { op: "claim", id: htlc.id, side: "release", preimages: [secret] } as never)]).moves.map(moveText)).toEqual(["escrow payout ->dave 50 @0"]);
    const members = [bob.publicKey, dave.publicKey].sort(Buffer.compare);
    const acct = w.s.tx(bob, "sharedAccount", { op: "create", members, threshold: 1, deposit: 300n, asset: w.id } as never);
    w.s.block([acct]);
    expect(w.s.block([w.s.tx(alice, "sharedAccount", { op: "deposit", id: acct.id, amount: 20n, asset: w.id } as never)]).moves.map(moveText)).toEqual(["sharedAccount lock alice>- 20 @0"]);
  });

  it("a bounty answered by a holder frozen in the asset is refunded to the owner, and says so: not paid to the answerer", () => {
    const w = world();
    const b = create(w, bob, "bounty", { op: "offer", amount: 400n, target: { kind: "channel", channel }, answerer: null, deadline: { clock: "height", at: 40 }, asset: w.id } as never);
    expect(b.code).toBeNull();
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: carol.publicKey })).toBeNull();
    const answered = w.s.block([w.s.tx(carol, "channelPost", { channel, epoch: 0, envelope: new Uint8Array(40).fill(7) })]);
    expect(answered.moves.map(moveText)).toEqual(["bounty returned ->bob for carol 400 @hook"]);
    const r = record(w, b.id)!;
    expect(r).toMatchObject({ status: "returned", paidTo: carol.publicKey });
    expect(held(w, carol)).toBe(0n);
    expect(held(w, bob)).toBe(10_000n);
    expectSupplyConserved(w);
    // The view every surface reads (RPC JSON, CLI show, app card): refunded, with the reason.
    const json = actionRecordJson(b.id, r, { assetId: w.id, symbol: "PTS", decimals: 2, issuer: alice.publicKey });
    expect(json).toMatchObject({ status: "refunded", paidTo: null, answeredBy: carol.address, refundedTo: bob.address, refundReason: "ANSWERER_FROZEN", locked: "0" });
  });

  it("an escrow released by the hook to a frozen payee is noted returned, and its record says so", () => {
    const w = world();
    const e = create(w, bob, "escrow", { op: "create", releaseTo: carol.publicKey, refundTo: bob.publicKey, amount: 70n, asset: w.id, release: { op: "after", clock: "height", at: 6 }, refund: { op: "after", clock: "height", at: 1_000 } } as never);
    expect(e.code).toBeNull();
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: carol.publicKey })).toBeNull();
    const moves: string[] = [];
    while (w.s.height < 8) moves.push(...w.s.block().moves.map(moveText));
    expect(moves).toEqual(["escrow returned ->bob for carol 70 @hook"]);
    expect(record(w, e.id)).toMatchObject({ status: "releaseReturned" });
  });

  it("a reward pool pays nothing for a frozen member's post: the reward stays for the others, nothing is returned", () => {
    const w = world();
    const pool = create(w, alice, "rewardPool", { op: "fund", channel, reward: 30n, capPerPeriod: 5, periodBlocks: 100, fund: 100n, expiry: { clock: "height", at: 40 }, asset: w.id } as never);
    expect(pool.code).toBeNull();
    expect(assetOp(w.s, alice, { op: "freeze", asset: w.id, holder: carol.publicKey })).toBeNull();
    const post = (who: Identity) => w.s.tx(who, "channelPost", { channel, epoch: 0, envelope: new Uint8Array(40).fill(7) });
    expect(w.s.block([post(carol)]).moves.map(moveText)).toEqual([]);
    expect(record(w, pool.id)).toMatchObject({ balance: 100n, paidPosts: 0 });
    expect(w.s.block([post(dave)]).moves.map(moveText)).toEqual(["rewardPool payout ->dave 30 @hook"]);
    expect(record(w, pool.id)).toMatchObject({ balance: 70n, paidPosts: 1 });
    expect([held(w, carol), held(w, alice)]).toEqual([0n, 90_000n - 100n]);
    expectSupplyConserved(w);
  });

  it("a bounty paid or refunded at its deadline says who was paid, or that nobody answered", () => {
    const w = world();
    const paid = create(w, bob, "bounty", { op: "offer", amount: 400n, target: { kind: "channel", channel }, answerer: null, deadline: { clock: "height", at: 40 }, asset: w.id } as never);
    const late = create(w, bob, "bounty", { op: "offer", amount: 50n, target: { kind: "direct", to: dave.publicKey }, answerer: null, deadline: { clock: "height", at: 6 }, asset: w.id } as never);
    const answered = w.s.block([w.s.tx(carol, "channelPost", { channel, epoch: 0, envelope: new Uint8Array(40).fill(7) })]);
    expect(answered.moves.map(moveText)).toEqual(["bounty payout ->carol 400 @hook"]);
    w.s.until(5);
    expect(w.s.block().moves.map(moveText)).toEqual(["bounty refund ->bob 50 @hook"]);
    const unit = { assetId: w.id, symbol: "PTS", decimals: 2, issuer: alice.publicKey };
    expect(actionRecordJson(paid.id, record(w, paid.id)!, unit)).toMatchObject({ status: "paid", paidTo: carol.address, answeredBy: carol.address, refundedTo: null, refundReason: null });
    expect(actionRecordJson(late.id, record(w, late.id)!, unit)).toMatchObject({ status: "refunded", paidTo: null, answeredBy: null, refundedTo: bob.address, refundReason: "NO_ANSWER" });
  });
});
