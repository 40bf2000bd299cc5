// One place turns thrown values into JSON-RPC errors; these are its promises.
import { describe, expect, it } from "vitest";
import { ParleyError } from "../../../src/util/errors.js";
import { RpcCode, RpcError, rpcError, toRpcErrorObject, type RpcLogger } from "../../../src/rpc/errors.js";
import { nestsDeeperThan, stringify, toJson } from "../../../src/rpc/json.js";

class TxError extends ParleyError<{ code: "FEE_TOO_LOW"; min: bigint } | { code: "constructor" }> {}
class PoolError extends ParleyError<{ code: "POOL_FULL" } | { code: "FEE_TOO_LOW" }> {}

function silentLog(): RpcLogger & { count: number } {
  const log = { count: 0, debug: () => {}, info: () => {}, warn: () => {}, error: () => void log.count++ };
  return log;
}

describe("error mapping", () => {
  it("uses the standard codes and messages of the JSON-RPC spec", () => {
    expect(RpcCode).toMatchObject({ PARSE_ERROR: -32700, INVALID_REQUEST: -32600, METHOD_NOT_FOUND: -32601, INVALID_PARAMS: -32602, INTERNAL_ERROR: -32603 });
    expect(rpcError("METHOD_NOT_FOUND").toObject()).toEqual({ code: -32601, message: "Method not found" });
    const e = rpcError("NOT_VERIFIED", "NO_PROOF");
    expect(e).toBeInstanceOf(ParleyError);
    expect([e.rpcCode, e.reason, e.code]).toEqual([-32005, "NO_PROOF", "NOT_VERIFIED"]);
  });

  it("looks up Class.CODE, then CODE, then Class", () => {
    const table = { TxError: "TX_REJECTED", "PoolError.POOL_FULL": "MEMPOOL_FULL", FEE_TOO_LOW: "UNAVAILABLE" } as const;
    const log = silentLog();
    expect(toRpcErrorObject(new PoolError({ code: "POOL_FULL" }), table, log)).toMatchObject({ code: -32001, data: { reason: "POOL_FULL" } });
    expect(toRpcErrorObject(new TxError({ code: "FEE_TOO_LOW", min: 10n }), table, log)).toEqual({
      code: -32004,
      message: "Unavailable",
      data: { reason: "FEE_TOO_LOW", message: "FEE_TOO_LOW: min=10" },
    });
    expect(log.count).toBe(0);
  });

  it("accepts a function for richer mappings", () => {
    const table = { TxError: (e: ParleyError) => rpcError("TX_REJECTED", e.code, { hint: "raise the fee" }) };
    expect(toRpcErrorObject(new TxError({ code: "FEE_TOO_LOW", min: 1n }), table, null)).toEqual({
      code: -32000,
      message: "Transaction rejected",
      data: { reason: "FEE_TOO_LOW", hint: "raise the fee" },
    });
  });

  it("never matches prototype keys and never leaks unknown errors", () => {
    const log = silentLog();
    expect(toRpcErrorObject(new TxError({ code: "constructor" }), {}, log)).toEqual({ code: -32603, message: "Internal error" });
    expect(toRpcErrorObject(new Error("secret path /home/x"), {}, log)).toEqual({ code: -32603, message: "Internal error" });
    expect(toRpcErrorObject("a string", {}, log)).toEqual({ code: -32603, message: "Internal error" });
    expect(log.count).toBe(3);
  });

  it("passes an RpcError through unchanged", () => {
    const e = new RpcError({ code: "LIMIT_EXCEEDED", reason: "X", data: { max: 1 }, message: "custom" });
    expect(toRpcErrorObject(e, {}, null)).toEqual({ code: -32003, message: "custom", data: { reason: "X", max: 1 } });
  });
});

describe("JSON helpers", () => {
  it("toJson turns bigint into decimal strings and bytes into 0x-hex", () => {
    expect(toJson({ a: 1n, b: new Uint8Array([0, 16]), c: [2n], d: undefined, e: null, f: Number.NaN })).toEqual({ a: "1", b: "0x0010", c: ["2"], e: null, f: null });
  });

  it("stringify never throws on bigint or bytes", () => {
    expect(stringify({ n: 2n ** 64n, b: new Uint8Array([1]) })).toBe('{"n":"18446744073709551616","b":"0x01"}');
    expect(stringify(undefined)).toBe("null");
  });

  it("nestsDeeperThan counts brackets outside strings only", () => {
    expect(nestsDeeperThan("[[1]]", 2)).toBe(false);
    expect(nestsDeeperThan("[[[1]]]", 2)).toBe(true);
    expect(nestsDeeperThan('["[[[[", {"a": "\\"[[["}]', 2)).toBe(false);
    expect(nestsDeeperThan("[{}, [], {}]", 2)).toBe(false);
  });
});
