import { describe, expect, it } from "vitest";
import { keyPublishKind } from "../../../../../src/chain/tx/kinds/key-publish.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, bodyJson, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.keyPublish;

describe("key.publish kind", () => {
  it("is listed only in the publisher's history", () => {
    expect(indexRows(sample("keyPublish"))).toEqual([["txByAccount", hex(alice.publicKey)]]);
  });

  it("notifies nobody and is no chat entry", () => {
    expect(parties(sample("keyPublish"))).toBeNull();
    expect(chatEntry(sample("keyPublish"))).toBeNull();
  });

  it("shows the prekey and its signature as hex", () => {
    expect(bodyJson(sample("keyPublish"))).toEqual({ prekey: hex0x(body.prekey), signature: hex0x(body.signature) });
  });

  it("is labelled key.publish and has no block hooks", () => {
    expect(keyPublishKind.label).toBe("key.publish");
    expect(keyPublishKind.blockHooks).toBeNull();
  });
});
