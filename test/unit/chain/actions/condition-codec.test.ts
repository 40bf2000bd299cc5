// The condition wire form: every node round-trips byte-exactly, every malformed node is named,
// and hostile input is refused without throwing.
import { anyMsgpack } from "../../../fixtures/any-msgpack.js";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeCondition, decodeConditionValue, encodeCondition } from "../../../../src/chain/actions/condition-codec.js";
import type { Condition } from "../../../../src/chain/actions/condition.js";
import { toHex, utf8 } from "../../../../src/util/bytes.js";
import { ALICE, BOB, C, CAROL, CHANNEL } from "./fixtures.js";

const Z32 = new Uint8Array(32);

const ONE_OF_EACH: Array<[string, Condition]> = [
  ["and", C.and(C.afterHeight(1), C.beforeHeight(9))],
  ["or", C.or(C.afterTime(5), C.beforeTime(7))],
  ["not", C.not(C.afterHeight(3))],
  ["after height", C.afterHeight(100)],
  ["before time", C.beforeTime(1_700_000_000_000)],
  ["hashPreimage", C.preimage(utf8("secret"))],
  ["approvals", C.approvals(2, ALICE, BOB, CAROL)],
  ["anchorExists", C.anchor(Z32)],
  ["reply direct, anyone", C.replyDirect(null, ALICE)],
  ["reply channel, from bob", C.replyChannel(BOB, CHANNEL)],
  ["paymentReceived", C.payment(ALICE, BOB, 5n)],
];

describe("condition codec", () => {
  it.each(ONE_OF_EACH)("%s round-trips to the same tree and bytes", (_name, cond) => {
    const bytes = encodeCondition(cond);
    const back = decodeCondition(bytes);
    expect(back).toEqual(cond);
    expect(toHex(encodeCondition(back as Condition))).toBe(toHex(bytes));
  });

  it("writes the documented positional layout (PROTOCOL vectors start here)", () => {
    expect(toHex(encodeCondition(C.afterHeight(100)))).toBe("93030064"); // [3, 0, 100]
    expect(toHex(encodeCondition(C.not(C.beforeTime(1))))).toBe("92029304" + "0101"); // [2, [4, 1, 1]]
    // minAmount is a u64: always uint64 0xcf with 8 bytes (PROTOCOL.md section 1), asset nil (0xc0).
    // docs/ACTIONS.md vector: a hash-time lock's release side, and(hashPreimage(sha256("secret")), before(height 100)).
    expect(toHex(encodeCondition(C.and(C.preimage(utf8("secret")), C.beforeHeight(100)))))
      .toBe("9200929205c4202bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b93040064");
    expect(toHex(encodeCondition(C.payment(Z32, Z32, 1n)))).toBe(`9509c420${"00".repeat(32)}c420${"00".repeat(32)}cf0000000000000001c0`);
  });

  const bad: Array<[string, unknown, string]> = [
    ["not an array", 5, "node 0: must be a non-empty array"],
    ["empty array", [], "node 0: must be a non-empty array"],
    ["unknown tag", [42], "node 0: unknown tag"],
    ["and without list", [0, 1], "node 0 (and): must be [tag, [children]]"],
    ["not with two children", [2, [3, 0, 1], [3, 0, 1]], "node 0 (not): must be [tag, child]"],
    ["after with bad clock", [3, 2, 1], "node 0 (after): must be [tag, clock 0|1, at]"],
    ["before with negative at", [4, 0, -1], "node 0 (before): at must be a non-negative integer"],
    ["after with float at", [3, 0, 1.5], "node 0 (after): at must be a non-negative integer"],
    ["short hash", [5, new Uint8Array(31)], "node 0 (hashPreimage): must be [tag, sha256(32)]"],
    ["approvals without list", [6, 1, 2], "node 0 (approvals): must be [tag, m, [addresses]]"],
    ["approvals with short address", [6, 1, [new Uint8Array(5)]], "node 0 (approvals): each approver is 32 bytes"],
    ["approvals with 17 addresses", [6, 1, Array.from({ length: 17 }, () => Z32)], "node 0 (approvals): more than 16 approvers"],
    ["anchor of 33 bytes", [7, new Uint8Array(33)], "node 0 (anchorExists): must be [tag, hash(32)]"],
    ["reply with 3 fields", [8, null, 0], "node 0 (reply): must be [tag, from | nil, targetKind, target]"],
    ["reply with bad from", [8, 7, 0, Z32], "node 0 (reply): from must be 32 bytes or nil"],
    ["reply with target kind 2", [8, null, 2, Z32], "node 0 (reply): target must be kind 0 (direct) or 1 (channel) and 32 bytes"],
    ["payment with 4 fields", [9, Z32, Z32, 1n], "node 0 (paymentReceived): must be [tag, from, to, minAmount, asset]"],
    ["payment with short to", [9, Z32, new Uint8Array(2), 1n, null], "node 0 (paymentReceived): from and to must be 32 bytes"],
    ["payment with number amount", [9, Z32, Z32, 1, null], "node 0 (paymentReceived): minAmount must be a u64"],
    ["payment in another asset", [9, Z32, Z32, 1n, Z32], "node 0 (paymentReceived): asset must be nil (native token)"],
    ["bad child names its index", [0, [[3, 0, 1], [3, 9, 1]]], "node 2 (after): must be [tag, clock 0|1, at]"],
  ];
  it.each(bad)("refuses %s and says why", (_name, value, message) => {
    expect(decodeConditionValue(value)).toBe(message);
  });

  it("stops reading at depth 5", () => {
    const deep = [2, [2, [2, [2, [3, 0, 1]]]]];
    expect(decodeConditionValue(deep)).toBe("node 4: deeper than 4 levels");
    expect(typeof decodeConditionValue([2, [2, [2, [3, 0, 1]]]])).toBe("object");
  });

  it("stops reading at the 17th node", () => {
    const wide = [0, Array.from({ length: 16 }, () => [3, 0, 1])];
    expect(decodeConditionValue(wide)).toBe("more than 16 nodes");
    expect(typeof decodeConditionValue([0, Array.from({ length: 15 }, () => [3, 0, 1])])).toBe("object");
  });

  it("refuses bytes that are not msgpack or not canonical", () => {
    expect(decodeCondition(Uint8Array.of(0x93, 0x03))).toBe("condition is not msgpack"); // truncated array
    // [3, 0, 100] with 100 written as uint16 (0xcd 0x0064) instead of a fixint.
    expect(decodeCondition(Uint8Array.of(0x93, 0x03, 0x00, 0xcd, 0x00, 0x64))).toBe("condition is not in canonical encoding");
  });

  it("never throws on hostile values or bytes", () => {
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(null, true),
        fc.uint8Array({ minLength: 31, maxLength: 33 }), fc.string({ maxLength: 3 })),
      node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 5 })),
    })).node;
    fc.assert(fc.property(value, (v) => {
      const r = decodeConditionValue(v);
      expect(["string", "object"]).toContain(typeof r);
      // Hostile bytes come from any msgpack writer, not only the canonical one.
      const bytes = anyMsgpack(v);
      const fromBytes = decodeCondition(bytes);
      if (typeof fromBytes !== "string") expect(toHex(encodeCondition(fromBytes))).toBe(toHex(bytes));
    }), { numRuns: 400 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (b) => {
      expect(["string", "object"]).toContain(typeof decodeCondition(b));
    }), { numRuns: 400 });
  });
});
