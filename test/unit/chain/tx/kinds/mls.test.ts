import { describe, expect, it } from "vitest";
import { SAMPLE_BODIES } from "../fixtures.js";
import { alice, carol, chatEntry, hex, indexRows, parties, sample } from "./helpers.js";
import { readKeyPackageHeader, readPrivateHeader } from "../../../../../src/chain/tx/kinds/mls-wire.js";
import { MlsMember } from "../../../../../src/client/mls/member.js";
import { identityKeyPackage } from "../../../../../src/client/mls/leaf.js";
import { mlsSuite } from "../../../../../src/client/mls/suite.js";
import { encodeMlsMessage } from "ts-mls";

const group = hex(SAMPLE_BODIES.mlsCommit.groupId);

describe("MLS kinds", () => {
  it("commits, welcomes and messages are listed in the group's log and notify the group", () => {
    expect(indexRows(sample("mlsCommit"))).toEqual([["txByAccount", hex(alice.publicKey)], ["mlsGroupLog", group]]);
    expect(indexRows(sample("mlsMessage"))).toEqual([["txByAccount", hex(alice.publicKey)], ["mlsGroupLog", group]]);
    expect(parties(sample("mlsMessage"))).toEqual({ parties: [hex(alice.publicKey)], channel: group });
  });

  it("a welcome is also listed in each new member's history and notifies them", () => {
    expect(indexRows(sample("mlsWelcome"))).toEqual([["txByAccount", hex(alice.publicKey)], ["mlsGroupLog", group], ["txByAccount", hex(carol.publicKey)]]);
    expect(parties(sample("mlsWelcome"))).toEqual({ parties: [hex(alice.publicKey), hex(carol.publicKey)], channel: group });
  });

  it("key packages are found in state, not in an index, and no MLS tx is an old-style chat entry", () => {
    expect(indexRows(sample("mlsKeyPackage"))).toEqual([["txByAccount", hex(alice.publicKey)]]);
    expect(parties(sample("mlsKeyPackage"))).toBeNull();
    for (const k of ["mlsKeyPackage", "mlsCommit", "mlsWelcome", "mlsMessage"] as const) expect(chatEntry(sample(k))).toBeNull();
  });
});

describe("the bounded MLS header decoder on ts-mls output", () => {
  it("reads group id, epoch and content type of a real commit and application message", async () => {
    const groupId = new Uint8Array(32).fill(7);
    const a = await MlsMember.create(alice, groupId);
    const p = await a.prepareCommit([]);
    expect(readPrivateHeader(p.commit)).toEqual({ groupId, epoch: 0n, contentType: 3 });
    a.adopt(p);
    expect(readPrivateHeader(await a.seal(new Uint8Array([1, 2, 3])))).toEqual({ groupId, epoch: 1n, contentType: 1 });
  });

  it("reads a real key package's suite, signature key and credential (both the identity's address)", async () => {
    const kp = await identityKeyPackage(alice, await mlsSuite());
    const bytes = encodeMlsMessage({ keyPackage: kp.publicPackage, wireformat: "mls_key_package", version: "mls10" });
    expect(readKeyPackageHeader(bytes)).toEqual({ cipherSuite: 1, signatureKey: alice.publicKey, identity: alice.publicKey });
  });

  it("refuses non-minimal and reserved vector lengths", () => {
    const withLen = (len: number[]) => new Uint8Array([0, 1, 0, 2, ...len, ...new Uint8Array(40)]);
    expect(readPrivateHeader(withLen([0x40, 0x20]))).toBe("truncated PrivateMessage header"); // 32 in two bytes
    expect(readPrivateHeader(withLen([0xc0, 0, 0, 0, 0, 0, 0, 32]))).toBe("truncated PrivateMessage header");
  });
});
