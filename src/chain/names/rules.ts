// What a name may be (docs/NAMES.md 2): lowercase ASCII letters, digits and '-', or Chinese
// characters (CJK Unified Ideographs), never both kinds of letter in one name. One function per
// rule, each refusal with its own code; checkName runs them in a fixed order so a name always
// gets the same (first) refusal. The chain stores names exactly as the tx carries them, so it
// refuses anything not already in the one canonical form; clients call normalizeName first.
import { txError, type TxError } from "../tx/errors.js";

export const NAME_LIMITS = {
  // A Han character weighs 2 (thousands of common ones against 37 ASCII symbols): "abc" and
  // "张三" are the shortest names, "ab" and "张" too short (docs/NAMES.md 2).
  minWeight: 3,
  // Characters (code points); 32 Han characters are 96 UTF-8 bytes, still a small state key.
  maxLength: 32,
} as const;

/** The code a refused name gets. */
export type NameRuleCode =
  | "NAME_NOT_NFC"
  | "NAME_COMPAT_FORM"
  | "NAME_TOO_SHORT"
  | "NAME_TOO_LONG"
  | "NAME_UPPERCASE"
  | "NAME_BAD_CHAR"
  | "NAME_MIXED_SCRIPT"
  | "NAME_PUNYCODE"
  | "NAME_BAD_HYPHEN";

// CJK Unified Ideographs (U+4E00-U+9FFF) and Extension A (U+3400-U+4DBF): the ideographs of
// everyday Chinese. Compatibility ideographs (U+F900-U+FAFF) are refused by the NFKC rule.
const isHan = (cp: number): boolean => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf);
const isLatin = (cp: number): boolean => cp >= 0x61 && cp <= 0x7a;
const isDigit = (cp: number): boolean => cp >= 0x30 && cp <= 0x39;
const HYPHEN = 0x2d;

const refuse = (code: NameRuleCode, reason: string): TxError => txError({ code, reason });

function codePoints(name: string): number[] {
  const out: number[] = [];
  for (const ch of name) out.push(ch.codePointAt(0)!);
  return out;
}

/** What a client does to what a person typed: NFC, then ASCII capitals to lowercase (no other case folding). */
export function normalizeName(input: string): string {
  return input.normalize("NFC").replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A name's weight: 1 per ASCII character, 2 per Han character (the length rule and the fee table use it). */
export function nameWeight(name: string): number {
  let w = 0;
  for (const cp of codePoints(name)) w += isHan(cp) ? 2 : 1;
  return w;
}

export function checkNfc(name: string): TxError | null {
  // [REJECT] the name is in Unicode NFC: one spelling per name, so two txs cannot register "the same" name twice
  return name.normalize("NFC") === name ? null : refuse("NAME_NOT_NFC", "not in Unicode NFC");
}

export function checkCompat(name: string): TxError | null {
  // [REJECT] no fullwidth or compatibility forms ("ａｂｃ", "①", U+F900 ideographs): NFKC must leave the name unchanged
  return name.normalize("NFKC") === name ? null : refuse("NAME_COMPAT_FORM", "a fullwidth or compatibility character (NFKC differs)");
}

export function checkLength(cps: readonly number[], name: string): TxError | null {
  // [REJECT] at most 32 characters
  if (cps.length > NAME_LIMITS.maxLength) return refuse("NAME_TOO_LONG", `at most ${NAME_LIMITS.maxLength} characters, got ${cps.length}`);
  // [REJECT] weight at least 3 (3 ASCII characters, or 2 Han characters)
  const w = nameWeight(name);
  if (w < NAME_LIMITS.minWeight) return refuse("NAME_TOO_SHORT", `weight ${w} < ${NAME_LIMITS.minWeight} (an ASCII character weighs 1, a Han character 2)`);
  return null;
}

export function checkChars(cps: readonly number[]): TxError | null {
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    // [REJECT] ASCII capitals: names are lowercase (clients lowercase what people type)
    if (cp >= 0x41 && cp <= 0x5a) return refuse("NAME_UPPERCASE", `character ${i} is an ASCII capital`);
    // [REJECT] anything but a-z, 0-9, '-' and CJK Unified Ideographs (dots, spaces, '_', emoji, other scripts)
    if (!isLatin(cp) && !isDigit(cp) && cp !== HYPHEN && !isHan(cp)) return refuse("NAME_BAD_CHAR", `character ${i} (U+${cp.toString(16).toUpperCase().padStart(4, "0")}) is not allowed`);
  }
  return null;
}

export function checkScript(cps: readonly number[]): TxError | null {
  // [REJECT] Latin letters and Han characters never mix in one name; digits and '-' go with either
  return cps.some(isLatin) && cps.some(isHan) ? refuse("NAME_MIXED_SCRIPT", "mixes Latin letters and Han characters") : null;
}

export function checkPunycode(name: string): TxError | null {
  // [REJECT] no "xn--" prefix: an IDNA A-label would stand for a different, unchecked name
  return name.startsWith("xn--") ? refuse("NAME_PUNYCODE", 'starts with "xn--"') : null;
}

export function checkHyphens(name: string): TxError | null {
  // [REJECT] no '-' at the start or end, and never two in a row ("a--b" and "a-b" look alike)
  if (name.startsWith("-") || name.endsWith("-")) return refuse("NAME_BAD_HYPHEN", "starts or ends with '-'");
  if (name.includes("--")) return refuse("NAME_BAD_HYPHEN", "two '-' in a row");
  return null;
}

/** Every rule, in order; null when the name may be registered. */
export function checkName(name: string): TxError | null {
  const early = checkNfc(name) ?? checkCompat(name);
  if (early) return early;
  const cps = codePoints(name);
  return checkLength(cps, name) ?? checkChars(cps) ?? checkScript(cps) ?? checkPunycode(name) ?? checkHyphens(name);
}
