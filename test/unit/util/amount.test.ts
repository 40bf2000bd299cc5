import { describe, expect, it } from "vitest";
import { AmountError, formatDecimalAmount, parseDecimalAmount } from "../../../src/util/amount.js";

const PAR = { decimals: 6, symbol: "PAR" };

function code(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof AmountError ? e.code : `not an AmountError: ${String(e)}`;
  }
}

describe("decimal amounts", () => {
  it("reads whole tokens and decimals into base units exactly", () => {
    expect(parseDecimalAmount("12.5", PAR)).toBe(12_500_000n);
    expect(parseDecimalAmount("5", PAR)).toBe(5_000_000n);
    expect(parseDecimalAmount("0.000001", PAR)).toBe(1n);
    expect(parseDecimalAmount("12.5 PAR", PAR)).toBe(12_500_000n);
    expect(parseDecimalAmount(" 12.50 par ", PAR)).toBe(12_500_000n);
    expect(parseDecimalAmount("1,000.25", PAR)).toBe(1_000_250_000n);
    expect(parseDecimalAmount("007", { decimals: 0 })).toBe(7n);
    // 0.1 + 0.2 as floats is 0.30000000000000004: here it is exact
    expect(parseDecimalAmount("0.1", PAR) + parseDecimalAmount("0.2", PAR)).toBe(parseDecimalAmount("0.3", PAR));
    // the largest u64 at 0 and at 18 decimals
    expect(parseDecimalAmount("18446744073709551615", { decimals: 0 })).toBe((1n << 64n) - 1n);
    expect(parseDecimalAmount("18.446744073709551615", { decimals: 18 })).toBe((1n << 64n) - 1n);
  });

  it("refuses too many decimals, negatives, overflow, other symbols and garbage, each with its code", () => {
    expect(code(() => parseDecimalAmount("0.0000001", PAR))).toBe("AMOUNT_TOO_PRECISE");
    expect(code(() => parseDecimalAmount("1.5", { decimals: 0 }))).toBe("AMOUNT_TOO_PRECISE");
    expect(code(() => parseDecimalAmount("-3", PAR))).toBe("AMOUNT_NEGATIVE");
    expect(code(() => parseDecimalAmount("18446744073709551616", { decimals: 0 }))).toBe("AMOUNT_OVERFLOW");
    expect(code(() => parseDecimalAmount("18446744073710", PAR))).toBe("AMOUNT_OVERFLOW");
    expect(code(() => parseDecimalAmount("9".repeat(400), PAR))).toBe("AMOUNT_OVERFLOW");
    expect(code(() => parseDecimalAmount("5 PTS", PAR))).toBe("AMOUNT_WRONG_SYMBOL");
    for (const bad of ["", "abc", "1.2.3", "1e6", ".5", "5.", "0x10", "1,00", "12,5", "NaN", "Infinity", "1 2 PAR"]) expect(code(() => parseDecimalAmount(bad, PAR)), bad).toBe("AMOUNT_SYNTAX");
    // "1.500000" is 1.5: trailing zeros are no extra precision
    expect(parseDecimalAmount("1.500000000", PAR)).toBe(1_500_000n);
  });

  it("formats base units back without trailing zeros, and round-trips", () => {
    expect(formatDecimalAmount(12_500_000n, PAR)).toBe("12.5 PAR");
    expect(formatDecimalAmount(5_000_000n, { decimals: 6 })).toBe("5");
    expect(formatDecimalAmount(1n, PAR)).toBe("0.000001 PAR");
    expect(formatDecimalAmount(0n, PAR)).toBe("0 PAR");
    expect(formatDecimalAmount(42n, { decimals: 0, symbol: "PTS" })).toBe("42 PTS");
    expect(formatDecimalAmount((1n << 64n) - 1n, { decimals: 18 })).toBe("18.446744073709551615");
    for (const n of [0n, 1n, 999_999n, 1_000_000n, 123_456_789_012n, (1n << 64n) - 1n]) expect(parseDecimalAmount(formatDecimalAmount(n, PAR), PAR)).toBe(n);
  });
});
