import { describe, expect, it } from "vitest";
import { workKind, type WorkBody } from "../../../../../src/chain/tx/kinds/work.js";
import { anchorKind } from "../../../../../src/chain/tx/kinds/anchor.js";
import { StateNs } from "../../../../../src/chain/tx/spec.js";
import { decodeLicence, decodeOffer, decodeWork, licenceKey, licenceValid, offerKey, workKey } from "../../../../../src/chain/works/records.js";
import { DEFAULT_PARAMS } from "../../../../../src/chain/params.js";
import { assetIdOf } from "../../../../../src/chain/assets/records.js";
import { readBalance } from "../../../../../src/chain/assets/reads.js";
import type { Identity } from "../../../../../src/client/keys.js";
import { bytes32, identity, SAMPLE_BODIES } from "../fixtures.js";
import { ActionSim, outcome, SIM_FEE, START_BALANCE } from "./action-sim.js";
import { alice, bech, bob, bodyJson, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";

const dave = identity("dave");
const erin = identity("erin");
const content = bytes32("song.flac");
const register = SAMPLE_BODIES.work as Extract<WorkBody, { op: "register" }>;
const license = (offer: number, price: bigint): WorkBody => ({ op: "license", workId: content, offer, asset: null, price });

function sim(): ActionSim {
  return new ActionSim([alice, bob, carol, dave, erin]);
}

/** A sim where alice registered the sample work (creators alice 50%, bob 30%, carol 20%; offers 1,000 perpetual and 25,000 for 1,000 blocks). */
function registered(): ActionSim {
  const s = sim();
  expect(outcome(s, s.tx(alice, "work", register))).toBeNull();
  return s;
}

const work = (s: ActionSim) => decodeWork(s.state.get(StateNs.work, workKey(content))!)!;
const offer = (s: ActionSim, i: number) => decodeOffer(s.state.get(StateNs.work, offerKey(content, i))!)!;
const licence = (s: ActionSim, i: number) => {
  const raw = s.state.get(StateNs.work, licenceKey(content, i));
  return raw && decodeLicence(raw);
};

describe("work kind: register", () => {
  it("anchors the content in the same tx and records creators, payees and offers", () => {
    const s = registered();
    const w = work(s);
    expect(hex(w.owner)).toBe(hex(alice.publicKey));
    expect(w.creators.map((c) => [hex(c.address), c.bps])).toEqual([[hex(alice.publicKey), 5_000], [hex(bob.publicKey), 3_000], [hex(carol.publicKey), 2_000]]);
    expect(w.payees).toEqual(w.creators);
    expect([w.height, w.offerCount, w.licenceCount, w.transfers]).toEqual([1, 2, 0, 0]);
    expect(offer(s, 1)).toMatchObject({ price: 25_000n, use: "commercial", term: { clock: "blocks", length: 1_000 }, withdrawn: false });
    expect(s.state.get(StateNs.anchor, content)).toBeDefined();
  });

  it("stands on an anchor the registrant made earlier", () => {
    const s = sim();
    expect(outcome(s, s.tx(alice, "anchor", { hash: content, tag: "song" }))).toBeNull();
    expect(outcome(s, s.tx(alice, "work", { ...register, anchorTag: null }))).toBeNull();
    expect(work(s).height).toBe(2);
  });

  it("refuses content nobody anchored (WORK_NOT_ANCHORED) and content another account anchored (WORK_ANCHORED_BY_OTHER)", () => {
    const s = sim();
    expect(outcome(s, s.tx(alice, "work", { ...register, anchorTag: null }))).toBe("WORK_NOT_ANCHORED");
    expect(outcome(s, s.tx(dave, "anchor", { hash: content, tag: "mine" }))).toBeNull();
    expect(outcome(s, s.tx(alice, "work", { ...register, anchorTag: null }))).toBe("WORK_ANCHORED_BY_OTHER");
    // anchoring again in the register tx is the anchor's own refusal
    expect(outcome(s, s.tx(alice, "work", register))).toBe("ANCHOR_EXISTS");
    expect(s.state.get(StateNs.work, workKey(content))).toBeUndefined();
  });

  it("registers a content hash once (WORK_EXISTS)", () => {
    const s = registered();
    expect(outcome(s, s.tx(alice, "work", { ...register, anchorTag: null }))).toBe("WORK_EXISTS");
  });

  it("refuses shares not summing to 10,000, zero shares, too many and duplicate co-creators, at admission", () => {
    const s = sim();
    const c = (bps: number[]) => ({ ...register, creators: bps.map((b, i) => ({ address: [alice, bob, carol, dave, erin][i % 5]!.publicKey, bps: b })) });
    expect(outcome(s, s.tx(alice, "work", c([5_000, 3_000, 1_999])))).toBe("rejected:WORK_BAD_SHARES");
    expect(outcome(s, s.tx(alice, "work", c([5_000, 5_001])))).toBe("rejected:WORK_BAD_SHARES");
    expect(outcome(s, s.tx(alice, "work", c([10_000, 0])))).toBe("rejected:WORK_BAD_SHARES");
    expect(outcome(s, s.tx(alice, "work", c([])))).toBe("rejected:WORK_BAD_SHARES");
    expect(outcome(s, s.tx(alice, "work", { ...register, creators: [{ address: bob.publicKey, bps: 5_000 }, { address: bob.publicKey, bps: 5_000 }] }))).toBe("rejected:WORK_DUPLICATE_CREATOR");
    const sixteen = [...Array(16)].map((_, i) => ({ address: identity(`payee-${i}`).publicKey, bps: 625 }));
    expect(workKind.checkStateless(sample("work", { ...register, creators: sixteen }).stx.tx, DEFAULT_PARAMS)).toBeNull();
    const seventeen = [...sixteen.slice(1), { address: dave.publicKey, bps: 312 }, { address: erin.publicKey, bps: 313 }];
    expect(workKind.checkStateless(sample("work", { ...register, creators: seventeen }).stx.tx, DEFAULT_PARAMS)?.code).toBe("WORK_BAD_SHARES");
    expect(s.state.get(StateNs.work, workKey(content))).toBeUndefined();
  });

  it("refuses bad offer terms (WORK_BAD_OFFER) and an oversized anchor tag", () => {
    const s = sim();
    const o = (terms: Partial<(typeof register.offers)[0]>) => ({ ...register, offers: [{ ...register.offers[0]!, ...terms }] });
    expect(outcome(s, s.tx(alice, "work", o({ use: "" })))).toBe("rejected:WORK_BAD_OFFER");
    expect(outcome(s, s.tx(alice, "work", o({ use: "bad\nlabel" })))).toBe("rejected:WORK_BAD_OFFER");
    expect(outcome(s, s.tx(alice, "work", o({ term: { clock: "blocks", length: 0 } })))).toBe("rejected:WORK_BAD_OFFER");
    expect(outcome(s, s.tx(alice, "work", o({ term: { clock: "seconds", length: 0 } })))).toBe("rejected:WORK_BAD_OFFER");
    expect(outcome(s, s.tx(alice, "work", { ...register, anchorTag: "x".repeat(DEFAULT_PARAMS.maxAnchorTagLength + 1) }))).toBe("rejected:TOO_LARGE");
  });
});

describe("work kind: offers", () => {
  it("adds offers at the next index, only by the owner, at most 32 over a work's life", () => {
    const s = registered();
    const terms = { asset: null, price: 7n, use: "remix", term: { clock: "seconds" as const, length: 3_600 } };
    expect(outcome(s, s.tx(bob, "work", { op: "offer", workId: content, offer: terms }))).toBe("WORK_NOT_OWNER");
    expect(outcome(s, s.tx(alice, "work", { op: "offer", workId: bytes32("nothing"), offer: terms }))).toBe("WORK_NOT_FOUND");
    // 30 more offers fill the work to 32
    const txs = [];
    for (let i = 0; i < 30; i++) txs.push(s.tx(alice, "work", { op: "offer", workId: content, offer: terms }));
    s.block(txs);
    expect(work(s).offerCount).toBe(32);
    expect(offer(s, 31)).toMatchObject({ use: "remix", term: { clock: "seconds", length: 3_600 } });
    expect(outcome(s, s.tx(alice, "work", { op: "offer", workId: content, offer: terms }))).toBe("WORK_TOO_MANY_OFFERS");
  });

  it("withdraws an offer once, only by the owner; an unknown offer is WORK_OFFER_NOT_FOUND", () => {
    const s = registered();
    expect(outcome(s, s.tx(bob, "work", { op: "withdraw", workId: content, offer: 0 }))).toBe("WORK_NOT_OWNER");
    expect(outcome(s, s.tx(alice, "work", { op: "withdraw", workId: content, offer: 5 }))).toBe("WORK_OFFER_NOT_FOUND");
    expect(outcome(s, s.tx(alice, "work", { op: "withdraw", workId: content, offer: 0 }))).toBeNull();
    expect(offer(s, 0).withdrawn).toBe(true);
    expect(outcome(s, s.tx(alice, "work", { op: "withdraw", workId: content, offer: 0 }))).toBe("WORK_OFFER_WITHDRAWN");
  });
});

describe("work kind: licences", () => {
  it("splits the price among the payees to the base unit and records the licence", () => {
    const s = registered();
    const before = [alice, bob, carol].map((w) => s.balance(w));
    expect(outcome(s, s.tx(dave, "work", license(1, 25_000n)))).toBeNull();
    // 25,000 * 50/30/20 % = 12,500 / 7,500 / 5,000 exactly
    expect([alice, bob, carol].map((w, i) => s.balance(w) - before[i]!)).toEqual([12_500n, 7_500n, 5_000n]);
    expect(s.balance(dave)).toBe(START_BALANCE - SIM_FEE - 25_000n);
    const l = licence(s, 0)!;
    expect(l).toMatchObject({ offer: 1, price: 25_000n, use: "commercial", fromHeight: 2, term: "blocks", until: 1_002 });
    expect(hex(l.holder)).toBe(hex(dave.publicKey));
    expect([licenceValid(l, 1_001, 0), licenceValid(l, 1_002, 0)]).toEqual([true, false]);
    expect(work(s).licenceCount).toBe(1);
  });

  it("gives the remainder of an uneven price to the largest fractions (1,001 = 500.5 / 300.3 / 200.2)", () => {
    const s = registered();
    expect(outcome(s, s.tx(alice, "work", { op: "offer", workId: content, offer: { asset: null, price: 1_001n, use: "odd", term: { clock: "seconds", length: 60 } } }))).toBeNull();
    const before = [alice, bob, carol].map((w) => s.balance(w));
    expect(outcome(s, s.tx(dave, "work", license(2, 1_001n)))).toBeNull();
    expect([alice, bob, carol].map((w, i) => s.balance(w) - before[i]!)).toEqual([501n, 300n, 200n]);
    const l = licence(s, 0)!;
    // a term in seconds ends at the block time plus the term (block time is height * 1,000 ms here)
    expect([l.fromTime, l.until]).toEqual([3_000, 63_000]);
    expect([licenceValid(l, 9, 62_999), licenceValid(l, 9, 63_000)]).toEqual([true, false]);
  });

  it("refuses a wrong price, a wrong asset, an unknown offer or work, and a withdrawn offer, paying nobody", () => {
    const s = registered();
    const before = [alice, bob, carol].map((w) => s.balance(w));
    expect(outcome(s, s.tx(dave, "work", license(0, 999n)))).toBe("WORK_PRICE_MISMATCH");
    expect(outcome(s, s.tx(dave, "work", license(0, 1_001n)))).toBe("WORK_PRICE_MISMATCH");
    expect(outcome(s, s.tx(dave, "work", { op: "license", workId: content, offer: 0, asset: bytes32("points"), price: 1_000n }))).toBe("WORK_ASSET_MISMATCH");
    expect(outcome(s, s.tx(dave, "work", license(9, 1_000n)))).toBe("WORK_OFFER_NOT_FOUND");
    expect(outcome(s, s.tx(dave, "work", { ...license(0, 1_000n), workId: bytes32("other") } as WorkBody))).toBe("WORK_NOT_FOUND");
    expect(outcome(s, s.tx(alice, "work", { op: "withdraw", workId: content, offer: 0 }))).toBeNull();
    expect(outcome(s, s.tx(dave, "work", license(0, 1_000n)))).toBe("WORK_OFFER_WITHDRAWN");
    expect([bob, carol].map((w, i) => s.balance(w) - before[i + 1]!)).toEqual([0n, 0n]);
    expect(licence(s, 0)).toBeUndefined();
  });

  it("a sale the buyer cannot pay fails in the block and undoes the shares already credited", () => {
    const s = new ActionSim([alice, bob, carol]);
    s.state.fund(dave, SIM_FEE + 24_999n);
    expect(outcome(s, s.tx(alice, "work", register))).toBeNull();
    const before = [alice, bob, carol].map((w) => s.balance(w));
    // alice's 12,500 and bob's 7,500 fit, carol's 5,000 does not: all three are undone
    expect(outcome(s, s.tx(dave, "work", license(1, 25_000n)))).toBe("INSUFFICIENT_FUNDS");
    expect([alice, bob, carol].map((w, i) => s.balance(w) - before[i]!)).toEqual([0n, 0n, 0n]);
    expect(s.balance(dave)).toBe(24_999n);
    expect(licence(s, 0)).toBeUndefined();
  });

  it("sells a licence priced in an asset through the asset ledger, split exactly; an unknown asset is ASSET_NOT_FOUND", () => {
    const s = registered();
    const mk = s.tx(dave, "asset", { op: "create", symbol: "PTS", name: "points", decimals: 0, initial: 1_000n, maxSupply: null, metaHash: null, flags: 1 });
    expect(outcome(s, mk)).toBeNull();
    const pts = assetIdOf(dave.publicKey, mk.id);
    expect(outcome(s, s.tx(alice, "work", { op: "offer", workId: content, offer: { asset: pts, price: 7n, use: "fan", term: { clock: "perpetual" } } }))).toBeNull();
    const before = s.balance(dave);
    expect(outcome(s, s.tx(dave, "work", { op: "license", workId: content, offer: 2, asset: pts, price: 7n }))).toBeNull();
    const held = (w: Identity) => readBalance((ns, k) => s.state.get(ns, k), w.publicKey, pts).holding.balance;
    // 7 split 50/30/20: 3.5, 2.1, 1.4 -> 3, 2, 1, and the one left over goes to alice (largest fraction)
    expect([held(alice), held(bob), held(carol), held(dave)]).toEqual([4n, 2n, 1n, 993n]);
    expect(before - s.balance(dave)).toBe(SIM_FEE);
    expect(licence(s, 0)).toMatchObject({ price: 7n });
    expect(outcome(s, s.tx(alice, "work", { op: "offer", workId: content, offer: { asset: bytes32("points"), price: 5n, use: "fan", term: { clock: "perpetual" } } }))).toBeNull();
    expect(outcome(s, s.tx(dave, "work", { op: "license", workId: content, offer: 3, asset: bytes32("points"), price: 5n }))).toBe("ASSET_NOT_FOUND");
    expect(outcome(s, s.tx(dave, "work", { op: "tip", workId: content, asset: pts, amount: 994n }))).toBe("ASSET_INSUFFICIENT");
    expect(held(dave)).toBe(993n);
  });
});

describe("work kind: tips and transfers", () => {
  it("splits a tip like a sale; a zero tip is refused at admission", () => {
    const s = registered();
    const before = [alice, bob, carol].map((w) => s.balance(w));
    expect(outcome(s, s.tx(dave, "work", { op: "tip", workId: content, asset: null, amount: 3n }))).toBeNull();
    // 3 = 1.5 / 0.9 / 0.6: floors 1+0+0, two units left: to 0.9 (bob) and 0.6 (carol)
    expect([alice, bob, carol].map((w, i) => s.balance(w) - before[i]!)).toEqual([1n, 1n, 1n]);
    expect(outcome(s, s.tx(dave, "work", { op: "tip", workId: content, asset: null, amount: 0n }))).toBe("rejected:BAD_AMOUNT");
    expect(outcome(s, s.tx(dave, "work", { op: "tip", workId: bytes32("other"), asset: null, amount: 5n }))).toBe("WORK_NOT_FOUND");
  });

  it("a transfer hands over management and future income; licences sold before stay valid and creators stay recorded", () => {
    const s = registered();
    expect(outcome(s, s.tx(dave, "work", license(0, 1_000n)))).toBeNull();
    const payees = [{ address: erin.publicKey, bps: 10_000 }];
    expect(outcome(s, s.tx(bob, "work", { op: "transfer", workId: content, to: erin.publicKey, payees }))).toBe("WORK_NOT_OWNER");
    expect(outcome(s, s.tx(alice, "work", { op: "transfer", workId: content, to: erin.publicKey, payees: [{ address: erin.publicKey, bps: 9_999 }] }))).toBe("rejected:WORK_BAD_SHARES");
    expect(outcome(s, s.tx(alice, "work", { op: "transfer", workId: content, to: erin.publicKey, payees }))).toBeNull();
    const w = work(s);
    expect([hex(w.owner), w.transfers, w.creators.length]).toEqual([hex(erin.publicKey), 1, 3]);
    expect(licence(s, 0)!.holder).toEqual(dave.publicKey);
    const before = [alice, erin].map((x) => s.balance(x));
    expect(outcome(s, s.tx(carol, "work", license(0, 1_000n)))).toBeNull();
    expect([alice, erin].map((x, i) => s.balance(x) - before[i]!)).toEqual([0n, 1_000n]);
    // the old owner manages nothing any more
    expect(outcome(s, s.tx(alice, "work", { op: "withdraw", workId: content, offer: 0 }))).toBe("WORK_NOT_OWNER");
    expect(outcome(s, s.tx(erin, "work", { op: "withdraw", workId: content, offer: 0 }))).toBeNull();
  });
});

describe("work kind: what a finalized tx means to readers", () => {
  it("lists a registration in each creator's history and notifies nobody", () => {
    expect(indexRows(sample("work"))).toEqual([
      ["txByAccount", hex(alice.publicKey)], ["txByAccount", hex(alice.publicKey)], ["txByAccount", hex(bob.publicKey)], ["txByAccount", hex(carol.publicKey)],
    ]);
    expect(parties(sample("work"))).toBeNull();
    expect(chatEntry(sample("work"))).toBeNull();
  });

  it("shows bodies as JSON with bech32m addresses and decimal-string amounts", () => {
    expect(bodyJson(sample("work"))).toMatchObject({
      op: "register",
      creators: [{ address: bech(alice), bps: 5_000 }, { address: bech(bob), bps: 3_000 }, { address: bech(carol), bps: 2_000 }],
      offers: [{ asset: null, price: "1000", use: "personal", term: { clock: "perpetual" } }, { price: "25000", term: { clock: "blocks", length: 1_000 } }],
      anchorTag: "song",
    });
    expect(bodyJson(sample("work", { op: "tip", workId: content, asset: null, amount: 5n }))).toEqual({ op: "tip", workId: "0x" + hex(content), asset: null, amount: "5" });
  });

  it("takes a native price or tip as spend (admission's funds check), nothing for other ops", () => {
    expect(workKind.spend(sample("work", license(0, 77n)).stx.tx)).toBe(77n);
    expect(workKind.spend(sample("work", { op: "license", workId: content, offer: 0, asset: bytes32("pts"), price: 77n }).stx.tx)).toBe(0n);
    expect(workKind.spend(sample("work").stx.tx)).toBe(0n);
    expect([workKind.label, workKind.blockHooks, anchorKind.name]).toEqual(["work", null, "anchor"]);
  });
});
