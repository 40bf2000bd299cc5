import { describe, expect, it } from "vitest";
import { anchorKind } from "../../../../../src/chain/tx/kinds/anchor.js";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, bodyJson, chatEntry, hex, hex0x, indexRows, parties, sample } from "./helpers.js";

const body = SAMPLE_BODIES.anchor;

describe("anchor kind", () => {
  it("is listed only in the anchoring account's history (anchors are found by hash in state)", () => {
    expect(indexRows(sample("anchor"))).toEqual([["txByAccount", hex(alice.publicKey)]]);
  });

  it("notifies nobody and is no chat entry", () => {
    expect(parties(sample("anchor"))).toBeNull();
    expect(chatEntry(sample("anchor"))).toBeNull();
  });

  it("shows the hash as hex and the tag as text", () => {
    expect(bodyJson(sample("anchor"))).toEqual({ hash: hex0x(body.hash), tag: "contract v2" });
  });

  it("is labelled anchor and has no block hooks", () => {
    expect(anchorKind.label).toBe("anchor");
    expect(anchorKind.blockHooks).toBeNull();
  });
});
