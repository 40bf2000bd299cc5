// History bundles (docs/ENCRYPTION.md 4.6): what one device of a person has read, sealed
// to another device of the same person, carried out of band (a file) so no node ever holds it.
// The same sealed box as DMs, with its own labels and a context naming who moves what to whom:
//
//   AD context = utf8("parley/history-ad/v1") || owner(32) || fromDevice(32) || toDevice(32)
//
// fromDevice is the exporting key (the identity itself when the identity exports); toDevice is
// the new device's Ed25519 key, converted to X25519 as for DMs to an identity. The payload is not
// padded: the bundle never travels on chain, and its size says only roughly how much history it holds.
import { concatBytes } from "../../util/bytes.js";
import type { Result } from "../../util/errors.js";
import { fixed, labelField } from "./context.js";
import { cryptoError, type CryptoError } from "./errors.js";
import { asKeyring, type Keyring, type RecipientSecrets } from "./keyring.js";
import { chooseRecipientKey } from "./keys.js";
import { Label } from "./labels.js";
import { openBox, parseBox, sealBox, type BoxRandom } from "./sealed-box.js";

// 64 MiB: years of text chat; a bundle beyond it should be split by the exporter.
export const MAX_HISTORY_BYTES = 64 * 1024 * 1024;

export interface HistoryContext {
  owner: Uint8Array;
  fromDevice: Uint8Array;
  toDevice: Uint8Array;
}

function historyAd(ctx: HistoryContext): Uint8Array {
  return concatBytes(labelField(Label.historyAd), fixed(ctx.owner, 32, "owner"), fixed(ctx.fromDevice, 32, "fromDevice"), fixed(ctx.toDevice, 32, "toDevice"));
}

/** Seals `payload` to the Ed25519 key `ctx.toDevice`. Throws CryptoError BAD_KEY or TOO_LARGE. */
export function sealHistory(ctx: HistoryContext, payload: Uint8Array, random?: BoxRandom): Uint8Array {
  if (payload.length > MAX_HISTORY_BYTES) throw cryptoError({ code: "TOO_LARGE", max: MAX_HISTORY_BYTES });
  const recipient = chooseRecipientKey(ctx.toDevice, null);
  return sealBox({ keyLabel: Label.historyKey, adContext: historyAd(ctx), ...recipient, payload, ...(random ? { random } : {}) });
}

/** DECRYPT_FAILED when not sealed to us, tampered, or moved to another context. */
export function openHistory(ctx: HistoryContext, sealed: Uint8Array, mySecrets: RecipientSecrets | Keyring): Result<Uint8Array, CryptoError> {
  const box = parseBox(sealed, 0, MAX_HISTORY_BYTES);
  if (!box.ok) return box;
  return openBox(Label.historyKey, historyAd(ctx), box.value, asKeyring(mySecrets));
}
