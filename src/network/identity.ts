// The validator's Ed25519 key is also its p2p identity, so a peer id can be computed from a
// validator address (its public key) and a gossip sender mapped back to one.
import { generateKeyPairFromSeed, publicKeyFromRaw } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey, peerIdFromPublicKey, peerIdFromString } from "@libp2p/peer-id";
import type { PrivateKey } from "@libp2p/interface";
import { NetworkError } from "./errors.js";

export async function privateKeyFromSeed(seed: Uint8Array): Promise<PrivateKey> {
  if (seed.length !== 32) throw new NetworkError({ code: "INVALID_CONFIG", reason: `Ed25519 seed must be 32 bytes, got ${seed.length}` });
  return generateKeyPairFromSeed("Ed25519", seed);
}

/** The peer id (base58 string) a node with this 32-byte Ed25519 seed will have. */
export async function peerIdFromSeed(seed: Uint8Array): Promise<string> {
  return peerIdFromPrivateKey(await privateKeyFromSeed(seed)).toString();
}

/** The peer id of the node whose Ed25519 public key (= Parley address) is `publicKey`. */
export function peerIdFromEd25519PublicKey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new NetworkError({ code: "INVALID_CONFIG", reason: `Ed25519 public key must be 32 bytes, got ${publicKey.length}` });
  return peerIdFromPublicKey(publicKeyFromRaw(publicKey)).toString();
}

/** The 32-byte Ed25519 public key inside a peer id, or null when it is not an Ed25519 peer id. */
export function ed25519PublicKeyFromPeerId(peerId: string): Uint8Array | null {
  try {
    const id = peerIdFromString(peerId);
    return id.type === "Ed25519" ? id.publicKey.raw : null;
  } catch {
    return null;
  }
}
