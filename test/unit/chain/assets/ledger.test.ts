// Where holdings live (docs/ASSETS.md 2): the first INLINE_HOLDINGS inside the holder's account
// entry, later ones in entries of their own, listed after the inline ones; every path reads both.
import { describe, expect, it } from "vitest";
import { assetIdOf, decodeCount, holderCountKey, holdingKey } from "../../../../src/chain/assets/records.js";
import { readBalance, readHoldings } from "../../../../src/chain/assets/reads.js";
import { decodeAccount, INLINE_HOLDINGS } from "../../../../src/chain/state/account.js";
import { StateNs } from "../../../../src/chain/tx/spec.js";
import type { Identity } from "../../../../src/client/keys.js";
import { ActionSim, outcome } from "../tx/kinds/action-sim.js";
import { alice, bob, carol } from "../tx/kinds/helpers.js";

const create = (symbol: string) => ({ op: "create" as const, symbol, name: symbol, decimals: 0, initial: 1_000n, maxSupply: null, metaHash: null, flags: 15 });

/** alice creates `n` assets (each credited to her) and sends 10 of each to bob, one block each. */
function world(n: number): { s: ActionSim; ids: Uint8Array[] } {
  const s = new ActionSim([alice, bob, carol]);
  const ids: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const t = s.tx(alice, "asset", create(`A${i}`));
    expect(outcome(s, t)).toBeNull();
    const id = assetIdOf(alice.publicKey, t.id);
    ids.push(id);
    expect(outcome(s, s.tx(alice, "asset", { op: "transfer", asset: id, to: bob.publicKey, amount: 10n }))).toBeNull();
  }
  return { s, ids };
}

const get = (s: ActionSim) => (ns: Parameters<ActionSim["state"]["get"]>[0], k: Uint8Array) => s.state.get(ns, k);
const account = (s: ActionSim, who: Identity) => decodeAccount(s.state.get(StateNs.account, who.publicKey)!)!;
const bal = (s: ActionSim, who: Identity, id: Uint8Array) => readBalance(get(s), who.publicKey, id).holding.balance;

describe("asset holdings: inline first, then entries of their own", () => {
  it("keeps the first eight inside the account entry and gives the ninth and tenth entries of their own, listed after them", () => {
    const { s, ids } = world(INLINE_HOLDINGS + 2);
    const held = account(s, bob).holdings!;
    expect(held.map((x) => x.asset)).toEqual(ids.slice(0, INLINE_HOLDINGS));
    for (const id of ids.slice(0, INLINE_HOLDINGS)) expect(s.state.get(StateNs.asset, holdingKey(id, bob.publicKey))).toBeUndefined();
    for (const id of ids.slice(INLINE_HOLDINGS)) expect(s.state.get(StateNs.asset, holdingKey(id, bob.publicKey))).toBeDefined();
    expect(decodeCount(s.state.get(StateNs.asset, holderCountKey(bob.publicKey)))).toBe(2);
    for (const id of ids) expect([bal(s, bob, id), bal(s, alice, id)]).toEqual([10n, 990n]);
    // asset_balances pages: inline ones first in the order first held, then the rest, across a page boundary.
    const all = readHoldings(get(s), bob.publicKey, 0, 100);
    expect(all.total).toBe(INLINE_HOLDINGS + 2);
    expect(all.holdings.map((x) => x.id)).toEqual(ids);
    const page = readHoldings(get(s), bob.publicKey, INLINE_HOLDINGS - 1, 2);
    expect(page.holdings.map((x) => x.id)).toEqual(ids.slice(INLINE_HOLDINGS - 1, INLINE_HOLDINGS + 1));
    expect(readHoldings(get(s), bob.publicKey, INLINE_HOLDINGS + 1, 5).holdings.map((x) => x.id)).toEqual(ids.slice(INLINE_HOLDINGS + 1));
  });

  it("moves between an inline and a separate holding exactly, both ways, and a zero balance keeps its slot", () => {
    const { s, ids } = world(INLINE_HOLDINGS + 1);
    // The ninth asset: in entries of their own for alice and bob (their lists are full), inline for carol.
    const last = ids[INLINE_HOLDINGS]!;
    expect(outcome(s, s.tx(bob, "transfer", { to: carol.publicKey, amount: 10n, memo: null, asset: last }))).toBeNull();
    expect([bal(s, bob, last), bal(s, carol, last)]).toEqual([0n, 10n]);
    expect(outcome(s, s.tx(carol, "transfer", { to: bob.publicKey, amount: 4n, memo: null, asset: last }))).toBeNull();
    expect([bal(s, bob, last), bal(s, carol, last), bal(s, alice, last)]).toEqual([4n, 6n, 990n]);
    // bob spent his first holding to zero: it stays inline (no slot is given up), and a new asset still goes to its own entry.
    expect(outcome(s, s.tx(bob, "asset", { op: "burn", asset: ids[0]!, amount: 10n }))).toBeNull();
    expect(account(s, bob).holdings!.length).toBe(INLINE_HOLDINGS);
    expect(account(s, bob).holdings![0]).toMatchObject({ balance: 0n });
    // carol's one holding is inline; the native balance and nonce beside it are untouched by the asset moves.
    expect(account(s, carol).holdings!.map((x) => x.asset)).toEqual([last]);
  });

  it("freezes and unfreezes an inline and a separate holding, and a refused move changes neither", () => {
    const { s, ids } = world(INLINE_HOLDINGS + 1);
    const [first, last] = [ids[0]!, ids[INLINE_HOLDINGS]!];
    for (const id of [first, last]) expect(outcome(s, s.tx(alice, "asset", { op: "freeze", asset: id, holder: bob.publicKey }))).toBeNull();
    for (const id of [first, last]) {
      expect(outcome(s, s.tx(bob, "transfer", { to: carol.publicKey, amount: 1n, memo: null, asset: id }))).toBe("ASSET_FROZEN");
      expect(readBalance(get(s), bob.publicKey, id).holding).toEqual({ balance: 10n, frozen: true });
    }
    for (const id of [first, last]) expect(outcome(s, s.tx(alice, "asset", { op: "unfreeze", asset: id, holder: bob.publicKey }))).toBeNull();
    expect(outcome(s, s.tx(bob, "transfer", { to: carol.publicKey, amount: 11n, memo: null, asset: first }))).toBe("ASSET_INSUFFICIENT");
    expect(bal(s, bob, first)).toBe(10n);
  });
});
