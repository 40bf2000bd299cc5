import { describe, expect, it } from "vitest";
import { offerArg, sharesArg, termArg } from "../../../src/cli/commands/work-args.js";
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

  it("reads offers as PRICE:USE:TERM[:ASSET] with perpetual, blocks and seconds terms", () => {
    expect(offerArg("1000:personal:perpetual")).toEqual({ price: 1000n, use: "personal", term: { clock: "perpetual" }, asset: null });
    expect(offerArg("25000:commercial:1000b").term).toEqual({ clock: "blocks", length: 1_000 });
    expect(offerArg(`5:fan:3600s:${"ab".repeat(32)}`)).toMatchObject({ term: { clock: "seconds", length: 3_600 }, asset: Uint8Array.from(Array(32).fill(0xab)) });
    expect(() => termArg("forever")).toThrow(/perpetual, <n>b/);
    expect(() => offerArg("1000:personal")).toThrow(/PRICE:USE:TERM/);
    expect(() => offerArg("-5:personal:perpetual")).toThrow(/offer price/);
    expect(() => offerArg("1:x:perpetual:cafe")).toThrow(/an asset is "native"/);
  });
});
