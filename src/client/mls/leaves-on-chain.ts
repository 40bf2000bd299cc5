// What a group's leaves are on chain (docs/ENCRYPTION.md 12.8): the key packages to add for an
// identity (its own key and each active device), and which device leaves are no longer active
// (revoked) and so must be removed by whoever commits next. Reads the node through RPC only.
import type { KeyPackage } from "ts-mls";
import { formatAddress } from "../../chain/address.js";
import { bytesEqual, fromHex } from "../../util/bytes.js";
import { toAddress, type ChatBase } from "../chat-base.js";
import { deviceRecord, listDevices } from "../devices.js";
import { leafAddress, leafDevice } from "./leaf.js";
import { decodeMls, MlsError, type MlsMember } from "./member.js";

/** One leaf to add: the identity, the key that is the leaf (itself or a device), its key package. */
export interface LeafToAdd {
  address: Uint8Array;
  device: Uint8Array;
  keyPackage: KeyPackage;
}

/**
 * Leaf indices of device leaves whose device is no longer an active device of the identity it
 * names (revoked, moved, or never added): the client-side half of "revoking a device removes
 * it from every group at the next commit". One device_get per device leaf; an identity's own
 * key is never revoked. The member's own leaf is left alone (MLS forbids a committer removing
 * itself; another member's commit will).
 */
export async function revokedDeviceLeaves(base: ChatBase, member: MlsMember): Promise<number[]> {
  const out: number[] = [];
  const own = member.ownLeafIndex;
  for (const l of member.leaves()) {
    if (bytesEqual(l.address, l.device) || l.leafIndex === own) continue;
    const rec = await deviceRecord(base, l.device);
    if (!rec || !rec.active || rec.owner !== formatAddress(l.address)) out.push(l.leafIndex);
  }
  return out;
}

/**
 * Key packages for every leaf of each identity not yet in the group (`has` says which are):
 * its own key and each active device, each checked well-formed, signed and bound to that key
 * and identity. An identity none of whose keys has a package is NO_KEY_PACKAGE.
 */
export async function leafKeyPackages(base: ChatBase, addresses: Uint8Array[], has: (leaf: Uint8Array) => boolean = () => false): Promise<LeafToAdd[]> {
  const out: LeafToAdd[] = [];
  for (const address of addresses) {
    const devices = (await listDevices(base, address)).map((d) => toAddress(d.device, "device"));
    let found = 0;
    for (const device of [address, ...devices]) {
      if (has(device)) {
        found++;
        continue;
      }
      const kp = await keyPackageOf(base, address, device);
      if (kp) {
        found++;
        out.push({ address, device, keyPackage: kp });
      }
    }
    if (found === 0) throw new MlsError({ code: "NO_KEY_PACKAGE", address: formatAddress(address) });
  }
  return out;
}

/** The latest key package `device` published as a leaf of `address`, or null when none. */
async function keyPackageOf(base: ChatBase, address: Uint8Array, device: Uint8Array): Promise<KeyPackage | null> {
  const dev = formatAddress(device);
  let json: { keyPackage: string };
  try {
    json = await base.client.rpc.call<{ keyPackage: string }>("mls_keyPackage", [dev]);
  } catch {
    return null;
  }
  const bytes = fromHex(json.keyPackage.replace(/^0x/, ""));
  const m = bytes && decodeMls(bytes);
  if (!m || m.wireformat !== "mls_key_package") throw new MlsError({ code: "BAD_KEY_PACKAGE", address: dev, reason: "not a key package" });
  const leafOwner = leafAddress(m.keyPackage.leafNode);
  const leafKey = leafDevice(m.keyPackage.leafNode);
  // The node could hand out someone else's package: the leaf must be the key and identity asked for.
  if (!leafOwner || !leafKey || !bytesEqual(leafOwner, address) || !bytesEqual(leafKey, device) || !bytesEqual(m.keyPackage.leafNode.signaturePublicKey, device))
    throw new MlsError({ code: "BAD_KEY_PACKAGE", address: dev, reason: "key package belongs to another address" });
  return m.keyPackage;
}
