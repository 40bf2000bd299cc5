// The bench's load shape (bench/lib/workload.ts): which kind each slot is, and which asset an
// asset payment names. docs/PERFORMANCE.md's figures depend on these shapes, so they are pinned.
import { describe, expect, it } from "vitest";
import { loadSlot, loadTx, parseMix, sharedAssetOf, type TxKindName } from "../../../bench/lib/workload.js";

function kindCounts(mixText: string, n = 100): Record<string, number> {
  const mix = parseMix(mixText);
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const k: TxKindName = loadSlot(i, 2000, mix, () => true).kind;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe("bench load shape", () => {
  it("splits 100 slots by the mix's weights, assetnew apart from asset", () => {
    expect(kindCounts("transfer=50,message=40,channel=10")).toEqual({ transfer: 50, message: 40, channelPost: 10 });
    expect(kindCounts("transfer=25,asset=25,message=40,channel=10")).toEqual({ transfer: 25, assetTransfer: 25, message: 40, channelPost: 10 });
    expect(kindCounts("asset=50,assetnew=50")).toEqual({ assetTransfer: 50, assetNewTransfer: 50 });
    expect(kindCounts("assetnew=100")).toEqual({ assetNewTransfer: 100 });
  });

  it("keeps the slots of a mix without assetnew where they were (older figures stay comparable)", () => {
    // The kind order before assetnew existed: channel, message, asset, transfer by (37 i) mod total.
    const mix = parseMix("transfer=30,asset=20,message=40,channel=10");
    for (let i = 0; i < 500; i++) {
      const r = (i * 37) % 100;
      const old = r < 10 ? "channelPost" : r < 50 ? "message" : r < 70 ? "assetTransfer" : "transfer";
      expect(loadSlot(i, 2000, mix, () => true).kind).toBe(old);
    }
  });

  it("pays in one shared asset per round of the senders, rotating through them", () => {
    expect([0, 1999, 2000, 3999, 4000, 6000, 8000, 8001].map((i) => sharedAssetOf(i, 2000, 4))).toEqual([0, 0, 1, 1, 2, 3, 0, 0]);
  });

  it("names the given asset in an asset payment and none in a native one", () => {
    const common = { chainId: "c", from: new Uint8Array(32), nonce: 0, expiry: 10 };
    const asset = new Uint8Array(32).fill(7);
    const to = new Uint8Array(32).fill(1);
    const paid = loadTx("assetTransfer", common, to, null, asset);
    expect(paid.kind === "transfer" && paid.body.asset).toEqual(asset);
    const native = loadTx("transfer", common, to, null, asset);
    expect(native.kind === "transfer" && native.body.asset).toBeUndefined();
    expect(() => loadTx("assetNewTransfer", common, to, null, null)).toThrow(/needs its asset/);
  });

  it("refuses an unknown mix kind", () => {
    expect(() => parseMix("transfer=50,stablecoin=50")).toThrow(/bad --mix part/);
  });
});
