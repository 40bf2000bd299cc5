// Bundled for the browser by bench/app.ts: reads message entries the way the app does (the
// SDK's batch path: decode, id and chain checks, signatures in one batch, X25519 agreements in
// one batch, then each envelope opened) and times it with performance.now().
import { ChatBase } from "../src/client/chat-base.js";
import { openDirectEntries, openDirectEntry } from "../src/client/chat.js";
import { verifyEntry } from "../src/client/chat-entries.js";
import { identityFromSecret } from "../src/client/keys.js";
import { keyringFor } from "../src/client/prekeys.js";
import { fromHex } from "../src/util/bytes.js";

export interface DecryptRun {
  count: number;
  readable: number;
  /** The whole read: decode and check every entry, verify signatures, open envelopes. */
  fullMs: number;
  /** Opening the envelopes alone (X25519 batch + HKDF + XChaCha20-Poly1305). */
  openMs: number;
  /** The same opening without the native batch (@noble X25519 per envelope). */
  nobleOpenMs: number;
}

async function run(entries: unknown[], chainId: string, seedHex: string): Promise<DecryptRun> {
  const me = identityFromSecret(fromHex(seedHex)!);
  const keyring = keyringFor(me, []);
  const base = new ChatBase("http://127.0.0.1:0");
  // Warm up (JIT, key imports) on a few entries, as an app that has read its first page.
  const warm = await base.verifyEntries(entries.slice(0, 50), chainId);
  await openDirectEntries(warm, me.publicKey, keyring);
  for (const e of warm) openDirectEntry(e, me.publicKey, keyring);
  const t0 = performance.now();
  const verified = await base.verifyEntries(entries, chainId);
  const readable = (await openDirectEntries(verified, me.publicKey, keyring)).filter((m) => m.text !== null).length;
  const t1 = performance.now();
  const again = entries.map((e) => verifyEntry(e, chainId, false));
  const t2 = performance.now();
  await openDirectEntries(again, me.publicKey, keyring);
  const t3 = performance.now();
  for (const e of again) openDirectEntry(e, me.publicKey, keyring);
  const t4 = performance.now();
  return { count: entries.length, readable, fullMs: t1 - t0, openMs: t3 - t2, nobleOpenMs: t4 - t3 };
}

(globalThis as { parleyDecryptBench?: typeof run }).parleyDecryptBench = run;

