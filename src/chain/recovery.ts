// Recovery phrases (docs/ENCRYPTION.md 11.2, "Recovery phrases"): 24 BIP39 words (English list,
// 256 bits of entropy) from which the identity key derives, so a lost key file is written again
// from the words alone. Browser-safe (@scure/bip39, @noble/hashes).
//
//   seed64   = BIP39 mnemonicToSeed(words, passphrase "")      (PBKDF2-HMAC-SHA512, 2048 rounds)
//   secret32 = HKDF-SHA256(ikm = seed64, salt = utf8("parley/identity/v1"), info = utf8("ed25519 identity"), 32)
//   identity = Ed25519 key pair of secret32 (the address is its public key)
//
// HKDF rather than a SLIP-10 path: Parley has one key per phrase and no registered coin type,
// and HKDF is one call anyone can reproduce from this comment.
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { identityFromSecret, type Identity } from "./identity.js";
import { utf8 } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";

export const PHRASE_WORDS = 24;

export class RecoveryPhraseError extends ParleyError<{ code: "BAD_RECOVERY_PHRASE"; reason: string }> {}

/** A fresh 24-word phrase (256 bits of entropy from the platform's CSPRNG). */
export function newRecoveryPhrase(): string {
  return generateMnemonic(wordlist, 256);
}

/** Lower case, single spaces: how people type a phrase back is not how it must be hashed. */
export function normalizePhrase(text: string): string {
  return text.normalize("NFKD").trim().toLowerCase().split(/\s+/).join(" ");
}

/** The identity a phrase derives. Throws RecoveryPhraseError for a wrong word count, an unknown word or a bad checksum. */
export function identityFromPhrase(text: string): Identity {
  const phrase = normalizePhrase(text);
  const words = phrase.length === 0 ? 0 : phrase.split(" ").length;
  if (words !== PHRASE_WORDS) throw new RecoveryPhraseError({ code: "BAD_RECOVERY_PHRASE", reason: `expected ${PHRASE_WORDS} words, got ${words}` });
  const unknown = phrase.split(" ").find((w) => !wordlist.includes(w));
  if (unknown !== undefined) throw new RecoveryPhraseError({ code: "BAD_RECOVERY_PHRASE", reason: `"${unknown}" is not a BIP39 English word` });
  if (!validateMnemonic(phrase, wordlist)) throw new RecoveryPhraseError({ code: "BAD_RECOVERY_PHRASE", reason: "the checksum does not match (a word is wrong or out of order)" });
  const seed = mnemonicToSeedSync(phrase, "");
  return identityFromSecret(hkdf(sha256, seed, utf8("parley/identity/v1"), utf8("ed25519 identity"), 32));
}

/** A new identity and the phrase it derives from. */
export function newIdentityWithPhrase(): { identity: Identity; phrase: string } {
  const phrase = newRecoveryPhrase();
  return { identity: identityFromPhrase(phrase), phrase };
}
