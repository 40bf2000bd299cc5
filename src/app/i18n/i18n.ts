// Languages: one catalogue per language (en.ts, zh-CN.ts, same keys, checked by the compiler),
// the language chosen from the browser's preferences unless the user picked one, and the
// locale-aware formatting of dates, times and amounts.
import { Store } from "../lib/store.js";
import { en, type Catalogue, type MessageKey } from "./en.js";
import { zhCN } from "./zh-CN.js";

export const LANGUAGES = { en: { name: "English", catalogue: en }, "zh-CN": { name: "简体中文", catalogue: zhCN } } as const;
export type Lang = keyof typeof LANGUAGES;
export type { MessageKey };

const STORAGE_KEY = "parley.lang";

function isLang(v: unknown): v is Lang {
  return typeof v === "string" && Object.hasOwn(LANGUAGES, v);
}

/** The first of the browser's languages we have: any Chinese gets 简体中文, else English. */
export function pickLanguage(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const t = tag.toLowerCase();
    if (t.startsWith("zh")) return "zh-CN";
    if (t.startsWith("en")) return "en";
  }
  return "en";
}

function initialLang(): Lang {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLang(saved)) return saved;
  return pickLanguage(globalThis.navigator?.languages ?? []);
}

export const lang = new Store<Lang>(initialLang());

export function setLang(l: Lang): void {
  localStorage.setItem(STORAGE_KEY, l);
  document.documentElement.lang = l;
  lang.set(l);
}

export type Vars = Record<string, string | number | bigint>;

/** The message for `key` in the current language, with {name} placeholders filled. */
export function t(key: MessageKey, vars: Vars = {}): string {
  const cat: Catalogue = LANGUAGES[lang.get()].catalogue;
  const m = cat[key];
  const text = typeof m === "function" ? m(vars) : m;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dtf(style: "short" | "medium"): Intl.DateTimeFormat {
  const k = `${lang.get()}/${style}`;
  let f = dateTimeFormats.get(k);
  if (!f) dateTimeFormats.set(k, (f = new Intl.DateTimeFormat(lang.get(), { dateStyle: style, timeStyle: "short" })));
  return f;
}

/** A block time (ms) as a local date and time. */
export function formatTime(ms: number, style: "short" | "medium" = "short"): string {
  return dtf(style).format(new Date(ms));
}

/** A whole number, grouped as the language writes numbers. */
export function formatNumber(n: bigint | number): string {
  const k = lang.get();
  let f = numberFormats.get(k);
  if (!f) numberFormats.set(k, (f = new Intl.NumberFormat(k, { maximumFractionDigits: 0 })));
  return f.format(n);
}

/** A token's symbol and decimals: amounts travel in base units and are shown in whole tokens. */
export interface TokenUnit {
  symbol: string;
  decimals: number;
}

/** The chain's own token, from node_info params once a session starts (the CLI shows the same). */
export const nativeUnit = new Store<TokenUnit>({ symbol: "PAR", decimals: 0 });

/**
 * `base` units of `unit` (the native token by default) as whole tokens: the integer part
 * grouped as the language writes numbers, the fraction exact (bigint only, trailing zeros
 * dropped), e.g. 12500000 with 6 decimals = "12.5"; never through a float.
 */
export function formatAmount(base: bigint | number, unit: TokenUnit = nativeUnit.get()): string {
  const n = typeof base === "bigint" ? base : BigInt(Math.trunc(base));
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const scale = 10n ** BigInt(unit.decimals);
  const frac = unit.decimals === 0 ? "" : (abs % scale).toString().padStart(unit.decimals, "0").replace(/0+$/, "");
  // Both languages the app speaks write the decimal point as ".".
  return `${neg ? "-" : ""}${formatNumber(abs / scale)}${frac ? "." + frac : ""}`;
}
