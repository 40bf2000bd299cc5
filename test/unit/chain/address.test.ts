import { describe, expect, it } from "vitest";
import { bech32, bech32m } from "@scure/base";
import { ADDRESS_HRP, formatAddress, parseAddress } from "../../../src/chain/address.js";
import { toHex } from "../../../src/util/bytes.js";
import { identity } from "./tx/fixtures.js";

const pk = identity("alice").publicKey;

/** Replaces the character at `i` with another bech32 character. */
function swapChar(text: string, i: number): string {
  const c = text[i] === "q" ? "p" : "q";
  return text.slice(0, i) + c + text.slice(i + 1);
}

describe("addresses", () => {
  it("format as bech32m parley1... and parse back to the same 32 bytes", () => {
    const text = formatAddress(pk);
    expect(text.startsWith("parley1")).toBe(true);
    expect(toHex(parseAddress(text)!)).toBe(toHex(pk));
  });

  it("parse in upper case and with surrounding spaces", () => {
    const text = formatAddress(pk);
    expect(toHex(parseAddress(text.toUpperCase())!)).toBe(toHex(pk));
    expect(toHex(parseAddress(`  ${text}\n`)!)).toBe(toHex(pk));
  });

  it("accept 64 hex digits, with or without 0x", () => {
    expect(toHex(parseAddress(toHex(pk))!)).toBe(toHex(pk));
    expect(toHex(parseAddress("0x" + toHex(pk))!)).toBe(toHex(pk));
    expect(toHex(parseAddress(toHex(pk).toUpperCase())!)).toBe(toHex(pk));
  });

  it("refuse hex of the wrong length or with non-hex characters", () => {
    expect(parseAddress(toHex(pk).slice(2))).toBeNull();
    expect(parseAddress(toHex(pk) + "00")).toBeNull();
    expect(parseAddress(toHex(pk).slice(1) + "g")).toBeNull();
    expect(parseAddress("")).toBeNull();
  });

  it("refuse another human-readable part", () => {
    const other = bech32m.encode("parlay", bech32m.toWords(pk));
    expect(parseAddress(other)).toBeNull();
    const prefixed = bech32m.encode("parley2", bech32m.toWords(pk));
    expect(parseAddress(prefixed)).toBeNull();
  });

  it("refuse a bad checksum: any single changed character, and plain bech32 instead of bech32m", () => {
    const text = formatAddress(pk);
    for (let i = ADDRESS_HRP.length + 1; i < text.length; i += 5) expect(parseAddress(swapChar(text, i)), `char ${i}`).toBeNull();
    expect(parseAddress(swapChar(text, text.length - 1))).toBeNull();
    expect(parseAddress(bech32.encode(ADDRESS_HRP, bech32.toWords(pk)))).toBeNull();
  });

  it("refuse a valid bech32m string that carries other than 32 bytes", () => {
    expect(parseAddress(bech32m.encode(ADDRESS_HRP, bech32m.toWords(pk.subarray(0, 31))))).toBeNull();
    const longer = new Uint8Array(33);
    longer.set(pk);
    expect(parseAddress(bech32m.encode(ADDRESS_HRP, bech32m.toWords(longer)))).toBeNull();
  });
});
