// Each invariant must be able to fail: every check is run on consistent observations (holds)
// and on one hand-made violation of exactly its rule (fails, naming what broke).
import { describe, expect, it } from "vitest";
import {
  allSentFinal, finalTxsExactlyOnce, honestNotBanned, lightNodesFollow, messagesReadable, noEquivocation, noNegativeBalance, nodesStayedUp, resumedWithin,
  sameBlockHashes, supplyConserved, type ActionView, type BalanceSnapshot,
} from "../../chaos/invariants.js";

const at = (height: number, index: number) => [{ height, index }];
const snap = (balances: string[], actions = new Map<string, ActionView | null>(), height = 5): BalanceSnapshot => ({ height, balances, actions });

describe("chaos invariants", () => {
  it("identical block hashes: holds when all agree, fails on a fork and on a node left behind", () => {
    expect(sameBlockHashes(new Map([["a", ["h1", "h2"]], ["b", ["h1", "h2"]]])).ok).toBe(true);
    const fork = sameBlockHashes(new Map([["a", ["h1", "h2"]], ["b", ["h1", "X2"]]]));
    expect(fork.ok).toBe(false);
    expect(fork.detail).toContain("fork at height 2");
    const behind = sameBlockHashes(new Map([["a", ["h1", "h2"]], ["b", ["h1"]]]));
    expect(behind.ok).toBe(false);
    expect(behind.detail).toContain("b at 1 < 2");
  });

  it("final txs: each reported final tx is on every node once, at the reported place", () => {
    const reported = new Map([["t1", { height: 1, index: 0, node: "a" }]]);
    const good = new Map([["a", new Map([["t1", at(1, 0)]])], ["b", new Map([["t1", at(1, 0)]])]]);
    expect(finalTxsExactlyOnce(reported, good).ok).toBe(true);
    const missing = new Map([["a", new Map([["t1", at(1, 0)]])], ["b", new Map()]]);
    expect(finalTxsExactlyOnce(reported, missing).detail).toContain("b: t1");
    const twice = new Map([["a", new Map([["t1", [{ height: 1, index: 0 }, { height: 3, index: 1 }]]])]]);
    expect(finalTxsExactlyOnce(reported, twice).detail).toContain("occurs 2 times");
    const moved = new Map([["a", new Map([["t1", at(2, 0)]])]]);
    expect(finalTxsExactlyOnce(reported, moved).ok).toBe(false);
  });

  it("supply: the sum of balances must equal the genesis total on every node", () => {
    expect(supplyConserved(100n, new Map([["a", snap(["60", "40"])]])).ok).toBe(true);
    const minted = supplyConserved(100n, new Map([["a", snap(["60", "41"])]]));
    expect(minted.ok).toBe(false);
    expect(minted.detail).toContain("diff 1");
  });

  it("supply: amounts locked in actions count, so a lock or a payout moves nothing out of the total", () => {
    const locked = new Map([["x", { kind: "escrow", status: "open", locked: "30" }], ["y", { kind: "escrow", status: "released", locked: "0" }]]);
    expect(supplyConserved(100n, new Map([["a", snap(["60", "10"], locked)]])).ok).toBe(true);
    // Paid out but still counted as locked (a payout made twice): 30 too many.
    const twice = supplyConserved(100n, new Map([["a", snap(["60", "40"], locked)]]));
    expect(twice.ok).toBe(false);
    expect(twice.detail).toContain("locked 30");
    expect(twice.detail).toContain("diff 30");
    // Balances alone short of the total: the lock is missing from the sum.
    expect(supplyConserved(100n, new Map([["a", snap(["60", "10"])]])).detail).toContain("diff -30");
  });

  it("supply: per asset of the load, the holdings of its accounts sum to the asset's supply", () => {
    const asset = (holdings: string[], supply = "1000") => ({ ...snap(["60", "40"]), assets: [{ id: "0x" + "ab".repeat(32), symbol: "CHAOS", supply, holdings }] });
    const held = supplyConserved(100n, new Map([["a", asset(["900", "100"])]]));
    expect(held.ok).toBe(true);
    expect(held.detail).toContain("asset CHAOS: holdings = supply 1000 in 1 snapshots");
    // A transfer credited twice: 7 units appear from nowhere in the asset, the native sum still holds.
    const doubled = supplyConserved(100n, new Map([["a", asset(["900", "107"])]]));
    expect(doubled.ok).toBe(false);
    expect(doubled.detail).toContain("holdings 1007 != supply 1000 (diff 7)");
  });

  it("no negative balance: a minus sign or a wrapped u64 above the supply fails", () => {
    expect(noNegativeBalance(new Map([["a", snap(["0", "100"])]]), 100n).ok).toBe(true);
    expect(noNegativeBalance(new Map([["a", snap(["-1"])]]), 100n).ok).toBe(false);
    expect(noNegativeBalance(new Map([["a", snap(["18446744073709551615"])]]), 100n).ok).toBe(false);
  });

  it("messages: every expected text must be read back exactly", () => {
    const expected = [{ id: "m1", text: "hi" }, { id: "m2", text: "yo" }];
    expect(messagesReadable(expected, new Map([["m1", "hi"], ["m2", "yo"]])).ok).toBe(true);
    expect(messagesReadable(expected, new Map([["m1", "hi"], ["m2", null]])).ok).toBe(false);
    expect(messagesReadable(expected, new Map([["m1", "hi"]])).detail).toContain("m2: not in");
  });

  it("equivocation: any evidence fails an honest scenario, none is required otherwise", () => {
    expect(noEquivocation(new Map([["a", []], ["b", []]]), true).ok).toBe(true);
    expect(noEquivocation(new Map([["a", []], ["b", ["pv1", "pv1"]]]), true).ok).toBe(false);
    expect(noEquivocation(new Map([["a", ["pv1", "pv1"]]]), false).ok).toBe(true);
  });

  it("equivocation: evidence against a byzantine validator is expected, against anyone else it fails", () => {
    const liars = new Set(["pv3"]);
    const onlyLiar = noEquivocation(new Map([["a", ["pv3"]], ["b", ["pv3", "pv3"]]]), true, liars);
    expect(onlyLiar.ok).toBe(true);
    expect(onlyLiar.detail).toContain("b holds 2 evidence records");
    expect(noEquivocation(new Map([["a", ["pv3", "pv1"]]]), true, liars).ok).toBe(false);
  });

  it("bans: an honest peer banned fails, the byzantine one may be, strikes are only reported", () => {
    const liar = new Set(["P3"]);
    expect(honestNotBanned(new Map([["v0", [{ peer: "P3", strikes: 9, bannedForMs: 200_000 }]]]), liar).ok).toBe(true);
    const struck = honestNotBanned(new Map([["v0", [{ peer: "P1", strikes: 1, bannedForMs: 0 }]]]), liar);
    expect(struck.ok).toBe(true);
    expect(struck.detail).toContain("1 strikes on P1");
    expect(honestNotBanned(new Map([["v0", [{ peer: "P1", strikes: 5, bannedForMs: 1_000 }]]]), liar).ok).toBe(false);
    expect(honestNotBanned(new Map(), liar).ok).toBe(false);
  });

  it("resume: within the limit holds, late or never fails", () => {
    expect(resumedWithin(10, 4_000).ok).toBe(true);
    expect(resumedWithin(10, 12_000).ok).toBe(false);
    expect(resumedWithin(10, null).ok).toBe(false);
  });

  it("crashes and txs that never became final fail their checks", () => {
    expect(nodesStayedUp(new Map([["a", []]])).ok).toBe(true);
    expect(nodesStayedUp(new Map([["a", ["exit 1"]]])).ok).toBe(false);
    expect(allSentFinal(3, []).ok).toBe(true);
    expect(allSentFinal(3, ["t9"]).ok).toBe(false);
  });

  it("light nodes: must be at the chain's head with the chain's hash", () => {
    expect(lightNodesFollow(new Map(), ["h1"]).ok).toBe(true);
    expect(lightNodesFollow(new Map([["l0", { height: 2, hash: "h2" }]]), ["h1", "h2"]).ok).toBe(true);
    expect(lightNodesFollow(new Map([["l0", { height: 1, hash: "h1" }]]), ["h1", "h2"]).detail).toContain("l0: at 1 < 2");
    expect(lightNodesFollow(new Map([["l0", { height: 2, hash: "X" }]]), ["h1", "h2"]).ok).toBe(false);
    expect(lightNodesFollow(new Map([["l0", null]]), ["h1"]).ok).toBe(false);
  });
});
