// Param validators: each accepts exactly its form and names what it refused.
import { describe, expect, it } from "vitest";
import { formatAddress } from "../../../src/chain/address.js";
import { RpcError } from "../../../src/rpc/errors.js";
import { bindParams, p, type Check } from "../../../src/rpc/params.js";

function value<T>(r: Check<T>): T {
  if (!r.ok) throw new Error(`refused: ${r.reason} ${r.detail}`);
  return r.value;
}
function reason<T>(r: Check<T>): string {
  return r.ok ? "accepted" : r.reason;
}

describe("param validators", () => {
  it("hex gives bytes, with or without 0x, and enforces the length", () => {
    expect(value(p.hex().check("0x0aff"))).toEqual(new Uint8Array([10, 255]));
    expect(value(p.hex().check("0aff"))).toEqual(new Uint8Array([10, 255]));
    expect(reason(p.hex().check("0xabc"))).toBe("BAD_FORMAT");
    expect(reason(p.hex().check("zz"))).toBe("BAD_FORMAT");
    expect(reason(p.hex({ len: 2 }).check("0x00"))).toBe("BAD_LENGTH");
    expect(reason(p.hex({ max: 2 }).check("0x000000"))).toBe("BAD_LENGTH");
    expect(reason(p.hex().check(12))).toBe("WRONG_TYPE");
    expect(value(p.hash().check("11".repeat(32))).length).toBe(32);
  });

  it("uint accepts only safe non-negative integers in range", () => {
    expect(value(p.uint().check(0))).toBe(0);
    expect(reason(p.uint().check(-1))).toBe("WRONG_TYPE");
    expect(reason(p.uint().check(1.5))).toBe("WRONG_TYPE");
    expect(reason(p.uint().check("1"))).toBe("WRONG_TYPE");
    expect(reason(p.uint().check(2 ** 53))).toBe("WRONG_TYPE");
    expect(reason(p.uint({ max: 10 }).check(11))).toBe("OUT_OF_RANGE");
  });

  it("bigintString reads decimal strings without losing precision", () => {
    expect(value(p.bigintString().check("18446744073709551616"))).toBe(2n ** 64n);
    expect(value(p.bigintString().check(42))).toBe(42n);
    for (const bad of ["-1", "01", "1e3", "0x10", " 1", "", 1.5, 2 ** 60, "9".repeat(79)]) {
      expect(reason(p.bigintString().check(bad))).toBe("WRONG_TYPE");
    }
    expect(reason(p.bigintString({ max: 100n }).check("101"))).toBe("OUT_OF_RANGE");
  });

  it("string, bool and oneOf check type, length and allowed values", () => {
    expect(value(p.string({ max: 3 }).check("abc"))).toBe("abc");
    expect(reason(p.string({ max: 3 }).check("abcd"))).toBe("BAD_LENGTH");
    expect(reason(p.string({ pattern: /^[a-z]+$/ }).check("A"))).toBe("BAD_FORMAT");
    expect(value(p.bool().check(false))).toBe(false);
    expect(reason(p.bool().check("true"))).toBe("WRONG_TYPE");
    const status = p.oneOf("pending", "final");
    expect(value(status.check("final"))).toBe("final");
    expect(reason(status.check("other"))).toBe("NOT_ALLOWED");
  });

  it("address accepts bech32m parley1... and 64 hex, and nothing else", () => {
    const key = new Uint8Array(32).map((_, i) => i);
    expect(value(p.address().check(formatAddress(key)))).toEqual(key);
    expect(value(p.address().check("0x" + Buffer.from(key).toString("hex")))).toEqual(key);
    const wrongPrefix = formatAddress(key).replace(/^parley/, "other");
    expect(reason(p.address().check(wrongPrefix))).toBe("BAD_FORMAT");
    expect(reason(p.address().check("00".repeat(31)))).toBe("BAD_FORMAT");
    const flipped = formatAddress(key).slice(0, -1) + (formatAddress(key).endsWith("q") ? "p" : "q");
    expect(reason(p.address().check(flipped))).toBe("BAD_FORMAT"); // checksum
  });

  it("optional and withDefault treat absent and null alike", () => {
    expect(value(p.optional(p.uint()).check(undefined))).toBeUndefined();
    expect(value(p.optional(p.uint()).check(null))).toBeUndefined();
    expect(reason(p.optional(p.uint()).check("x"))).toBe("WRONG_TYPE");
    expect(value(p.withDefault(p.uint(), 7).check(null))).toBe(7);
  });

  it("object, array and anyOf report the path of the failing field", () => {
    const v = p.object({ to: p.address(), items: p.array(p.uint(), { max: 2 }), note: p.optional(p.string()) });
    expect(p.object({ a: p.uint() }).check({ a: 1, b: 2 })).toMatchObject({ ok: false, reason: "UNKNOWN_FIELD", path: "b" });
    expect(v.check({ to: "00".repeat(32), items: [1, "x"] })).toMatchObject({ ok: false, reason: "WRONG_TYPE", path: "items.1" });
    expect(v.check({ items: [] })).toMatchObject({ ok: false, reason: "MISSING", path: "to" });
    expect(v.check({ to: "00".repeat(32), items: [1, 2, 3] })).toMatchObject({ ok: false, reason: "BAD_LENGTH", path: "items" });
    expect(value(v.check({ to: "00".repeat(32), items: [1] }))).toEqual({ to: new Uint8Array(32), items: [1], note: undefined });
    const either = p.anyOf(p.uint(), p.hex({ len: 32 }));
    expect(value(either.check(5))).toBe(5);
    expect(reason(either.check(true))).toBe("WRONG_TYPE");
  });

  it("object ignores inherited keys such as __proto__ tricks", () => {
    const parsed: unknown = JSON.parse('{"__proto__": {"a": 1}}');
    expect(p.object({ a: p.optional(p.uint()) }).check(parsed)).toMatchObject({ ok: false, reason: "UNKNOWN_FIELD", path: "__proto__" });
  });
});

describe("bindParams", () => {
  const list = [["a", p.uint()], ["b", p.optional(p.string())]] as const;

  it("binds positional and named params to the same argument list", () => {
    expect(bindParams(list, [1, "x"])).toEqual([1, "x"]);
    expect(bindParams(list, { b: "x", a: 1 })).toEqual([1, "x"]);
    expect(bindParams(list, [1])).toEqual([1, undefined]);
    expect(bindParams([], undefined)).toEqual([]);
  });

  it("throws Invalid params naming the param", () => {
    const thrown = (raw: unknown): RpcError => {
      try {
        bindParams(list, raw);
      } catch (e) {
        if (e instanceof RpcError) return e;
      }
      throw new Error("did not throw an RpcError");
    };
    expect(thrown([]).toObject()).toEqual({ code: -32602, message: "Invalid params", data: { reason: "MISSING", param: "a", detail: "required" } });
    expect(thrown({ a: 1, toString: 2 }).toObject()).toMatchObject({ data: { reason: "UNKNOWN_PARAM", param: "toString" } });
    expect(thrown([1, "x", 3]).toObject()).toMatchObject({ data: { reason: "TOO_MANY_PARAMS" } });
    expect(thrown(["1"]).toObject()).toMatchObject({ data: { reason: "WRONG_TYPE", param: "a" } });
  });
});
