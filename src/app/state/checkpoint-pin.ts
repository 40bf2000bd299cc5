// The checkpoint this browser starts verifying from when it has no stored headers (docs/APP.md 6):
// `height:headerHash`, set in Settings (kept) or given as the URL parameter `?checkpoint=` (that
// load only: a link must not change this browser's setting). A pin is trusted like genesis, so
// it comes only from the user or the link they chose to open, never from the node's answers; it
// can never replace headers this browser already verified (start-point.ts).
import { loadJson, removeKey, saveJson, isString } from "../lib/storage.js";

const KEY = "checkpoint";

export function pinnedCheckpoint(): string | null {
  const fromUrl = new URLSearchParams(location.search).get("checkpoint");
  if (fromUrl) return fromUrl;
  return loadJson<string | null>(KEY, null, isString);
}

/** Stores (or with "" removes) the pin; it applies from the next page load. */
export function setPinnedCheckpoint(value: string): void {
  if (value.trim() === "") removeKey(KEY);
  else saveJson(KEY, value.trim());
}
