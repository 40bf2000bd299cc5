// After a device is revoked on chain, its leaf stays in each group until somebody commits
// (validators cannot see which leaves a commit removes: ENCRYPTION.md, devices). The revoking
// person is usually in those groups too, so their client commits at once in every group it
// holds that still has the device's leaf: the device opens nothing from the next epoch on,
// instead of reading until another member happens to commit. Each commit also rotates the
// committer's own keys (an update), which is what a person who lost a device wants anyway.
import { formatAddress } from "../../chain/address.js";
import type { MlsGroups } from "./groups.js";
import type { MlsStore } from "./store.js";

export type DeviceRemoval =
  | { groupId: string; removed: true; epoch: number }
  | { groupId: string; removed: false; error: string };

/** Commits in every group of `store` that still has a leaf of `device`; one entry per such group (a failure is reported, the others still run). */
export async function removeDeviceFromGroups(groups: MlsGroups, store: MlsStore, device: Uint8Array): Promise<DeviceRemoval[]> {
  const who = formatAddress(device);
  const out: DeviceRemoval[] = [];
  for (const gid of await store.groups()) {
    const groupId = "0x" + gid;
    try {
      await groups.sync(gid);
      if (!(await groups.info(gid)).devices.some((d) => d.devices.includes(who))) continue;
      const after = await groups.update(gid);
      const still = after.devices.some((d) => d.devices.includes(who));
      out.push(still ? { groupId, removed: false, error: "the commit kept the leaf (is the revoke final?)" } : { groupId, removed: true, epoch: after.epoch });
    } catch (e) {
      out.push({ groupId, removed: false, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return out;
}
