// The foundation commands exactly as a new user types them, against a node process.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { existsSync, readFileSync, statSync } from "node:fs";
import { cleanup, runCli, spawnCli, tempDir } from "./harness.js";

afterEach(cleanup);

describe("parley CLI", () => {
  it("init, node, keys, wallet balance/send/history work end to end", async () => {
    const dir = tempDir();
    const chainDir = join(dir, "chain");
    const init = await runCli(["init", "--dir", chainDir]);
    expect(init.code).toBe(0);
    const devAddress = /dev address: (parley1\w+)/.exec(init.stdout)![1]!;
    expect(existsSync(join(chainDir, "genesis.json"))).toBe(true);
    expect(statSync(join(chainDir, "dev.key")).mode & 0o777).toBe(0o600);

    const node = await spawnCli(["node", "--data-dir", join(dir, "data"), "--genesis", join(chainDir, "genesis.json"), "--key", join(chainDir, "validator-0.key"), "--rpc-port", "0"]);
    const rpc = ["--rpc", node.rpc];

    const bobKey = join(dir, "bob.key");
    const keys = await runCli(["keys", "new", "--plaintext", "--out", bobKey]);
    expect(keys.code).toBe(0);
    const bob = keys.stdout.trim();
    expect(bob).toMatch(/^parley1/);
    expect((await runCli(["keys", "show", "--key", bobKey])).stdout).toMatch(new RegExp(`^address: ${bob}\npeer id: 12D3Koo\\w+\n$`));
    // never overwrite a key
    const again = await runCli(["keys", "new", "--plaintext", "--out", bobKey]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/refusing to overwrite/);

    const send = await runCli(["wallet", "send", "--key", join(chainDir, "dev.key"), "--to", bob, "--amount", "42", ...rpc]);
    expect(send.stderr).toBe("");
    expect(send.stdout).toMatch(/^final: tx 0x[0-9a-f]{64} at height \d+ \(index 0\)/);

    const bal = await runCli(["wallet", "balance", bob, ...rpc]);
    expect(bal.stdout).toMatch(/balance: 42 PAR \(42000000 base units\)\n/);

    const hist = await runCli(["wallet", "history", "--key", bobKey, ...rpc]);
    expect(hist.stdout).toMatch(/in\s+transfer\s+42 PAR\s+parley1/);
    expect(hist.stdout).toContain(devAddress);

    // clear one-line errors, non-zero exit, node unaffected
    const poor = await runCli(["wallet", "send", "--key", bobKey, "--to", devAddress, "--amount", "1000", ...rpc]);
    expect(poor.code).toBe(1);
    expect(poor.stderr).toMatch(/INSUFFICIENT_FUNDS/);
    const badAddr = await runCli(["wallet", "balance", "parley1nope", ...rpc]);
    expect(badAddr.code).toBe(1);
    expect(badAddr.stderr).toMatch(/not an address/);
    const down = await runCli(["wallet", "balance", bob, "--rpc", "http://127.0.0.1:9"]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the node/);
    const noKey = await runCli(["wallet", "send", "--key", join(dir, "missing.key"), "--to", bob, "--amount", "1", ...rpc]);
    expect(noKey.stderr).toMatch(/key file not found/);
    expect(JSON.parse(readFileSync(join(chainDir, "genesis.json"), "utf8")).chainId).toBe("parley-dev");
    expect((await runCli(["wallet", "balance", bob, ...rpc])).stdout).toMatch(/balance: 42 PAR /);
  }, 60_000);

  it("runs the repository's genesis.json with its well-known dev keys, as README and issue show", async () => {
    const dir = tempDir();
    const node = await spawnCli(["node", "--data-dir", join(dir, "data"), "--genesis", "genesis.json", "--key", "dev-keys/validator-0.key", "--rpc-port", "0"]);
    const to = (await runCli(["keys", "new", "--plaintext", "--out", join(dir, "x.key")])).stdout.trim();
    const send = await runCli(["wallet", "send", "--key", "dev-keys/dev.key", "--to", to, "--amount", "7", "--rpc", node.rpc]);
    expect(send.stdout).toMatch(/^final: tx 0x[0-9a-f]{64} at height \d+/);
    expect((await runCli(["wallet", "balance", to, "--rpc", node.rpc])).stdout).toMatch(/balance: 7 PAR \(7000000 base units\)\n/);
  }, 60_000);
});
