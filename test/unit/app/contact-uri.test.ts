import { describe, expect, it } from "vitest";
import { formatContactUri, parseContactUri } from "../../../src/app/state/contact-uri.js";
import { formatAddress } from "../../../src/chain/address.js";

const addr = formatAddress(new Uint8Array(32).fill(7));

describe("contact QR codes", () => {
  it("round-trips an address with a display name, in any script", () => {
    const uri = formatContactUri({ address: addr, name: "Bob 李" });
    expect(uri).toBe(`parley:${addr}?name=Bob%20%E6%9D%8E`);
    expect(parseContactUri(uri)).toEqual({ address: addr, name: "Bob 李" });
  });

  it("accepts a code with no name and a bare address (canonical form)", () => {
    expect(parseContactUri(formatContactUri({ address: addr, name: " " }))).toEqual({ address: addr, name: "" });
    expect(parseContactUri(`  ${addr}\n`)).toEqual({ address: addr, name: "" });
    expect(parseContactUri("07".repeat(32))).toEqual({ address: addr, name: "" });
  });

  it("refuses what is not a Parley contact: a payment request, a web link, a broken address", () => {
    expect(parseContactUri("parley:request?amount=5")).toBeNull();
    expect(parseContactUri("https://example.com/")).toBeNull();
    expect(parseContactUri(`parley:${addr.slice(0, -1)}x`)).toBeNull();
    expect(parseContactUri("")).toBeNull();
  });

  it("cuts a very long suggested name", () => {
    expect(parseContactUri(formatContactUri({ address: addr, name: "x".repeat(500) }))!.name).toHaveLength(64);
  });
});
