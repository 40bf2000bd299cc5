// "@name" wherever the CLI takes an address (docs/NAMES.md 6): before a command runs, every
// address option it was given (--to, --owner, the `address` positional, comma lists such as
// --members, and the ADDRESS part of --creator ADDRESS:BPS) that starts with "@" is resolved
// at the node to the name's holder, so each command's own parser only ever sees addresses.
// One place, one lookup per distinct name; a name that does not resolve stops the command.
import { ChatClient } from "../client/chat.js";
import { ParleyError } from "../util/errors.js";

/** Options and positionals that hold one address or a comma list of them. */
const ADDRESS_ARGS = ["to", "address", "owner", "answerer", "device", "identity", "member", "members", "validator", "recipient"] as const;
/** Options whose values are ADDRESS:NUMBER pairs. */
const SHARE_ARGS = ["creator", "payee"] as const;

const httpUrl = (url: string): string => url.replace(/^ws(s?):\/\//i, (_m, s: string) => `http${s.toLowerCase()}://`);

export type Resolve = (name: string) => Promise<string>;

async function resolveList(text: string, resolve: Resolve): Promise<string> {
  if (!text.includes("@")) return text;
  const parts = await Promise.all(text.split(",").map(async (p) => (p.trim().startsWith("@") ? resolve(p.trim()) : p)));
  return parts.join(",");
}

async function resolveShare(text: string, resolve: Resolve): Promise<string> {
  const colon = text.lastIndexOf(":");
  if (!text.startsWith("@") || colon < 0) return text;
  return `${await resolve(text.slice(0, colon))}${text.slice(colon)}`;
}

/** Resolves "@name" at the node `rpc`: the holder's parley1 address; errors through `fail`. */
export function nodeResolver(rpc: string, fail: (reason: string) => Error): Resolve {
  const chat = new ChatClient(httpUrl(rpc));
  return (typed) => chat.resolveName(typed).then((r) => r.address, (e: unknown) => {
    throw fail(`${typed}: ${e instanceof ParleyError ? e.message : String(e)}`);
  });
}

/** Rewrites the "@name" address args of `args` in place to the holders' addresses (one lookup per distinct name). */
export async function resolveNameArgs(args: Record<string, unknown>, lookup: Resolve): Promise<void> {
  const cache = new Map<string, Promise<string>>();
  const resolve: Resolve = (typed) => {
    let hit = cache.get(typed);
    if (!hit) cache.set(typed, (hit = lookup(typed)));
    return hit;
  };
  for (const key of ADDRESS_ARGS) {
    const v = args[key];
    if (typeof v === "string" && v.includes("@")) args[key] = await resolveList(v, resolve);
    else if (Array.isArray(v)) args[key] = await Promise.all(v.map((x) => (typeof x === "string" ? resolveList(x, resolve) : x)));
  }
  for (const key of SHARE_ARGS) {
    const v = args[key];
    if (typeof v === "string") args[key] = await resolveShare(v, resolve);
    else if (Array.isArray(v)) args[key] = await Promise.all(v.map((x) => (typeof x === "string" ? resolveShare(x, resolve) : x)));
  }
}

/** Whether any address arg holds a name (so commands without one never contact the node for it). */
export function hasNameArgs(args: Record<string, unknown>): boolean {
  const has = (v: unknown): boolean => (typeof v === "string" ? v.split(",").some((p) => p.trim().startsWith("@")) : Array.isArray(v) && v.some(has));
  return [...ADDRESS_ARGS, ...SHARE_ARGS].some((k) => has(args[k]));
}
