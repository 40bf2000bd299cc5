import { describe, expect, it } from "vitest";
import { assetKind, type AssetBody } from "../../../../../src/chain/tx/kinds/asset.js";
import { StateNs } from "../../../../../src/chain/tx/spec.js";
import { DEFAULT_PARAMS } from "../../../../../src/chain/params.js";
import { assetIdOf, assetKey, countKey, decodeAsset, decodeCount, holdingKey, issuerItemKey, serialKey } from "../../../../../src/chain/assets/records.js";
import { readBalance, readHoldings } from "../../../../../src/chain/assets/reads.js";
import { decodeTx } from "../../../../../src/chain/tx/codec.js";
import type { Identity } from "../../../../../src/client/keys.js";
import { identity, SAMPLE_BODIES } from "../fixtures.js";
import { ActionSim, outcome } from "./action-sim.js";
import { alice, bech, bob, bodyJson, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";

const dave = identity("dave");
type Create = Extract<AssetBody, { op: "create" }>;
const create = SAMPLE_BODIES.asset as Create;
const FLAGS = { transferable: 1, mintable: 2, freezable: 4, clawback: 8 };

/** A sim where alice created `body` (default: the sample, 100,000 units to alice, max 1,000,000, every flag); returns the asset id. */
function created(body: Create = create, s = new ActionSim([alice, bob, carol, dave])): { s: ActionSim; id: Uint8Array } {
  const t = s.tx(alice, "asset", body);
  expect(outcome(s, t)).toBeNull();
  return { s, id: assetIdOf(alice.publicKey, t.id) };
}

const record = (s: ActionSim, id: Uint8Array) => decodeAsset(s.state.get(StateNs.asset, assetKey(id))!)!;
/** A balance as RPC and proofs read it (inside the account entry, or its own entry once 8 are held). */
const held = (s: ActionSim, id: Uint8Array, who: Identity) => readBalance((ns, k) => s.state.get(ns, k), who.publicKey, id).holding.balance;
const holdingsOf = (s: ActionSim, who: Identity) => readHoldings((ns, k) => s.state.get(ns, k), who.publicKey, 0, 100);
const op = (s: ActionSim, who: Identity, body: AssetBody) => outcome(s, s.tx(who, "asset", body));

describe("asset kind: create", () => {
  it("records the asset under an id from issuer and tx, credits the initial supply and lists it", () => {
    const { s, id } = created();
    expect(record(s, id)).toMatchObject({ symbol: "PTS", name: "Tea shop points", decimals: 2, supply: 100_000n, maxSupply: 1_000_000n, flags: 15, height: 1 });
    expect(hex(record(s, id).admin)).toBe(hex(alice.publicKey));
    expect(held(s, id, alice)).toBe(100_000n);
    expect(decodeCount(s.state.get(StateNs.asset, countKey()))).toBe(1);
    expect(hex(s.state.get(StateNs.asset, serialKey(0))!)).toBe(hex(id));
    expect(hex(s.state.get(StateNs.asset, issuerItemKey(alice.publicKey, 0))!)).toBe(hex(id));
    // The issuer's first holding lives inside its account entry, listed first by asset_balances.
    expect(holdingsOf(s, alice)).toMatchObject({ total: 1, holdings: [{ id, holding: { balance: 100_000n, frozen: false } }] });
    expect(s.state.get(StateNs.asset, holdingKey(id, alice.publicKey))).toBeUndefined();
  });

  it("gives two assets with the same symbol different ids", () => {
    const { s, id } = created();
    const t = s.tx(bob, "asset", create);
    expect(outcome(s, t)).toBeNull();
    const other = assetIdOf(bob.publicKey, t.id);
    expect(hex(other)).not.toBe(hex(id));
    expect(record(s, other).symbol).toBe("PTS");
  });

  it("refuses a bad symbol, name, decimals or flags statelessly (ASSET_BAD_CREATE, ASSET_BAD_FLAGS) and a max below the initial supply", () => {
    const s = new ActionSim([alice]);
    for (const symbol of ["", "P T", "TOOLONGSYMBOL1"]) expect(op(s, alice, { ...create, symbol })).toMatch(/^rejected:(ASSET_BAD_CREATE|BAD_ENCODING)$/);
    expect(op(s, alice, { ...create, name: "" })).toBe("rejected:ASSET_BAD_CREATE");
    expect(op(s, alice, { ...create, name: "a\nb" })).toBe("rejected:ASSET_BAD_CREATE");
    expect(op(s, alice, { ...create, decimals: 19 })).toBe("rejected:ASSET_BAD_CREATE");
    expect(op(s, alice, { ...create, flags: 16 })).toBe("rejected:ASSET_BAD_FLAGS");
    expect(op(s, alice, { ...create, initial: 10n, maxSupply: 9n })).toBe("rejected:ASSET_OVER_MAX_SUPPLY");
    expect(op(s, alice, { ...create, maxSupply: 0n, initial: 0n })).toBe("rejected:ASSET_OVER_MAX_SUPPLY");
    expect(decodeCount(s.state.get(StateNs.asset, countKey()))).toBe(0);
  });

  it("follows the chain's issuance policy: an allow-list (ASSET_ISSUER_NOT_ALLOWED) and allowed flags (ASSET_FLAG_NOT_ALLOWED)", () => {
    const params = { ...DEFAULT_PARAMS, assetIssuers: [bob.publicKey], assetFlagsAllowed: FLAGS.transferable | FLAGS.mintable };
    const s = new ActionSim([alice, bob], undefined, params);
    expect(op(s, alice, { ...create, flags: 3 })).toBe("ASSET_ISSUER_NOT_ALLOWED");
    expect(op(s, bob, { ...create, flags: 3 | FLAGS.freezable })).toBe("ASSET_FLAG_NOT_ALLOWED");
    expect(op(s, bob, { ...create, flags: 3 | FLAGS.clawback })).toBe("ASSET_FLAG_NOT_ALLOWED");
    expect(decodeCount(s.state.get(StateNs.asset, countKey()))).toBe(0);
    expect(op(s, bob, { ...create, flags: 3 })).toBeNull();
  });
});

describe("asset kind: mint, burn, transfer", () => {
  it("mints to anyone up to the max supply (ASSET_OVER_MAX_SUPPLY), by the admin only (ASSET_NOT_ADMIN)", () => {
    const { s, id } = created();
    expect(op(s, alice, { op: "mint", asset: id, to: bob.publicKey, amount: 900_000n })).toBeNull();
    expect([held(s, id, bob), record(s, id).supply]).toEqual([900_000n, 1_000_000n]);
    expect(op(s, alice, { op: "mint", asset: id, to: bob.publicKey, amount: 1n })).toBe("ASSET_OVER_MAX_SUPPLY");
    expect(op(s, bob, { op: "burn", asset: id, amount: 10n })).toBeNull();
    expect(op(s, bob, { op: "mint", asset: id, to: bob.publicKey, amount: 1n })).toBe("ASSET_NOT_ADMIN");
    expect([held(s, id, bob), record(s, id).supply]).toEqual([899_990n, 999_990n]);
  });

  it("refuses minting a fixed-supply asset (ASSET_NOT_MINTABLE) and an unknown asset (ASSET_NOT_FOUND)", () => {
    const { s, id } = created({ ...create, flags: FLAGS.transferable });
    expect(op(s, alice, { op: "mint", asset: id, to: alice.publicKey, amount: 1n })).toBe("ASSET_NOT_MINTABLE");
    const unknown = new Uint8Array(32).fill(7);
    expect(op(s, alice, { op: "mint", asset: unknown, to: alice.publicKey, amount: 1n })).toBe("ASSET_NOT_FOUND");
    expect(op(s, alice, { op: "transfer", asset: unknown, to: bob.publicKey, amount: 1n })).toBe("ASSET_NOT_FOUND");
    expect(op(s, alice, { op: "burn", asset: unknown, amount: 1n })).toBe("ASSET_NOT_FOUND");
    expect(record(s, id).supply).toBe(100_000n);
  });

  it("moves balances exactly, refusing overdrafts (ASSET_INSUFFICIENT) and zero amounts (BAD_AMOUNT) with nothing changed", () => {
    const { s, id } = created();
    expect(op(s, alice, { op: "transfer", asset: id, to: bob.publicKey, amount: 40_001n })).toBeNull();
    expect([held(s, id, alice), held(s, id, bob)]).toEqual([59_999n, 40_001n]);
    expect(op(s, bob, { op: "transfer", asset: id, to: carol.publicKey, amount: 40_002n })).toBe("ASSET_INSUFFICIENT");
    expect(op(s, carol, { op: "burn", asset: id, amount: 1n })).toBe("ASSET_INSUFFICIENT");
    expect(op(s, bob, { op: "transfer", asset: id, to: carol.publicKey, amount: 0n })).toBe("rejected:BAD_AMOUNT");
    expect([held(s, id, alice), held(s, id, bob), held(s, id, carol)]).toEqual([59_999n, 40_001n, 0n]);
    // bob's holding is listed once however often he receives
    expect(op(s, alice, { op: "transfer", asset: id, to: bob.publicKey, amount: 1n })).toBeNull();
    expect(holdingsOf(s, bob).total).toBe(1);
  });

  it("moves a non-transferable asset (points) only to or from its admin (ASSET_NOT_TRANSFERABLE)", () => {
    const { s, id } = created({ ...create, flags: FLAGS.mintable });
    expect(op(s, alice, { op: "transfer", asset: id, to: bob.publicKey, amount: 500n })).toBeNull();
    expect(op(s, bob, { op: "transfer", asset: id, to: carol.publicKey, amount: 1n })).toBe("ASSET_NOT_TRANSFERABLE");
    expect(op(s, bob, { op: "transfer", asset: id, to: alice.publicKey, amount: 100n })).toBeNull();
    expect([held(s, id, bob), held(s, id, carol)]).toEqual([400n, 0n]);
  });
});

describe("asset kind: freeze, clawback, admin", () => {
  it("a frozen holder neither sends, receives nor burns (ASSET_FROZEN) until unfrozen", () => {
    const { s, id } = created();
    expect(op(s, alice, { op: "transfer", asset: id, to: bob.publicKey, amount: 1_000n })).toBeNull();
    expect(op(s, alice, { op: "freeze", asset: id, holder: bob.publicKey })).toBeNull();
    expect(op(s, alice, { op: "freeze", asset: id, holder: bob.publicKey })).toBe("ASSET_ALREADY_FROZEN");
    expect(op(s, bob, { op: "transfer", asset: id, to: carol.publicKey, amount: 1n })).toBe("ASSET_FROZEN");
    expect(op(s, alice, { op: "transfer", asset: id, to: bob.publicKey, amount: 1n })).toBe("ASSET_FROZEN");
    expect(op(s, alice, { op: "mint", asset: id, to: bob.publicKey, amount: 1n })).toBe("ASSET_FROZEN");
    expect(op(s, bob, { op: "burn", asset: id, amount: 1n })).toBe("ASSET_FROZEN");
    expect(op(s, carol, { op: "unfreeze", asset: id, holder: bob.publicKey })).toBe("ASSET_NOT_ADMIN");
    expect(held(s, id, bob)).toBe(1_000n);
    expect(op(s, alice, { op: "unfreeze", asset: id, holder: bob.publicKey })).toBeNull();
    expect(op(s, alice, { op: "unfreeze", asset: id, holder: bob.publicKey })).toBe("ASSET_NOT_FROZEN");
    expect(op(s, bob, { op: "transfer", asset: id, to: carol.publicKey, amount: 1n })).toBeNull();
  });

  it("refuses freezing an asset created without the flag (ASSET_NOT_FREEZABLE) and clawing back without it (ASSET_NO_CLAWBACK)", () => {
    const { s, id } = created({ ...create, flags: FLAGS.transferable });
    expect(op(s, alice, { op: "transfer", asset: id, to: bob.publicKey, amount: 10n })).toBeNull();
    expect(op(s, alice, { op: "freeze", asset: id, holder: bob.publicKey })).toBe("ASSET_NOT_FREEZABLE");
    expect(op(s, alice, { op: "clawback", asset: id, holder: bob.publicKey, amount: 10n })).toBe("ASSET_NO_CLAWBACK");
    expect(held(s, id, bob)).toBe(10n);
  });

  it("claws back to the admin, frozen or not, never more than held, supply unchanged", () => {
    const { s, id } = created();
    expect(op(s, alice, { op: "transfer", asset: id, to: bob.publicKey, amount: 300n })).toBeNull();
    expect(op(s, alice, { op: "freeze", asset: id, holder: bob.publicKey })).toBeNull();
    expect(op(s, alice, { op: "clawback", asset: id, holder: bob.publicKey, amount: 301n })).toBe("ASSET_INSUFFICIENT");
    expect(op(s, bob, { op: "clawback", asset: id, holder: bob.publicKey, amount: 1n })).toBe("ASSET_NOT_ADMIN");
    expect(op(s, alice, { op: "clawback", asset: id, holder: bob.publicKey, amount: 300n })).toBeNull();
    expect([held(s, id, alice), held(s, id, bob), record(s, id).supply]).toEqual([100_000n, 0n, 100_000n]);
  });

  it("hands the admin role on: the old admin can no longer mint", () => {
    const { s, id } = created();
    expect(op(s, bob, { op: "setAdmin", asset: id, admin: bob.publicKey })).toBe("ASSET_NOT_ADMIN");
    expect(op(s, alice, { op: "setAdmin", asset: id, admin: bob.publicKey })).toBeNull();
    expect(op(s, alice, { op: "mint", asset: id, to: alice.publicKey, amount: 1n })).toBe("ASSET_NOT_ADMIN");
    expect(op(s, bob, { op: "mint", asset: id, to: carol.publicKey, amount: 5n })).toBeNull();
    expect(hex(record(s, id).issuer)).toBe(hex(alice.publicKey));
  });
});

describe("asset kind: codec and readers", () => {
  const id = new Uint8Array(32).fill(9);
  const bodies: AssetBody[] = [
    create, { ...create, maxSupply: null, metaHash: new Uint8Array(32).fill(1) },
    { op: "mint", asset: id, to: bob.publicKey, amount: 5n }, { op: "burn", asset: id, amount: 5n },
    { op: "transfer", asset: id, to: bob.publicKey, amount: 5n }, { op: "freeze", asset: id, holder: bob.publicKey },
    { op: "unfreeze", asset: id, holder: bob.publicKey }, { op: "clawback", asset: id, holder: bob.publicKey, amount: 5n },
    { op: "setAdmin", asset: id, admin: bob.publicKey },
  ];

  it("round-trips every op through the tx codec", () => {
    for (const b of bodies) {
      const s = sample("asset", b);
      const back = decodeTx(s.stx.bytes, 1 << 20);
      expect(back.ok && back.value.tx.body).toEqual(b);
    }
  });

  it("refuses a wrong field count, an unknown op and a short id", () => {
    expect(assetKind.decodeBody([3, id, bob.publicKey])).toMatch(/4 fields/);
    expect(assetKind.decodeBody([8, id])).toMatch(/op must be/);
    expect(assetKind.decodeBody([2, id.subarray(1), 5n])).toMatch(/32 bytes/);
  });

  it("lists a transfer in the recipient's history and notifies both sides; shows the body as JSON", () => {
    const t = sample("asset", bodies[4]!);
    expect(indexRows(t)).toEqual([["txByAccount", hex(alice.publicKey)], ["txByAccount", hex(bob.publicKey)]]);
    expect(parties(t)).toEqual({ parties: [hex(alice.publicKey), hex(bob.publicKey)], channel: null });
    expect(bodyJson(t)).toEqual({ op: "transfer", asset: `0x${hex(id)}`, to: bech(bob), amount: "5" });
    expect(bodyJson(sample("asset", create))).toMatchObject({ op: "create", symbol: "PTS", initial: "100000", maxSupply: "1000000", metaHash: null, flags: 15 });
    expect(chatEntry(t)).toBeNull();
  });
});

describe("asset kind: other value-moving paths", () => {
  it("a transfer and a paid message with an asset field move the asset under its rules, never the native token", () => {
    const { s, id } = created();
    const native = s.balance(alice);
    expect(outcome(s, s.tx(alice, "transfer", { to: bob.publicKey, amount: 250n, memo: null, asset: id }))).toBeNull();
    expect(outcome(s, s.tx(alice, "message", { to: bob.publicKey, envelope: new Uint8Array(40).fill(1), amount: 50n, selfEnvelope: null, asset: id }))).toBeNull();
    expect([held(s, id, alice), held(s, id, bob)]).toEqual([99_700n, 300n]);
    expect(native - s.balance(alice)).toBe(2n * 100_000n); // the two fees only
    expect(outcome(s, s.tx(bob, "message", { to: carol.publicKey, envelope: new Uint8Array(40).fill(1), amount: 301n, selfEnvelope: null, asset: id }))).toBe("ASSET_INSUFFICIENT");
    expect(op(s, alice, { op: "freeze", asset: id, holder: bob.publicKey })).toBeNull();
    expect(outcome(s, s.tx(bob, "transfer", { to: carol.publicKey, amount: 1n, memo: null, asset: id }))).toBe("ASSET_FROZEN");
    expect(outcome(s, s.tx(bob, "transfer", { to: carol.publicKey, amount: 1n, memo: null, asset: new Uint8Array(32) }))).toBe("ASSET_NOT_FOUND");
    expect(held(s, id, carol)).toBe(0n);
  });
});
