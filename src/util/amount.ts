// Decimal amounts for people (docs/ASSETS.md 7): "12.5" or "12.5 PAR" <-> base units, with
// bigints only (a float would round 0.1 + 0.2, and amounts exceed 2^53). A number without a
// decimal point is whole tokens, as a wallet user means it ("send 5" sends 5 PAR, not 5
// millionths: DECISIONS.md). Browser-safe: the web app and the CLI share it.
import { ParleyError } from "./errors.js";

export type AmountErrorType =
  | { code: "AMOUNT_SYNTAX"; text: string }
  | { code: "AMOUNT_NEGATIVE"; text: string }
  | { code: "AMOUNT_TOO_PRECISE"; text: string; decimals: number }
  | { code: "AMOUNT_OVERFLOW"; text: string }
  | { code: "AMOUNT_WRONG_SYMBOL"; text: string; expected: string };
export class AmountError extends ParleyError<AmountErrorType> {}

const U64_MAX = (1n << 64n) - 1n;
const SHAPE = /^(\d+)(?:\.(\d+))?$/;

export interface AmountUnit {
  /** Decimal places of the asset (0-18). */
  decimals: number;
  /** Its symbol: a trailing symbol in the text must be this one (case-insensitive). */
  symbol?: string;
}

/** "12.5", "12.5 PAR", "1,000.25" -> base units (12.5 with 6 decimals = 12500000n). Throws AmountError. */
export function parseDecimalAmount(text: string, unit: AmountUnit): bigint {
  let s = text.trim();
  const spaced = /^(\S+)\s+([A-Za-z0-9]+)$/.exec(s);
  if (spaced) {
    const symbol = spaced[2]!;
    if (unit.symbol === undefined || symbol.toUpperCase() !== unit.symbol.toUpperCase())
      throw new AmountError({ code: "AMOUNT_WRONG_SYMBOL", text, expected: unit.symbol ?? "(none)" }, `"${text}": the amount is in ${unit.symbol ?? "an asset without a symbol"}, not ${symbol}`);
    s = spaced[1]!;
  }
  if (s.startsWith("-")) throw new AmountError({ code: "AMOUNT_NEGATIVE", text }, `"${text}": an amount cannot be negative`);
  // Thousands separators are for reading: "1,000.5" is 1000.5, but only in groups of three.
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replaceAll(",", "");
  const m = SHAPE.exec(s);
  if (!m) throw new AmountError({ code: "AMOUNT_SYNTAX", text }, `"${text}" is not an amount (like 12 or 12.5)`);
  const whole = m[1]!;
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > unit.decimals)
    throw new AmountError({ code: "AMOUNT_TOO_PRECISE", text, decimals: unit.decimals }, `"${text}" has more than ${unit.decimals} decimal places`);
  const scale = 10n ** BigInt(unit.decimals);
  // Digits beyond a u64's 20 are an overflow whatever the scale (and keep BigInt's work bounded).
  if (whole.replace(/^0+/, "").length > 20) throw new AmountError({ code: "AMOUNT_OVERFLOW", text }, `"${text}" is too large (a balance is at most 2^64-1 base units)`);
  const base = BigInt(whole) * scale + (frac ? BigInt(frac.padEnd(unit.decimals, "0")) : 0n);
  if (base > U64_MAX) throw new AmountError({ code: "AMOUNT_OVERFLOW", text }, `"${text}" is too large (a balance is at most 2^64-1 base units)`);
  return base;
}

/** Base units -> "12.5" (no trailing zeros, no point for whole amounts); with a symbol, "12.5 PAR". */
export function formatDecimalAmount(base: bigint, unit: AmountUnit): string {
  const negative = base < 0n;
  const abs = negative ? -base : base;
  const scale = 10n ** BigInt(unit.decimals);
  const whole = abs / scale;
  const frac = unit.decimals === 0 ? "" : (abs % scale).toString().padStart(unit.decimals, "0").replace(/0+$/, "");
  const num = `${negative ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
  return unit.symbol ? `${num} ${unit.symbol}` : num;
}
