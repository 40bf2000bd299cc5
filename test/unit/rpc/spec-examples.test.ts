// The examples of JSON-RPC 2.0 section 7, sent over HTTP. Method names gain our namespace
// ("subtract" -> "echo_subtract"); every response must be exactly the spec's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, startServer, type Running } from "./helpers.js";

let rig: Running;
beforeAll(async () => {
  rig = await startServer();
});
afterAll(async () => {
  await rig.server.stop();
});

async function exchange(body: string): Promise<unknown> {
  const answer = await post(rig.url, body);
  expect(answer.status).toBe(200);
  return answer.json();
}

async function expectNoResponse(body: string): Promise<void> {
  const answer = await post(rig.url, body);
  expect(answer.status).toBe(204);
  expect(answer.text).toBe("");
}

describe("JSON-RPC 2.0 specification examples", () => {
  it("rpc call with positional parameters", async () => {
    expect(await exchange('{"jsonrpc": "2.0", "method": "echo_subtract", "params": [42, 23], "id": 1}')).toEqual({ jsonrpc: "2.0", result: 19, id: 1 });
    expect(await exchange('{"jsonrpc": "2.0", "method": "echo_subtract", "params": [23, 42], "id": 2}')).toEqual({ jsonrpc: "2.0", result: -19, id: 2 });
  });

  it("rpc call with named parameters", async () => {
    expect(await exchange('{"jsonrpc": "2.0", "method": "echo_subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}')).toEqual({ jsonrpc: "2.0", result: 19, id: 3 });
    expect(await exchange('{"jsonrpc": "2.0", "method": "echo_subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": 4}')).toEqual({ jsonrpc: "2.0", result: 19, id: 4 });
  });

  it("a notification gets no response but still runs", async () => {
    await expectNoResponse('{"jsonrpc": "2.0", "method": "echo_update", "params": [1,2,3,4,5]}');
    await expectNoResponse('{"jsonrpc": "2.0", "method": "echo_foobar"}');
    expect(rig.echo.updates).toContainEqual([1, 2, 3, 4, 5]);
  });

  it("rpc call of non-existent method", async () => {
    expect(await exchange('{"jsonrpc": "2.0", "method": "foobar", "id": "1"}')).toEqual({ jsonrpc: "2.0", error: { code: -32601, message: "Method not found" }, id: "1" });
  });

  it("rpc call with invalid JSON", async () => {
    expect(await exchange('{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]')).toEqual({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, id: null });
  });

  it("rpc call with invalid Request object", async () => {
    expect(await exchange('{"jsonrpc": "2.0", "method": 1, "params": "bar"}')).toEqual({ jsonrpc: "2.0", error: { code: -32600, message: "Invalid Request" }, id: null });
  });

  it("rpc call Batch, invalid JSON", async () => {
    const body = '[\n  {"jsonrpc": "2.0", "method": "echo_sum", "params": [1,2,4], "id": "1"},\n  {"jsonrpc": "2.0", "method"\n]';
    expect(await exchange(body)).toEqual({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, id: null });
  });

  it("rpc call with an empty Array", async () => {
    expect(await exchange("[]")).toEqual({ jsonrpc: "2.0", error: { code: -32600, message: "Invalid Request" }, id: null });
  });

  it("rpc call with an invalid Batch (but not empty)", async () => {
    expect(await exchange("[1]")).toEqual([{ jsonrpc: "2.0", error: { code: -32600, message: "Invalid Request" }, id: null }]);
  });

  it("rpc call with invalid Batch", async () => {
    const invalid = { jsonrpc: "2.0", error: { code: -32600, message: "Invalid Request" }, id: null };
    expect(await exchange("[1,2,3]")).toEqual([invalid, invalid, invalid]);
  });

  it("rpc call Batch answers each request in order and skips notifications", async () => {
    const body = `[
      {"jsonrpc": "2.0", "method": "echo_sum", "params": [1,2,4], "id": "1"},
      {"jsonrpc": "2.0", "method": "echo_update", "params": [7,7,7,7,7]},
      {"jsonrpc": "2.0", "method": "echo_subtract", "params": [42,23], "id": "2"},
      {"foo": "boo"},
      {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
      {"jsonrpc": "2.0", "method": "echo_getData", "id": "9"}
    ]`;
    expect(await exchange(body)).toEqual([
      { jsonrpc: "2.0", result: 7, id: "1" },
      { jsonrpc: "2.0", result: 19, id: "2" },
      { jsonrpc: "2.0", error: { code: -32600, message: "Invalid Request" }, id: null },
      { jsonrpc: "2.0", error: { code: -32601, message: "Method not found" }, id: "5" },
      { jsonrpc: "2.0", result: ["hello", 5], id: "9" },
    ]);
  });

  it("rpc call Batch (all notifications) gets no response at all", async () => {
    await expectNoResponse('[{"jsonrpc": "2.0", "method": "echo_update", "params": [1,2,4,5,6]}, {"jsonrpc": "2.0", "method": "echo_foobar"}]');
  });

  it("ids may be strings, numbers or null and come back unchanged", async () => {
    expect(await exchange('{"jsonrpc":"2.0","method":"echo_add","params":[1,2],"id":null}')).toEqual({ jsonrpc: "2.0", result: 3, id: null });
    expect(await exchange('{"jsonrpc":"2.0","method":"echo_add","params":[1,2],"id":"x"}')).toEqual({ jsonrpc: "2.0", result: 3, id: "x" });
    expect(await exchange('{"jsonrpc":"2.0","method":"echo_add","params":[1,2],"id":1.5}')).toEqual({ jsonrpc: "2.0", result: 3, id: 1.5 });
  });

  it("a request without jsonrpc 2.0, or with an object id, is an Invalid Request", async () => {
    const invalid = { code: -32600, message: "Invalid Request" };
    expect(await exchange('{"method":"echo_add","params":[1,2],"id":1}')).toEqual({ jsonrpc: "2.0", error: invalid, id: 1 });
    expect(await exchange('{"jsonrpc":"2.0","method":"echo_add","params":[1,2],"id":{"a":1}}')).toEqual({ jsonrpc: "2.0", error: invalid, id: null });
    expect(await exchange('{"jsonrpc":"2.0","method":"echo_add","params":3,"id":2}')).toEqual({ jsonrpc: "2.0", error: invalid, id: 2 });
  });
});
