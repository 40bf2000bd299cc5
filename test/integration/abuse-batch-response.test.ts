// Regression (found by the abuse tests): a JSON-RPC batch had no bound on the size of its
// answers. One 100 KB request of 1000 x chain_getBlock "full" on a 3 MB block made the node
// build ~4 GB of JSON (2.4 GB RSS, minutes of CPU, then "Invalid string length"). Now a batch's
// answers stop at maxBatchResponseBytes: the calls not yet run are answered -32003
// RESPONSE_TOO_LARGE and are never executed.
import { afterEach, describe, expect, it } from "vitest";
import { RpcServer } from "../../src/rpc/server.js";
import { p } from "../../src/rpc/params.js";
import type { MethodTable } from "../../src/rpc/module.js";

class BlobModule {
  static readonly namespace = "blob";
  static readonly methods: MethodTable<BlobModule> = { get: [["kib", p.uint({ max: 4096 })]] };
  static readonly docs = { get: { summary: "kib KiB of text", result: { type: "string" } } };
  calls = 0;
  async get(kib: number): Promise<string> {
    this.calls++;
    await new Promise((r) => setTimeout(r, 1));
    return "x".repeat(kib * 1024);
  }
}

let server: RpcServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function start(maxBatchResponseBytes?: number): Promise<{ url: string; blob: BlobModule }> {
  server = new RpcServer({ port: 0, ...(maxBatchResponseBytes ? { maxBatchResponseBytes } : {}) });
  const blob = new BlobModule();
  server.addModule(BlobModule, blob);
  const port = await server.start();
  return { url: `http://127.0.0.1:${port}`, blob };
}

async function batch(url: string, kib: number, n: number, notify = false): Promise<Array<{ id: number; result?: string; error?: { code: number; data?: { reason?: string } } }>> {
  const body = JSON.stringify(Array.from({ length: n }, (_, i) => ({ jsonrpc: "2.0", ...(notify ? {} : { id: i }), method: "blob_get", params: [kib] })));
  const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
  return res.status === 204 ? [] : ((await res.json()) as never);
}

describe("batch response budget", () => {
  it("answers the calls past 16 MiB of answers with RESPONSE_TOO_LARGE without running them", async () => {
    const { url, blob } = await start();
    const answers = await batch(url, 1024, 1000);
    expect(answers.length).toBe(1000);
    const ran = answers.filter((a) => a.result !== undefined);
    const refused = answers.filter((a) => a.error?.data?.reason === "RESPONSE_TOO_LARGE");
    expect(ran.length + refused.length).toBe(1000);
    expect(ran.length).toBeGreaterThanOrEqual(16);
    expect(ran.length).toBeLessThan(40);
    expect(refused[0]!.error!.code).toBe(-32003);
    // Answered in order: every result comes before every refusal, and the refused never ran.
    expect(answers.slice(0, ran.length).every((a) => a.result !== undefined)).toBe(true);
    expect(blob.calls).toBe(ran.length);
  });

  it("still runs every call of a batch of small answers, concurrently", async () => {
    const { url, blob } = await start();
    const started = Date.now();
    const answers = await batch(url, 1, 1000);
    expect(answers.every((a) => a.result?.length === 1024)).toBe(true);
    expect(blob.calls).toBe(1000);
    // 1000 calls of >= 1 ms each: well under a second only because they overlap.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("honours a configured budget, and refused notifications get no answer", async () => {
    const { url, blob } = await start(2 * 1024 * 1024);
    const answers = await batch(url, 1024, 50);
    const ran = answers.filter((a) => a.result !== undefined).length;
    // Up to 4 run before any size is known; past 2 MiB the rest are refused.
    expect(ran).toBeGreaterThanOrEqual(3);
    expect(ran).toBeLessThanOrEqual(6);
    expect(blob.calls).toBe(ran);
    expect(await batch(url, 1, 10, true)).toEqual([]);
  });
});
