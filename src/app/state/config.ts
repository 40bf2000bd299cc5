// Which node the app talks to (the one that served it, unless the user chose another) and what
// that node's operator configured for the app (other nodes to cross-check with).
import { loadJson, saveJson } from "../lib/storage.js";
import { Store } from "../lib/store.js";

export interface AppConfig {
  /** RPC URLs of other nodes (the node's --app-peers); the CSP allows connecting to these. */
  peers: string[];
}

const isUrlList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");

export function nodeUrl(): string {
  return loadJson("node", location.origin, (v): v is string => typeof v === "string" && /^https?:\/\//.test(v));
}

export function setNodeUrl(url: string): void {
  saveJson("node", url.replace(/\/+$/, ""));
}

export const appConfig = new Store<AppConfig>({ peers: [] });

/** Reads /app-config.json from the node that served the app (absent: no peers). */
export async function loadAppConfig(): Promise<void> {
  try {
    const res = await fetch("/app-config.json");
    const json = (await res.json()) as { peers?: unknown };
    appConfig.set({ peers: isUrlList(json.peers) ? json.peers : [] });
  } catch {
    appConfig.set({ peers: [] });
  }
}

/** The witnesses the user switched off (by URL); the others are used. */
export const disabledPeers = new Store<string[]>(loadJson("peers.disabled", [], isUrlList));

export function setPeerEnabled(url: string, on: boolean): void {
  disabledPeers.update((l) => (on ? l.filter((u) => u !== url) : [...new Set([...l, url])]));
  saveJson("peers.disabled", disabledPeers.get());
}
