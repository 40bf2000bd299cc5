import { afterEach, describe, expect, it } from "vitest";
import { NetworkError } from "../../../src/network/errors.js";
import { InvalidRequestError } from "../../../src/network/reqresp.js";
import { Nets, bytes, text, waitFor } from "./helpers.js";

const nets = new Nets();
afterEach(() => nets.stopAll());

async function pair() {
  const server = await nets.create(1);
  const client = await nets.create(2, { bootstrap: server.multiaddrs() });
  expect(await waitFor(() => client.peers().includes(server.peerId))).toBe(true);
  return { server, client };
}

describe("request/response", () => {
  it("a request gets the handler's response and the handler sees who asked", async () => {
    const { server, client } = await pair();
    await server.handle("echo", (req, from) => bytes(`${text(req)} for ${from}`));
    const res = await client.request(server.peerId, "echo", bytes("ping"), { timeoutMs: 2_000 });
    expect(text(res)).toBe(`ping for ${client.peerId}`);
  });

  it("a response larger than libp2p's 4 MiB default buffer arrives whole", async () => {
    const { server, client } = await pair();
    const big = new Uint8Array(6 << 20).map((_, i) => i & 0xff);
    await server.handle("big", () => big);
    const res = await client.request(server.peerId, "big", bytes("x"), { timeoutMs: 5_000 });
    expect(res.length).toBe(big.length);
    expect(res[12345]).toBe(12345 & 0xff);
  });

  it("a response above the requester's limit is refused with RESPONSE_TOO_LARGE", async () => {
    const { server, client } = await pair();
    await server.handle("big", () => new Uint8Array(2048));
    const err = await client.request(server.peerId, "big", bytes("x"), { timeoutMs: 2_000, maxResponseBytes: 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe("RESPONSE_TOO_LARGE");
  });

  it("a handler response above the server's own limit becomes a remote error, not a huge frame", async () => {
    const { server, client } = await pair();
    await server.handle("big", () => new Uint8Array(2048), { maxResponseBytes: 1024 });
    await expect(client.request(server.peerId, "big", bytes("x"), { timeoutMs: 2_000 })).rejects.toMatchObject({
      code: "REMOTE_ERROR",
      type: { status: "responseTooLarge" },
    });
  });

  it("a handler that never answers makes the request time out with TIMEOUT", async () => {
    const { server, client } = await pair();
    await server.handle("hang", () => new Promise<Uint8Array>(() => {}), { timeoutMs: 60_000 });
    const started = Date.now();
    await expect(client.request(server.peerId, "hang", bytes("x"), { timeoutMs: 300 })).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("a protocol the peer does not serve fails with UNSUPPORTED_PROTOCOL", async () => {
    const { server, client } = await pair();
    await expect(client.request(server.peerId, "nothing-here", bytes("x"), { timeoutMs: 2_000 })).rejects.toMatchObject({
      code: "UNSUPPORTED_PROTOCOL",
    });
  });

  it("a request above the limit is refused before it is sent", async () => {
    const { server, client } = await pair();
    await expect(client.request(server.peerId, "echo", new Uint8Array((1 << 20) + 1))).rejects.toMatchObject({ code: "REQUEST_TOO_LARGE" });
  });

  it("a request the handler cannot decode is reported to the requester and strikes it", async () => {
    const { server, client } = await pair();
    await server.handle("strict", () => {
      throw new InvalidRequestError({ code: "INVALID_REQUEST", reason: "not msgpack" });
    });
    await expect(client.request(server.peerId, "strict", bytes("garbage"), { timeoutMs: 2_000 })).rejects.toMatchObject({
      code: "REMOTE_ERROR",
      type: { status: "invalidRequest" },
    });
    expect(server.strikes(client.peerId)).toBe(1);
    expect(server.isBanned(client.peerId)).toBe(false);
  });

  it("a handler that throws anything else is a server error without a strike", async () => {
    const { server, client } = await pair();
    await server.handle("buggy", () => {
      throw new TypeError("oops");
    });
    await expect(client.request(server.peerId, "buggy", bytes("x"), { timeoutMs: 2_000 })).rejects.toMatchObject({
      code: "REMOTE_ERROR",
      type: { status: "serverError" },
    });
    expect(server.strikes(client.peerId)).toBe(0);
  });

  it("a request to a malformed peer id fails with INVALID_PEER_ID", async () => {
    const { client } = await pair();
    await expect(client.request("not-a-peer", "echo", bytes("x"))).rejects.toMatchObject({ code: "INVALID_PEER_ID" });
  });
});
