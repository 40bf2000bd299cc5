// The secrets a reader opens envelopes with, indexed once: opening runs over whole inboxes, and
// deriving each prekey's public key per envelope would cost a scalar multiplication each time.
import { toHex } from "../../util/bytes.js";
import { prekeyId, x25519Public, type X25519KeyPair } from "./keys.js";

export interface RecipientSecrets {
  /** edSecretToX25519(identity seed). */
  identityX25519Secret: Uint8Array;
  /** Secrets of prekeys this reader has published and not yet deleted (deleting one is what gives forward secrecy). */
  prekeys?: readonly Uint8Array[];
}

export interface Keyring {
  readonly identity: X25519KeyPair;
  /** Prekey id (hex of 8 bytes) -> pairs; more than one only on an id collision, which open() survives by trying each. */
  readonly byPrekeyId: ReadonlyMap<string, readonly X25519KeyPair[]>;
  /**
   * X25519 shared secrets computed beforehand (by sharedSecretKey), e.g. in a batch by a native
   * implementation (WebCrypto); opening uses one when present instead of computing it again.
   */
  readonly shared?: ReadonlyMap<string, Uint8Array>;
}

/** The `shared` map's key for (our public key, the envelope's ephemeral key). */
export function sharedSecretKey(ourPublic: Uint8Array, ephPub: Uint8Array): string {
  return toHex(ourPublic) + toHex(ephPub);
}

export function prepareKeyring(secrets: RecipientSecrets): Keyring {
  const identity = { secret: secrets.identityX25519Secret, public: x25519Public(secrets.identityX25519Secret) };
  const byPrekeyId = new Map<string, X25519KeyPair[]>();
  for (const secret of secrets.prekeys ?? []) {
    const pair = { secret, public: x25519Public(secret) };
    const id = toHex(prekeyId(pair.public));
    const list = byPrekeyId.get(id);
    if (list) list.push(pair);
    else byPrekeyId.set(id, [pair]);
  }
  return { identity, byPrekeyId };
}

export function asKeyring(secrets: RecipientSecrets | Keyring): Keyring {
  return "byPrekeyId" in secrets ? secrets : prepareKeyring(secrets);
}
