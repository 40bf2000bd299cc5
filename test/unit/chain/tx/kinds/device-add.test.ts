import { describe, expect, it } from "vitest";
import { deviceAddKind } from "../../../../../src/chain/tx/kinds/device-add.js";
import { deviceRevokeKind } from "../../../../../src/chain/tx/kinds/device-revoke.js";
import { SAMPLE_BODIES, alicePhone } from "../fixtures.js";
import { alice, bech, bodyJson, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.deviceAdd;

describe("device.add kind", () => {
  it("is listed in the identity's and the device's history", () => {
    expect(indexRows(sample("deviceAdd"))).toEqual([["txByAccount", hex(alice.publicKey)], ["txByAccount", hex(alicePhone.publicKey)]]);
  });

  it("notifies the identity and the device", () => {
    expect(parties(sample("deviceAdd"))).toEqual({ parties: [hex(alice.publicKey), hex(alicePhone.publicKey)], channel: null });
  });

  it("shows the device, its label and the device's proof", () => {
    expect(bodyJson(sample("deviceAdd"))).toEqual({ device: bech(alicePhone), label: "phone", proof: hex0x(body.proof) });
  });

  it("is no chat entry, is labelled device.add and has no block hooks", () => {
    expect(chatEntry(sample("deviceAdd"))).toBeNull();
    expect(deviceAddKind.label).toBe("device.add");
    expect(deviceAddKind.blockHooks).toBeNull();
  });
});

describe("device.revoke kind", () => {
  it("is listed in both histories, notifies both, and shows the device", () => {
    expect(indexRows(sample("deviceRevoke"))).toEqual([["txByAccount", hex(alice.publicKey)], ["txByAccount", hex(alicePhone.publicKey)]]);
    expect(parties(sample("deviceRevoke"))).toEqual({ parties: [hex(alice.publicKey), hex(alicePhone.publicKey)], channel: null });
    expect(bodyJson(sample("deviceRevoke"))).toEqual({ device: bech(alicePhone) });
    expect(deviceRevokeKind.label).toBe("device.revoke");
  });
});
