// Validator-set governance on a live network: a validator voted in starts counting, one voted
// out stops counting.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { cleanup, spawnCli, waitFor } from "./harness.js";
import { startNet } from "./network-harness.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { newIdentity, encodeKeyFile } from "../../src/client/keys.js";
import { decodeCertificate } from "../../src/consensus/certificate.js";
import { fromHex, bytesEqual } from "../../src/util/bytes.js";
import { HttpRpcClient } from "../../src/client/rpc-client.js";
import { peerIdFromEd25519PublicKey } from "../../src/network/index.js";

afterEach(cleanup);

async function certSigners(rpc: HttpRpcClient, height: number): Promise<Uint8Array[]> {
  const c = await rpc.call<{ commit: string }>("chain_getCommit", [height]);
  const cert = decodeCertificate(fromHex(c.commit)!);
  if (!cert.ok) throw cert.error;
  return cert.value.precommits.map((p) => p.validator);
}

describe("validator governance", () => {
  it("a validator voted in starts counting; voted out, it stops counting", async () => {
    // A heartbeat keeps blocks coming while idle, so scheduled set changes take effect.
    const e = newIdentity();
    const net = await startNet(4, { heartbeatMs: 300 }, 1, [peerIdFromEd25519PublicKey(e.publicKey)]);
    const eKey = join(net.chain.dir, "e.key");
    writeFileSync(eKey, encodeKeyFile(e), { mode: 0o600 });
    const eNode = await spawnCli(["node", "--data-dir", join(net.chain.dir, "node-e"), "--genesis", net.chain.genesisPath, "--key", eKey,
      "--rpc-port", "0", "--p2p-port", "0", "--peers", net.p2p.join(","), "--log-level", "warn"]);
    const clients = net.nodes.map((n) => new ParleyClient(n!.rpc));
    const keys = net.chain.validators;
    // Three of four (more than half) vote E in.
    let last = 0;
    for (let i = 0; i < 3; i++) last = (await clients[i]!.submit(keys[i]!, "validatorVote", { action: "add", validator: e.publicKey })).status!.height!;
    await waitFor("E in the set", async () => (await clients[0]!.info(true)).validators.includes(e.address));
    // n = 5, quorum 4: with D down, blocks need E's precommit.
    await net.kill(3);
    const alice = net.chain.funded[0]!;
    const r = await clients[0]!.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, { timeoutMs: 40_000 });
    expect(r.status!.height!).toBeGreaterThan(last + 1);
    await waitFor("commit stored", async () => (await clients[0]!.rpc.call<{ height: number }>("chain_getHead")).height >= r.status!.height!);
    const signers = await certSigners(clients[0]!.rpc, r.status!.height!);
    expect(signers.some((s) => bytesEqual(s, e.publicKey))).toBe(true);

    // Vote E out (3 of 5), bring D back.
    for (let i = 0; i < 3; i++) await clients[i]!.submit(keys[i]!, "validatorVote", { action: "remove", validator: e.publicKey }, { timeoutMs: 40_000 });
    await net.start(3);
    await waitFor("E out of the set", async () => !(await clients[0]!.info(true)).validators.includes(e.address), 30_000);
    // E is still running and voting, but its signatures no longer count.
    const r2 = await clients[0]!.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, { timeoutMs: 40_000 });
    await waitFor("commit stored", async () => (await clients[0]!.rpc.call<{ height: number }>("chain_getHead")).height > r2.status!.height!);
    expect((await certSigners(clients[0]!.rpc, r2.status!.height!)).some((s) => bytesEqual(s, e.publicKey))).toBe(false);
    // And the chain no longer needs it.
    process.kill(eNode.proc.pid!, "SIGKILL");
    const r3 = await clients[0]!.submit(alice, "transfer", { to: newIdentity().publicKey, amount: 1n, memo: null }, { timeoutMs: 40_000 });
    expect(r3.status?.status).toBe("final");
  }, 150_000);
});
