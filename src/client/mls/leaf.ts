// What an MLS leaf is in Parley, in one place. A leaf is one key that signs: either an identity
// itself or one of its devices (docs/ENCRYPTION.md 12.1). Its basic credential's identity is
//   - 32 bytes, the identity's address, when the identity's own key is the leaf, or
//   - 64 bytes, owner address(32) || device key(32), when a device of `owner` is the leaf,
// and its signature key is always the leaf's own Ed25519 key (the address, or the device key),
// so the key package's MLS signature proves the key made it and validators can check the
// binding in the clear (mls.keyPackage; for a device also that it is an active device of owner).
// MLS signs with its own labels ("MLS 1.0 ..."), so one key serves txs and MLS without overlap.
import { defaultCapabilities, defaultLifetime, generateKeyPackageWithKey, type AuthenticationService, type CiphersuiteImpl, type Credential, type KeyPackage, type LeafNode, type PrivateKeyPackage, type RatchetTree } from "ts-mls";
import { bytesEqual, concatBytes } from "../../util/bytes.js";
import type { Identity } from "../keys.js";

/** One leaf of the tree: whose (the identity) and which key (the device; = identity for its own key). */
export interface LeafInfo {
  leafIndex: number;
  /** The identity (person) the leaf belongs to. */
  address: Uint8Array;
  /** The leaf's signing key: a device of `address`, or `address` itself. */
  device: Uint8Array;
}

/** The credential of `identity`'s own leaf, or of its leaf as a device of `owner`. */
export function leafCredential(identity: Identity, owner?: Uint8Array): Credential {
  if (!owner || bytesEqual(owner, identity.publicKey)) return { credentialType: "basic", identity: identity.publicKey };
  return { credentialType: "basic", identity: concatBytes(owner, identity.publicKey) };
}

/**
 * A fresh key package (new init and leaf HPKE keys) signed with `identity`'s key; with `owner`,
 * a device leaf of that identity (validators refuse it unless the device is active for owner).
 */
export function identityKeyPackage(identity: Identity, cs: CiphersuiteImpl, owner?: Uint8Array): Promise<{ publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }> {
  return generateKeyPackageWithKey(leafCredential(identity, owner), defaultCapabilities(), defaultLifetime, [], { signKey: identity.secretKey, publicKey: identity.publicKey }, cs);
}

/** The identity a leaf belongs to, or null when its credential is not Parley's. */
export function leafAddress(leaf: LeafNode): Uint8Array | null {
  const c = leaf.credential;
  if (c.credentialType !== "basic") return null;
  if (c.identity.length === 32) return c.identity;
  return c.identity.length === 64 ? c.identity.subarray(0, 32) : null;
}

/** The key a leaf signs with (its device key), or null when its credential is not Parley's. */
export function leafDevice(leaf: LeafNode): Uint8Array | null {
  const c = leaf.credential;
  if (c.credentialType !== "basic") return null;
  if (c.identity.length === 32) return c.identity;
  return c.identity.length === 64 ? c.identity.subarray(32) : null;
}

/** True when the leaf is a device of another identity (a 64-byte credential), not an identity's own key. */
export function isDeviceLeaf(leaf: LeafNode): boolean {
  return leaf.credential.credentialType === "basic" && leaf.credential.identity.length === 64;
}

/**
 * A leaf is accepted only when its credential names the key that signs for it. Whether a device
 * is on chain for its owner is not known here (no chain access): validators check it when the
 * device publishes its key package, and clients when they add it and at every commit (groups.ts).
 */
export const leafAuthenticationService: AuthenticationService = {
  validateCredential(credential, signaturePublicKey) {
    if (credential.credentialType !== "basic") return Promise.resolve(false);
    const id = credential.identity;
    if (id.length === 32) return Promise.resolve(bytesEqual(id, signaturePublicKey));
    // A device leaf: the device is not its own owner (that is a 32-byte credential).
    return Promise.resolve(id.length === 64 && bytesEqual(id.subarray(32), signaturePublicKey) && !bytesEqual(id.subarray(0, 32), id.subarray(32)));
  },
};

/** Every leaf (index, identity, device key), in tree order. */
export function leavesOf(tree: RatchetTree): LeafInfo[] {
  const out: LeafInfo[] = [];
  for (let i = 0; i < tree.length; i += 2) {
    const n = tree[i];
    if (n?.nodeType !== "leaf") continue;
    const address = leafAddress(n.leaf);
    const device = leafDevice(n.leaf);
    if (address && device) out.push({ leafIndex: i / 2, address, device });
  }
  return out;
}

/** Leaf index and identity of every leaf, in tree order (an identity with devices appears once per leaf). */
export function membersOf(tree: RatchetTree): Array<{ leafIndex: number; address: Uint8Array }> {
  return leavesOf(tree).map(({ leafIndex, address }) => ({ leafIndex, address }));
}
