import { describe, expect, it } from "vitest";
import { transferKind } from "../../../../../src/chain/tx/kinds/transfer.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, bech, bob, bodyJson, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.transfer;

describe("transfer kind", () => {
  it("is listed in the recipient's inbox and history and the sender's history and sent index", () => {
    expect(indexRows(sample("transfer"))).toEqual([
      ["txByAccount", hex(alice.publicKey)],
      ["inbox", hex(bob.publicKey)],
      ["sent", hex(alice.publicKey)],
      ["txByAccount", hex(bob.publicKey)],
    ]);
  });

  it("notifies sender and recipient, in no channel", () => {
    expect(parties(sample("transfer"))).toEqual({ parties: [hex(alice.publicKey), hex(bob.publicKey)], channel: null });
  });

  it("shows its body with a bech32m recipient, a decimal amount and a hex memo (null when absent)", () => {
    expect(bodyJson(sample("transfer"))).toEqual({ to: bech(bob), amount: "1234567", memo: hex0x(body.memo!), asset: null });
    expect(bodyJson(sample("transfer", { ...body, memo: null }))).toMatchObject({ memo: null });
    // Amounts past 2^53 stay exact.
    expect(bodyJson(sample("transfer", { ...body, amount: 2n ** 63n }))).toMatchObject({ amount: "9223372036854775808" });
  });

  it("is a direct chat entry whose memo is sealed to the recipient, with no self copy", () => {
    expect(chatEntry(sample("transfer"))).toEqual({ type: "direct", to: bob.publicKey, amount: body.amount, asset: null, sealed: body.memo, selfSealed: null, deviceSealed: [] });
    expect(chatEntry(sample("transfer", { ...body, memo: null }))).toMatchObject({ sealed: null });
  });

  it("names an asset in a 4th field only; a native transfer keeps its 3 fields and a nil 4th is refused", () => {
    const asset = new Uint8Array(32).fill(4);
    expect(transferKind.encodeBody(body)).toHaveLength(3);
    expect(transferKind.encodeBody({ ...body, asset })).toEqual([body.to, body.amount, body.memo, asset]);
    expect(transferKind.decodeBody([body.to, body.amount, body.memo, asset])).toEqual({ ...body, asset });
    expect(transferKind.decodeBody([body.to, body.amount, body.memo, null])).toMatch(/asset must be 32 bytes/);
    expect(transferKind.spend(sample("transfer", { ...body, asset }).stx.tx)).toBe(0n);
    expect(bodyJson(sample("transfer", { ...body, asset }))).toMatchObject({ asset: `0x${"04".repeat(32)}` });
  });

  it("is labelled transfer and has no block hooks", () => {
    expect(transferKind.label).toBe("transfer");
    expect(transferKind.blockHooks).toBeNull();
  });
});
