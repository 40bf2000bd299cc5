// The device registry's rules, run through the executor: who may add and revoke, what a message
// may carry for devices, and that a refused tx changes nothing but fee and nonce.
import { describe, expect, it } from "vitest";
import { MAX_DEVICES, deviceAddMessage, deviceRecord, devicesOf } from "../../../../src/chain/tx/kinds/device-state.js";
import { signBytes, type Identity } from "../../../../src/chain/identity.js";
import type { DeviceAddBody } from "../../../../src/chain/tx/types.js";
import { opaque } from "../tx/fixtures.js";
import { CHAIN_ID, MapState, identity, rejection, runBlock, tx } from "./harness.js";

const alice = identity("alice");
const bob = identity("bob");
const phone = identity("alice-phone");
const laptop = identity("alice-laptop");

function addBody(owner: Identity, device: Identity, label = "phone", chainId = CHAIN_ID): DeviceAddBody {
  return { device: device.publicKey, label, proof: signBytes(device.secretKey, deviceAddMessage(chainId, owner.publicKey, device.publicKey)) };
}

function funded(): MapState {
  return new MapState().fund(alice, 10_000_000n).fund(bob, 10_000_000n).fund(phone, 10_000_000n);
}

/** The state without alice's and bob's account entries (fee and nonce move on a failed tx too). */
function devicePart(state: MapState): Record<string, string> {
  return Object.fromEntries(Object.entries(state.snapshot()).filter(([k]) => k.startsWith("0a")));
}

describe("device.add", () => {
  it("adds a device to the identity's list and records its owner, height and label", () => {
    const state = funded();
    expect(runBlock(state, [tx(alice, "deviceAdd", addBody(alice, phone))], { height: 4 }).included[0]!.failure).toBeFalsy();
    expect(devicesOf(state, alice.publicKey)).toEqual([{ device: phone.publicKey, addedHeight: 4, label: "phone" }]);
    expect(deviceRecord(state, phone.publicKey)).toEqual({ owner: alice.publicKey, addedHeight: 4, revokedHeight: 0, label: "phone" });
  });

  it("refuses a proof signed for another identity or another chain", () => {
    const state = funded();
    expect(rejection(runBlock(state, [tx(alice, "deviceAdd", addBody(bob, phone))]))).toMatchObject({ code: "BAD_DEVICE" });
    expect(rejection(runBlock(state, [tx(alice, "deviceAdd", addBody(alice, phone, "phone", "other-chain"))]))).toMatchObject({ code: "BAD_DEVICE" });
    expect(devicesOf(state, alice.publicKey)).toEqual([]);
  });

  it("refuses an identity as its own device and a label over 32 bytes", () => {
    const state = funded();
    expect(rejection(runBlock(state, [tx(alice, "deviceAdd", addBody(alice, alice))]))).toMatchObject({ code: "BAD_DEVICE" });
    // 11 CJK characters are 33 bytes of UTF-8 (the decoder's limit counts characters).
    expect(rejection(runBlock(state, [tx(alice, "deviceAdd", addBody(alice, phone, "手".repeat(11)))]))).toEqual({ code: "TOO_LARGE", size: 33, max: 32 });
  });

  it("refuses a key that is already someone's device, and a device adding devices", () => {
    const state = funded();
    runBlock(state, [tx(alice, "deviceAdd", addBody(alice, phone))]);
    const before = devicePart(state);
    expect(rejection(runBlock(state, [tx(bob, "deviceAdd", addBody(bob, phone))]))).toMatchObject({ code: "DEVICE_TAKEN" });
    expect(rejection(runBlock(state, [tx(phone, "deviceAdd", addBody(phone, laptop))]))).toEqual({ code: "NOT_AN_IDENTITY" });
    expect(devicePart(state)).toEqual(before);
  });

  it("refuses a device beyond MAX_DEVICES active ones", () => {
    const state = funded();
    const txs = Array.from({ length: MAX_DEVICES }, (_, i) => tx(alice, "deviceAdd", addBody(alice, identity(`dev-${i}`), `d${i}`), { nonce: i }));
    runBlock(state, txs);
    expect(devicesOf(state, alice.publicKey)).toHaveLength(MAX_DEVICES);
    const r = runBlock(state, [tx(alice, "deviceAdd", addBody(alice, laptop), { nonce: MAX_DEVICES })]);
    expect(rejection(r)).toEqual({ code: "TOO_MANY_DEVICES", max: MAX_DEVICES });
  });
});

describe("device.revoke", () => {
  it("takes the device out of the list and records the height; the key can never be added again", () => {
    const state = funded();
    runBlock(state, [tx(alice, "deviceAdd", addBody(alice, phone)), tx(alice, "deviceAdd", addBody(alice, laptop, "laptop"), { nonce: 1 })], { height: 2 });
    runBlock(state, [tx(alice, "deviceRevoke", { device: phone.publicKey }, { nonce: 2 })], { height: 3 });
    expect(devicesOf(state, alice.publicKey).map((d) => d.label)).toEqual(["laptop"]);
    expect(deviceRecord(state, phone.publicKey)).toMatchObject({ revokedHeight: 3 });
    expect(rejection(runBlock(state, [tx(alice, "deviceAdd", addBody(alice, phone), { nonce: 3 })]))).toMatchObject({ code: "DEVICE_TAKEN" });
  });

  it("refuses an unknown device, another identity's device, and a second revocation", () => {
    const state = funded();
    runBlock(state, [tx(alice, "deviceAdd", addBody(alice, phone))], { height: 2 });
    expect(rejection(runBlock(state, [tx(alice, "deviceRevoke", { device: laptop.publicKey }, { nonce: 1 })]))).toEqual({ code: "UNKNOWN_DEVICE" });
    expect(rejection(runBlock(state, [tx(bob, "deviceRevoke", { device: phone.publicKey })]))).toEqual({ code: "NOT_DEVICE_OWNER" });
    runBlock(state, [tx(alice, "deviceRevoke", { device: phone.publicKey }, { nonce: 2 })], { height: 5 });
    const before = devicePart(state);
    expect(rejection(runBlock(state, [tx(alice, "deviceRevoke", { device: phone.publicKey }, { nonce: 3 })]))).toEqual({ code: "DEVICE_REVOKED", height: 5 });
    expect(devicePart(state)).toEqual(before);
  });
});

describe("message with device envelopes", () => {
  const msg = (devices: Identity[]) => ({
    to: alice.publicKey, envelope: opaque("env", 120), amount: 0n, selfEnvelope: null, devices: devices.map((d) => ({ device: d.publicKey, envelope: opaque(`copy-${d.address}`, 120) })),
  });

  it("is included when every copy goes to an active device of the recipient", () => {
    const state = funded();
    runBlock(state, [tx(alice, "deviceAdd", addBody(alice, phone))]);
    expect(runBlock(state, [tx(bob, "message", msg([phone]))]).included[0]!.failure).toBeFalsy();
  });

  it("fails for a copy to a key that is not the recipient's device, or to a revoked one", () => {
    const state = funded();
    runBlock(state, [tx(alice, "deviceAdd", addBody(alice, phone))]);
    expect(rejection(runBlock(state, [tx(bob, "message", msg([laptop]))]))).toEqual({ code: "UNKNOWN_DEVICE" });
    runBlock(state, [tx(alice, "deviceRevoke", { device: phone.publicKey }, { nonce: 1 })], { height: 9 });
    expect(rejection(runBlock(state, [tx(bob, "message", msg([phone]), { nonce: 1 })]))).toEqual({ code: "DEVICE_REVOKED", height: 9 });
  });
});
