// What an MLS leaf is in Parley, in one place so that per-device leaves (issue 15, devices) change
// only this file: today a leaf is an identity. Its basic credential's identity is the 32-byte
// address and its signature key is the same Ed25519 key, so the key package's MLS signature
// proves the identity made it and validators can check the binding in the clear (mls.keyPackage).
// MLS signs with its own labels ("MLS 1.0 ..."), so one key serves txs and MLS without overlap.
import { defaultCapabilities, defaultLifetime, generateKeyPackageWithKey, type AuthenticationService, type CiphersuiteImpl, type Credential, type KeyPackage, type LeafNode, type PrivateKeyPackage, type RatchetTree } from "ts-mls";
import { bytesEqual } from "../../util/bytes.js";
import type { Identity } from "../keys.js";

export function leafCredential(identity: Identity): Credential {
  return { credentialType: "basic", identity: identity.publicKey };
}

/** A fresh key package (new init and leaf HPKE keys) signed with the identity's key. */
export function identityKeyPackage(identity: Identity, cs: CiphersuiteImpl): Promise<{ publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }> {
  return generateKeyPackageWithKey(leafCredential(identity), defaultCapabilities(), defaultLifetime, [], { signKey: identity.secretKey, publicKey: identity.publicKey }, cs);
}

/** The address a leaf belongs to, or null when its credential is not Parley's. */
export function leafAddress(leaf: LeafNode): Uint8Array | null {
  const c = leaf.credential;
  return c.credentialType === "basic" && c.identity.length === 32 ? c.identity : null;
}

/** A leaf is accepted only when its credential names the key that signs for it. */
export const leafAuthenticationService: AuthenticationService = {
  validateCredential(credential, signaturePublicKey) {
    return Promise.resolve(credential.credentialType === "basic" && credential.identity.length === 32 && bytesEqual(credential.identity, signaturePublicKey));
  },
};

/** Leaf index and address of every member, in tree order. */
export function membersOf(tree: RatchetTree): Array<{ leafIndex: number; address: Uint8Array }> {
  const out: Array<{ leafIndex: number; address: Uint8Array }> = [];
  for (let i = 0; i < tree.length; i += 2) {
    const n = tree[i];
    if (n?.nodeType !== "leaf") continue;
    const address = leafAddress(n.leaf);
    if (address) out.push({ leafIndex: i / 2, address });
  }
  return out;
}
