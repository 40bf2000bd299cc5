// Devices as MLS leaves on a 4-validator chain (issue 15): adding a person adds a leaf for each
// of their devices that published a key package, posts reach every device, a device's post is
// shown as its person's, the membership list shows identities with their devices; revoking a
// device removes its leaf at the next commit by any member (here a device of another person),
// after which the revoked device reads nothing new and cannot publish a key package. The
// creator sends the ratchet tree by blob and the phone its commit (as a big group must), and
// the others fetch them.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, waitFor } from "./harness.js";
import { startNet } from "./network-harness.js";
import { ChatBase } from "../../src/client/chat-base.js";
import { MlsGroups } from "../../src/client/mls/groups.js";
import { addDevice, deviceConsent, deviceRecord, revokeDevice } from "../../src/client/devices.js";
import type { Identity } from "../../src/client/keys.js";

afterEach(cleanup);

describe("MLS device leaves and revocation", () => {
  it("every device of a member is a leaf; a revoked device is removed at the next commit and cannot read the next epoch", async () => {
    const net = await startNet(4, {}, 4, [], [], true);
    const [alice, phone, bob, tablet] = net.chain.funded as [Identity, Identity, Identity, Identity];
    const base = (i: number) => new ChatBase(net.nodes[i % 4]!.rpc);
    const chat = base(0);
    const chainId = await chat.chainId();
    await addDevice(chat, alice, phone.address, "phone", deviceConsent(phone, alice.address, chainId));
    await addDevice(chat, bob, tablet.address, "tablet", deviceConsent(tablet, bob.address, chainId));
    // Every node has both devices before each key asks its own node who owns it (a node can be a block behind).
    await waitFor("the devices on every node", async () => {
      for (let i = 1; i < 4; i++) for (const d of [phone, tablet]) if (!(await deviceRecord(base(i), d.publicKey))?.active) return false;
      return true;
    }, 30_000);
    // Each key file used as is: a device finds its owner on chain (device_get).
    // Alice's client sends every ratchet tree by blob (as a big group's must be): joiners fetch it.
    // The phone sends every commit by blob (as a commit in a big fresh tree must): members fetch it.
    const blobs = [{ treeInlineMax: 0 }, { commitInlineMax: 0 }, {}, {}];
    const [ga, gp, gb, gt] = [alice, phone, bob, tablet].map((id, i) => new MlsGroups(base(i), id, undefined, blobs[i])) as [MlsGroups, MlsGroups, MlsGroups, MlsGroups];
    expect(await gp.owner()).toEqual(alice.publicKey);
    expect(await ga.owner()).toBeUndefined();
    await Promise.all([ga, gp, gb, gt].map((g) => g.publishKeyPackage()));

    // Alice adds bob: bob's own key and his tablet become leaves, and so does alice's phone.
    const created = await ga.create([bob.address]);
    const gid = created.groupId;
    expect(created.members).toEqual([alice.address, bob.address]);
    expect(created.leaves).toBe(4);
    expect(created.devices).toEqual([
      { identity: alice.address, devices: [alice.address, phone.address] },
      { identity: bob.address, devices: [bob.address, tablet.address] },
    ]);
    const log = await net.rpc(2).call<{ messages: Array<{ kind: string; body: { to?: string[]; ratchetTree?: string; treeBlob?: { blobHash: string } } }> }>("mls_log", [gid, { after: "0.0", limit: 10 }]);
    const welcome = log.messages.find((m) => m.kind === "mls.welcome")!;
    expect(welcome.body.to).toEqual([phone.address, bob.address, tablet.address]);
    expect(welcome.body.ratchetTree).toBe("0x");
    expect(welcome.body.treeBlob?.blobHash).toMatch(/^0x[0-9a-f]{64}$/);
    await Promise.all([gp, gb, gt].map((g) => g.join(gid)));
    const record = await net.rpc(1).call<{ members: number }>("mls_group", [gid]);
    expect(record.members).toBe(4);

    // Posts reach every device; a device's post is its person's, with the device named.
    await gb.post(gid, "from bob");
    await gt.post(gid, "from bob's tablet");
    for (const g of [ga, gp]) {
      const posts = await g.read(gid);
      expect(posts.map((p) => [p.from, p.device ?? null, p.text])).toEqual([
        [bob.address, null, "from bob"],
        [bob.address, tablet.address, "from bob's tablet"],
      ]);
    }
    expect((await gt.read(gid)).map((p) => p.text)).toEqual(["from bob", "from bob's tablet"]);

    // Bob revokes the tablet. Alice's phone commits next (a plain update): the client adds the
    // tablet's removal by itself.
    await revokeDevice(chat, bob, tablet.address);
    await waitFor("the revoke on the phone's node", async () => (await deviceRecord(base(1), tablet.publicKey))?.active === false, 30_000);
    const before = (await gp.info(gid)).epoch;
    const after = await gp.update(gid);
    expect(after.epoch).toBe(before + 1);
    expect(after.leaves).toBe(3);
    expect(after.devices).toEqual([
      { identity: alice.address, devices: [alice.address, phone.address] },
      { identity: bob.address, devices: [bob.address] },
    ]);
    const commits = await net.rpc(3).call<{ messages: Array<{ kind: string; body: { epoch: number; commit: string; commitBlob?: { blobHash: string } } }> }>("mls_log", [gid, { after: "0.0", limit: 50 }]);
    const revoking = commits.messages.find((m) => m.kind === "mls.commit" && m.body.epoch === before)!;
    expect(revoking.body.commitBlob?.blobHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(revoking.body.commit.length).toBe(2 + 2 * 46); // the clear header only
    for (const g of [ga, gb]) {
      const r = await g.sync(gid);
      expect(r.warnings).toEqual([]);
      expect(await g.info(gid)).toEqual(after);
    }
    await ga.post(gid, "after the revocation");
    expect((await gb.read(gid)).map((p) => p.text)).toContain("after the revocation");
    // The tablet processes its own removal and opens nothing of the next epoch.
    const tabletSync = await gt.sync(gid);
    expect(tabletSync.posts.map((p) => p.text)).not.toContain("after the revocation");
    expect((await gt.read(gid)).map((p) => p.text)).not.toContain("after the revocation");
    // Nor can it be added again: validators refuse its key packages from now on.
    await expect(gt.publishKeyPackage()).rejects.toMatchObject({ type: { code: "TX_FAILED", reason: "DEVICE_REVOKED" } });
    // Adding bob again finds no new leaf to add (the tablet is not among his active devices).
    expect((await ga.add(gid, [bob.address])).devices).toEqual(after.devices);
  }, 120_000);
});
