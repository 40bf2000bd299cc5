// Devices and recovery end to end (issue 15), against a real in-process node (LevelDB in a temp
// dir, RPC on 127.0.0.1 port 0): one identity with two devices, a DM that reaches both, a
// revocation after which the next DM reaches only the other, history moved to a third device in
// a bundle no node sees, and the CLI's encrypted key files, recovery phrase and device commands.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, devChain, runCli, startInProcess, waitFor } from "./harness.js";
import { ChatClient } from "../../src/client/chat.js";
import { addDevice, deviceConsent, exportHistory, importHistory, listDevices, revokeDevice, verifyDevices } from "../../src/client/devices.js";
import { newIdentity, type Identity } from "../../src/client/keys.js";
import { WsRpcClient } from "../../src/client/rpc-client.js";
import { VerifiedChain } from "../../src/client/verify/verified-chain.js";
import { toHex } from "../../src/util/bytes.js";

afterEach(cleanup);

async function setup() {
  const chain = devChain({ funded: 2, balance: 1_000_000_000n });
  const node = await startInProcess(chain);
  const [alice, bob] = chain.funded as [Identity, Identity];
  return { chain, node, chat: new ChatClient(node.rpcUrl), alice, bob };
}

async function add(chat: ChatClient, owner: Identity, device: Identity, label: string): Promise<void> {
  await addDevice(chat, owner, device.address, label, deviceConsent(device, owner.address, await chat.chainId()));
}

describe("devices of one identity", () => {
  it("a DM reaches every device; after a revocation the next one reaches only the others; history moves to a third device", async () => {
    const { node, chat, alice, bob } = await setup();
    const phone = newIdentity();
    const laptop = newIdentity();
    const tablet = newIdentity();

    // Device changes arrive on the devices subscription, by the identity's address.
    const ws = await WsRpcClient.connect(node.rpcUrl.replace(/^http/, "ws"));
    const events: Array<{ device: string; change: string }> = [];
    await ws.subscribe("devices", [alice.address], (e) => events.push(e as { device: string; change: string }));

    await add(chat, alice, phone, "phone");
    await add(chat, alice, laptop, "laptop");
    expect((await listDevices(chat, alice.address)).map((d) => [d.device, d.label])).toEqual([[phone.address, "phone"], [laptop.address, "laptop"]]);

    const first = await chat.sendMessage(bob, alice.address, "to every device");
    for (const device of [phone, laptop]) {
      const page = await chat.readInboxAsDevice({ device, owner: alice.publicKey });
      expect(page.messages.map((m) => [m.id, m.text, m.from])).toEqual([[first.id, "to every device", bob.address]]);
    }
    // The identity key still opens the main envelope, as before devices.
    expect((await chat.readInbox(alice)).messages.map((m) => m.text)).toEqual(["to every device"]);

    await revokeDevice(chat, alice, phone.address);
    expect((await listDevices(chat, alice.address)).map((d) => d.device)).toEqual([laptop.address]);
    const second = await chat.sendMessage(bob, alice.address, "after the revocation");

    const phonePage = await chat.readInboxAsDevice({ device: phone, owner: alice.publicKey });
    expect(phonePage.messages.map((m) => [m.id, m.text, m.failure])).toEqual([[first.id, "to every device", null], [second.id, null, "NO_DEVICE_COPY"]]);
    const laptopPage = await chat.readInboxAsDevice({ device: laptop, owner: alice.publicKey });
    expect(laptopPage.messages.map((m) => m.text)).toEqual(["to every device", "after the revocation"]);

    // A sender that seals to the revoked device anyway is refused by the chain, not just by polite clients.
    const sneaky = bob;
    await expect(chat.submitSealed(sneaky, "message", () => ({
      to: alice.publicKey, envelope: new Uint8Array(100).fill(1), amount: 0n, selfEnvelope: null, devices: [{ device: phone.publicKey, envelope: new Uint8Array(100).fill(2) }],
    }))).rejects.toMatchObject({ type: { code: "TX_FAILED", reason: "DEVICE_REVOKED" } });

    // History: the laptop seals what it read to the tablet; only the tablet opens it.
    await add(chat, alice, tablet, "tablet");
    const bundle = JSON.parse(JSON.stringify(exportHistory(laptop, alice.address, tablet.address, laptopPage.messages)));
    const opened = importHistory(tablet, bundle);
    expect(opened).toMatchObject({ owner: alice.address, from: laptop.address });
    expect(opened.messages.map((m) => [m.id, m.text, m.amount])).toEqual([[first.id, "to every device", 0n], [second.id, "after the revocation", 0n]]);
    expect(() => importHistory(phone, { ...bundle, to: phone.address })).toThrow(/does not open|signature/);
    const forged = exportHistory(newIdentity(), alice.address, tablet.address, []);
    expect(() => importHistory(tablet, { ...forged, from: laptop.address })).toThrow(/signature/);

    // The device list is proven under a header the client verified itself.
    const verified = await VerifiedChain.open({ primary: node.rpcUrl, waitMs: 500 });
    verified.start();
    try {
      const proven = await verifyDevices(chat, alice.address, (h) => verified.header(h, 20_000));
      expect(proven.map((d) => toHex(d.device))).toEqual([toHex(laptop.publicKey), toHex(tablet.publicKey)]);
      // The light client's own question (the devices protocol, as `parley light` asks it over libp2p).
      const asked = await verified.devices(alice.publicKey);
      expect(asked.devices.map((d) => d.label)).toEqual(["laptop", "tablet"]);
    } finally {
      verified.stop();
    }

    await waitFor("device events", async () => events.length >= 4);
    expect(events.map((e) => [e.device, e.change])).toEqual([[phone.address, "added"], [laptop.address, "added"], [phone.address, "revoked"], [tablet.address, "added"]]);
    ws.close();
  }, 60_000);
});

describe("key files and devices from the CLI", () => {
  it("keys new encrypts and shows a phrase once; recover writes the same identity; a wrong passphrase exits 4; device add, list and revoke work", async () => {
    const { chain, node, chat } = await setup();
    const rpc = ["--rpc", node.rpcUrl];
    const dir = chain.dir;
    const pass = join(dir, "pass.txt");
    writeFileSync(pass, "a long passphrase\n");
    const made = await runCli(["keys", "new", "--out", join(dir, "me.key"), "--passphrase-file", pass]);
    expect(made.code).toBe(0);
    const address = made.stdout.trim();
    const phrase = /recovery phrase:\n\n {2}(.+)\n/.exec(made.stderr)![1]!;
    expect(phrase.split(" ")).toHaveLength(24);
    expect(readFileSync(join(dir, "me.key"), "utf8")).toContain('"kind": "parley-keystore"');

    writeFileSync(join(dir, "phrase.txt"), phrase + "\n");
    const recovered = await runCli(["keys", "recover", "--phrase-file", join(dir, "phrase.txt"), "--out", join(dir, "again.key"), "--plaintext"]);
    expect(recovered.stdout.trim()).toBe(address);

    writeFileSync(join(dir, "wrong.txt"), "not it\n");
    const wrong = await runCli(["keys", "show", "--key", join(dir, "me.key"), "--passphrase-file", join(dir, "wrong.txt")]);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/wrong passphrase/);

    // The funded key is the identity; a fresh plaintext key is its device.
    const owner = chain.fundedKeys[0]!;
    const dev = await runCli(["keys", "new", "--plaintext", "--out", join(dir, "dev.key")]);
    const device = dev.stdout.trim();
    const added = await runCli(["device", "add", "--key", owner, "--device-key", join(dir, "dev.key"), "--label", "cli", ...rpc]);
    expect(added.stderr).toBe("");
    expect(added.stdout).toMatch(/^added: device parley1/);
    const listed = JSON.parse((await runCli(["device", "list", "--key", owner, "--json", ...rpc])).stdout) as { devices: Array<{ device: string; label: string }> };
    expect(listed.devices.map((d) => [d.device, d.label])).toEqual([[device, "cli"]]);
    expect((await runCli(["device", "revoke", "--key", owner, "--device", device, ...rpc])).stdout).toMatch(/^revoked:/);
    const again = await runCli(["device", "revoke", "--key", owner, "--device", device, ...rpc]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/DEVICE_REVOKED/);
    expect(await listDevices(chat, chain.funded[0]!.address)).toEqual([]);
  }, 60_000);
});
