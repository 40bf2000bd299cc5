// The checkpoint this browser starts verifying from when it has no stored headers (docs/APP.md 6):
// `height:headerHash`, set in Settings or given once as the URL parameter `?checkpoint=` (kept
// for the next loads). A pin is trusted like genesis, so it comes only from the user or the link
// they chose to open, never from the node's answers.
import { loadJson, removeKey, saveJson, isString } from "../lib/storage.js";

const KEY = "checkpoint";

export function pinnedCheckpoint(): string | null {
  const fromUrl = new URLSearchParams(location.search).get("checkpoint");
  if (fromUrl) {
    saveJson(KEY, fromUrl);
    return fromUrl;
  }
  return loadJson<string | null>(KEY, null, isString);
}

/** Stores (or with "" removes) the pin; it applies from the next page load. */
export function setPinnedCheckpoint(value: string): void {
  if (value.trim() === "") removeKey(KEY);
  else saveJson(KEY, value.trim());
}
