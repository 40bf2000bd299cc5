import { describe, expect, it } from "vitest";
import { messageKind } from "../../../../../src/chain/tx/kinds/message.js";
import { SAMPLE_BODIES, alicePhone, opaque } from "../fixtures.js";
import { decodeTx } from "../../../../../src/chain/tx/codec.js";
import { alice, bech, bob, bodyJson, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.message;

describe("message kind", () => {
  it("is listed in the recipient's inbox and history and the sender's history and sent index", () => {
    expect(indexRows(sample("message"))).toEqual([
      ["txByAccount", hex(alice.publicKey)],
      ["inbox", hex(bob.publicKey)],
      ["sent", hex(alice.publicKey)],
      ["txByAccount", hex(bob.publicKey)],
    ]);
  });

  it("notifies sender and recipient, in no channel", () => {
    expect(parties(sample("message"))).toEqual({ parties: [hex(alice.publicKey), hex(bob.publicKey)], channel: null });
  });

  it("shows its envelopes as hex and its payment as a decimal string", () => {
    expect(bodyJson(sample("message"))).toEqual({ to: bech(bob), envelope: hex0x(body.envelope), amount: "5", selfEnvelope: hex0x(body.selfEnvelope!), devices: [], asset: null });
    expect(bodyJson(sample("message", { ...body, selfEnvelope: null }))).toMatchObject({ selfEnvelope: null });
  });

  it("is a direct chat entry: envelope sealed to the recipient, self copy to the sender", () => {
    expect(chatEntry(sample("message"))).toEqual({ type: "direct", to: bob.publicKey, amount: 5n, asset: null, sealed: body.envelope, selfSealed: body.selfEnvelope, deviceSealed: [] });
  });

  it("names an asset in a 6th field, with field 5 the device list ([] when none); native messages keep their 4 fields", () => {
    const asset = new Uint8Array(32).fill(3);
    expect(messageKind.encodeBody(body)).toHaveLength(4);
    const withAsset = messageKind.encodeBody({ ...body, asset });
    expect(withAsset).toHaveLength(6);
    expect(withAsset[4]).toEqual([]);
    expect(messageKind.decodeBody(withAsset)).toEqual({ ...body, asset });
    expect(bodyJson(sample("message", { ...body, asset }))).toMatchObject({ asset: `0x${"03".repeat(32)}` });
    expect(chatEntry(sample("message", { ...body, asset }))).toMatchObject({ amount: 5n, asset });
    // [REJECT] one form each: a nil 6th field, an empty 5th field without an asset, an asset with no payment
    expect(messageKind.decodeBody([...withAsset.slice(0, 5), null])).toMatch(/asset must be 32 bytes/);
    expect(messageKind.decodeBody(withAsset.slice(0, 5))).toMatch(/only when it lists a device/);
    expect(messageKind.decodeBody([bob.publicKey, body.envelope, 0n, null, [], asset])).toMatch(/positive amount/);
  });

  it("carries one copy per device of the recipient in a fifth field, and keeps four fields without", () => {
    const devices = [{ device: alicePhone.publicKey, envelope: opaque("phone-copy", 120) }];
    const withDevices = sample("message", { ...body, devices });
    expect(decodeTx(withDevices.stx.bytes, 1 << 20)).toMatchObject({ ok: true, value: { tx: { body: { devices } } } });
    expect(messageKind.encodeBody(body)).toHaveLength(4);
    expect(messageKind.encodeBody({ ...body, devices: [] })).toHaveLength(4);
    expect(bodyJson(withDevices)).toMatchObject({ devices: [{ device: bech(alicePhone), envelope: hex0x(devices[0]!.envelope) }] });
    expect(chatEntry(withDevices)).toMatchObject({ deviceSealed: devices });
  });

  it("refuses an empty fifth field and a device listed twice", () => {
    const f = messageKind.encodeBody(body);
    expect(messageKind.decodeBody([...f, []])).toBe("devices is present only when it lists a device");
    const pair = [alicePhone.publicKey, opaque("x", 40)];
    expect(messageKind.decodeBody([...f, [pair, pair]])).toBe("a device is listed twice");
  });

  it("is labelled message and has no block hooks", () => {
    expect(messageKind.label).toBe("message");
    expect(messageKind.blockHooks).toBeNull();
  });
});
