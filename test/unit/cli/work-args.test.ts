import { describe, expect, it } from "vitest";
import { offerArg, offerAssetOf, sharesArg, termArg } from "../../../src/cli/commands/work-args.js";
import { newIdentity } from "../../../src/client/keys.js";

const a = newIdentity();
const b = newIdentity();

describe("parley work arguments", () => {
  it("reads co-creators as ADDRESS:BPS and refuses anything else with the flag named", () => {
    expect(sharesArg([`${a.address}:7000`, `${b.address}:3000`], "creator").map((s) => [s.address, s.bps])).toEqual([[a.publicKey, 7_000], [b.publicKey, 3_000]]);
    expect(() => sharesArg(`${a.address}`, "creator")).toThrow(/--creator is ADDRESS:BPS/);
    expect(() => sharesArg(`${a.address}:50%`, "creator")).toThrow(/--creator is ADDRESS:BPS/);
    expect(() => sharesArg(`parley1nope:5000`, "creator")).toThrow(/not a valid creator address/);
  });

  it("reads offers as PRICE:USE:TERM[:ASSET] with perpetual, blocks and seconds terms, the price a decimal in the asset's unit", () => {
    const par = { decimals: 6, symbol: "PAR" };
    // A bare number is whole tokens (DECISIONS 35): 10 PAR = 10,000,000 base units.
    expect(offerArg("10:personal:perpetual", par)).toEqual({ price: 10_000_000n, use: "personal", term: { clock: "perpetual" }, asset: null });
    expect(offerArg("0.025:commercial:1000b", par)).toMatchObject({ price: 25_000n, term: { clock: "blocks", length: 1_000 } });
    const asset = "ab".repeat(32);
    expect(offerAssetOf(`5:fan:3600s:${asset}`)).toEqual(Uint8Array.from(Array(32).fill(0xab)));
    expect(offerArg(`5.5:fan:3600s:${asset}`, { decimals: 2 })).toMatchObject({ price: 550n, term: { clock: "seconds", length: 3_600 }, asset: Uint8Array.from(Array(32).fill(0xab)) });
    expect(() => termArg("forever")).toThrow(/perpetual, <n>b/);
    expect(() => offerArg("1000:personal", par)).toThrow(/PRICE:USE:TERM/);
    expect(() => offerArg("-5:personal:perpetual", par)).toThrow(/offer price/);
    expect(() => offerArg("0.0000001:personal:perpetual", par)).toThrow(/offer price/);
    expect(() => offerArg("0:personal:perpetual", par)).toThrow(/offer price must be positive/);
    expect(() => offerArg("1:x:perpetual:cafe", par)).toThrow(/an asset is "native"/);
  });
});
