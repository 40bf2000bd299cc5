// `parley node --config`: a node runs from a TOML file, flags given on the command line win over
// it, and a bad file stops the command with exit code 2 and a message naming key and line.
import { afterAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanup, devChain, runCli, spawnCli } from "./harness.js";

afterAll(async () => {
  await cleanup();
});

describe("parley node --config", () => {
  it("starts a node from the file, with a flag overriding the file's rpc-port", async () => {
    const chain = devChain({ validators: 1, funded: 1 });
    const config = join(chain.dir, "node.toml");
    // rpc-port 1 cannot be bound by a test: the node only starts if --rpc-port 0 wins.
    writeFileSync(config, [`data-dir = ${JSON.stringify(join(chain.dir, "n"))}`, `genesis = ${JSON.stringify(chain.genesisPath)}`, `key = ${JSON.stringify(chain.validatorKeys[0]!)}`, "rpc-port = 1", 'log-level = "error"', "app = false"].join("\n"));
    const node = await spawnCli(["node", "--config", config, "--rpc-port", "0"]);
    expect(node.stdout.join("")).not.toMatch(/^app:/m); // app = false came from the file
    const res = await fetch(node.rpc, { method: "POST", body: '{"jsonrpc":"2.0","id":1,"method":"node_info"}', headers: { "content-type": "application/json" } });
    expect(((await res.json()) as { result: { chainId: string } }).result.chainId).toBe(chain.genesis.chainId);
  });

  it("exits 2 naming the key and line of a bad file", async () => {
    const chain = devChain({ validators: 1, funded: 1 });
    const config = join(chain.dir, "bad.toml");
    writeFileSync(config, `genesis = ${JSON.stringify(chain.genesisPath)}\nrpc-port = "eighty"\n`);
    const r = await runCli(["node", "--config", config, "--data-dir", join(chain.dir, "n")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`config file ${config}, line 2: rpc-port: expected a number`);
  });

  it("config example prints the node's and the light node's flags with their defaults", async () => {
    const r = await runCli(["config", "example"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rpc-port = 8645$/m);
    const light = await runCli(["config", "example", "light"]);
    expect(light.stdout).toMatch(/^rpc-port = 8644$/m);
  });
});
