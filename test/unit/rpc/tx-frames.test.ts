// The binary tx batch (POST /txs): raw tx frames in, tx_sendBatch's answer out, and every
// malformed body refused with a typed error before any tx reaches admission.
import { afterEach, describe, expect, it } from "vitest";
import { RpcServer } from "../../../src/rpc/server.js";
import { TxModule } from "../../../src/rpc/modules/tx.js";
import { decodeTxFrames, encodeTxFrames } from "../../../src/rpc/tx-frames.js";
import type { NodeServices } from "../../../src/node/services.js";
import { err, ok } from "../../../src/util/errors.js";
import { txError } from "../../../src/chain/tx/errors.js";

// Admission answers by the first byte of the tx: 1 = admitted, 2 = bad signature.
function fakeNode(): { node: NodeServices; seen: Uint8Array[] } {
  const seen: Uint8Array[] = [];
  const node = {
    async submitTx(bytes: Uint8Array) {
      seen.push(bytes);
      if (bytes[0] === 1) return ok({ id: Buffer.from(bytes).toString("hex").padEnd(64, "0") });
      return err(txError({ code: "BAD_SIGNATURE" }));
    },
  } as unknown as NodeServices;
  return { node, seen };
}

let server: RpcServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function start(): Promise<{ url: string; seen: Uint8Array[] }> {
  const { node, seen } = fakeNode();
  server = new RpcServer({ host: "127.0.0.1", port: 0 }, { errorMap: { TxError: "TX_REJECTED" } });
  server.addModule(TxModule, new TxModule(node));
  const port = await server.start();
  return { url: `http://127.0.0.1:${port}`, seen };
}

function postFrames(url: string, body: Uint8Array, type = "application/octet-stream"): Promise<Response> {
  return fetch(`${url}/txs`, { method: "POST", body, headers: { "content-type": type } });
}

describe("tx frames codec", () => {
  it("round-trips txs of any size up to the cap, in order, as copies", () => {
    const txs = [Uint8Array.of(1), new Uint8Array(300).fill(7), new Uint8Array(128 * 1024).fill(9)];
    const body = encodeTxFrames(txs);
    expect(body.length).toBe(3 * 4 + 1 + 300 + 128 * 1024);
    const r = decodeTxFrames(body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.map((t) => [t.length, t[0]])).toEqual([[1, 1], [300, 7], [128 * 1024, 9]]);
    body.fill(0);
    expect(r.value[1]![0]).toBe(7);
  });

  it("refuses cut-short, empty, oversized and too many frames, naming the frame", () => {
    const one = encodeTxFrames([Uint8Array.of(1, 2, 3)]);
    expect(decodeTxFrames(one.subarray(0, 5))).toMatchObject({ ok: false, reason: "BAD_FORMAT", path: "0" });
    expect(decodeTxFrames(Uint8Array.of(...one, 0, 0))).toMatchObject({ ok: false, reason: "BAD_FORMAT", path: "1" });
    expect(decodeTxFrames(Uint8Array.of(0, 0, 0, 0))).toMatchObject({ ok: false, reason: "BAD_LENGTH", path: "0" });
    expect(decodeTxFrames(Uint8Array.of(0, 2, 0, 1, 5))).toMatchObject({ ok: false, reason: "BAD_LENGTH", path: "0" });
    expect(decodeTxFrames(new Uint8Array(0))).toMatchObject({ ok: false, reason: "BAD_LENGTH" });
    expect(decodeTxFrames(encodeTxFrames(Array.from({ length: 1000 }, () => Uint8Array.of(1)))).ok).toBe(true);
    expect(decodeTxFrames(encodeTxFrames(Array.from({ length: 1001 }, () => Uint8Array.of(1))))).toMatchObject({ ok: false, reason: "BAD_LENGTH" });
  });
});

describe("POST /txs", () => {
  it("admits each tx and answers per tx, in order, as tx_sendBatch does", async () => {
    const { url, seen } = await start();
    const res = await postFrames(url, encodeTxFrames([Uint8Array.of(1, 0xaa), Uint8Array.of(2)]));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as { result: unknown[]; id: unknown };
    expect(body.id).toBeNull();
    expect(body.result[0]).toEqual({ id: "0x01aa".padEnd(66, "0") });
    expect(body.result[1]).toMatchObject({ error: { code: -32000, data: { reason: "BAD_SIGNATURE" } } });
    expect(seen.map((b) => [...b])).toEqual([[1, 0xaa], [2]]);
  });

  it("refuses a malformed body with INVALID_PARAMS and admits nothing of it", async () => {
    const { url, seen } = await start();
    const good = encodeTxFrames([Uint8Array.of(1)]);
    const res = await postFrames(url, Uint8Array.of(...good, 0, 0, 0, 9, 1));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: -32602, data: { reason: "BAD_FORMAT", param: "txs.1" } }, id: null });
    expect(seen).toHaveLength(0);
  });

  it("refuses other content types (415) and methods (405)", async () => {
    const { url, seen } = await start();
    const res = await postFrames(url, encodeTxFrames([Uint8Array.of(1)]), "application/json");
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: -32600, data: { reason: "UNSUPPORTED_MEDIA_TYPE" } } });
    const get = await fetch(`${url}/txs`);
    expect(get.status).toBe(405);
    expect(seen).toHaveLength(0);
  });

  it("refuses a body over maxBodyBytes with 413 before admitting any of it", async () => {
    const { node, seen } = fakeNode();
    server = new RpcServer({ host: "127.0.0.1", port: 0, maxBodyBytes: 1024 }, { errorMap: { TxError: "TX_REJECTED" } });
    server.addModule(TxModule, new TxModule(node));
    const port = await server.start();
    const res = await postFrames(`http://127.0.0.1:${port}`, encodeTxFrames([new Uint8Array(2000).fill(1)]));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: -32003, data: { reason: "BODY_TOO_LARGE" } } });
    expect(seen).toHaveLength(0);
  });
});
