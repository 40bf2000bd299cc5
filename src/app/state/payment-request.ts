// Payment requests inside a conversation. A request is an ordinary encrypted message whose text
// is a small URI, readable as-is by any client (the CLI prints it):
//   parley:request?amount=25&note=lunch      "please pay me 25"
//   parley:paid?request=0x<id>&note=...      the message that pays it (the tx carries the amount)
// The app renders the first as a card with a one-click Pay button, the second as its receipt.
// The URI's amount is in base units (exact, whatever the chain's decimals); people type and
// read whole tokens.
import { nativeUnit, type TokenUnit } from "../i18n/i18n.js";
import { readAmountInput } from "./amount-input.js";

export interface PaymentRequest {
  amount: bigint;
  note: string;
}

export interface PaymentReceipt {
  request: string;
  note: string;
}

const REQUEST = "parley:request?";
const PAID = "parley:paid?";
// Requests above 2^64-1 cannot be paid (amounts are u64 on chain).
const U64_MAX = (1n << 64n) - 1n;

export function formatRequest(r: PaymentRequest): string {
  const q = new URLSearchParams({ amount: r.amount.toString() });
  if (r.note) q.set("note", r.note);
  return REQUEST + q.toString();
}

export function parseRequest(text: string | null): PaymentRequest | null {
  if (!text?.startsWith(REQUEST)) return null;
  const q = new URLSearchParams(text.slice(REQUEST.length));
  const amount = q.get("amount") ?? "";
  if (!/^\d{1,20}$/.test(amount)) return null;
  const n = BigInt(amount);
  if (n <= 0n || n > U64_MAX) return null;
  return { amount: n, note: q.get("note") ?? "" };
}

export function formatReceipt(r: PaymentReceipt): string {
  const q = new URLSearchParams({ request: r.request });
  if (r.note) q.set("note", r.note);
  return PAID + q.toString();
}

export function parseReceipt(text: string | null): PaymentReceipt | null {
  if (!text?.startsWith(PAID)) return null;
  const q = new URLSearchParams(text.slice(PAID.length));
  const request = q.get("request") ?? "";
  if (!/^0x[0-9a-f]{64}$/.test(request)) return null;
  return { request, note: q.get("note") ?? "" };
}

/**
 * An amount typed by a person, in whole tokens of the native unit (12, 12.5, "1,000", "12.5 PAR":
 * what the CLI takes, DECISIONS 35), as base units: positive, within u64; null otherwise.
 */
export function parseAmountInput(text: string, unit: TokenUnit = nativeUnit.get()): bigint | null {
  const r = readAmountInput(text, unit);
  return r.ok ? r.amount : null;
}

