// Regression (found by the chaos harness): `parley node` whose start failed half-way (the RPC
// server already listening, then the p2p port taken) printed the error and then hung forever,
// so a supervisor never saw it exit. It must exit with status 1.
import { afterEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { cleanup, devChain, runCli } from "./harness.js";

let holder: Server | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (holder ? holder.close(() => r()) : r()));
  holder = null;
  await cleanup();
});

describe("node start failures", () => {
  it("a node whose p2p port is taken exits with status 1 instead of hanging", async () => {
    const chain = devChain({ validators: 1 });
    const server = createServer();
    holder = server;
    const port = await new Promise<number>((r) => server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port)));
    const started = Date.now();
    const res = await runCli(["node", "--data-dir", join(chain.dir, "d"), "--genesis", chain.genesisPath, "--key", chain.validatorKeys[0]!,
      "--rpc-port", "0", "--p2p-port", String(port), "--log-level", "fatal"], 20_000);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("EADDRINUSE");
    expect(Date.now() - started).toBeLessThan(19_000);
  });
});
