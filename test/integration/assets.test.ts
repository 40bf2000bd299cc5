// What a person owns, together, on a 4-validator devnet of real node processes (issue 14): an
// issuer creates an asset through the CLI; the fan registers a name and the issuer pays
// `@fan-one` (a decimal amount); the fan pays it inside a chat message, which the artist reads
// with the fan's name shown; a work with three co-creators is priced in it and two licences are
// sold; every balance is checked to the base unit on all four nodes; a refused overdraft moves
// nothing; `parley asset verify` proves a holding under a header verified from genesis.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient } from "../../src/client/chat.js";
import { newIdentity, type Identity } from "../../src/client/keys.js";
import { splitByShares } from "../../src/chain/works/split.js";
import { cleanup, runCli, tempDir, waitFor } from "./harness.js";
import { expectSameChain, startNet, type TestNet } from "./network-harness.js";

let net: TestNet;

beforeAll(async () => {
  net = await startNet(4, { heartbeatMs: 250 }, 3);
}, 60_000);
afterAll(cleanup);

type Bal = { balance: string; formatted: string; symbol: string; frozen: boolean; proof?: { height: number; stateRoot: string; entries: Array<{ ns: number; key: string; value: string | null; smtProof: string }> } };
const held = async (who: { address: string }, asset: string, node = 0): Promise<bigint> =>
  BigInt((await net.rpc(node).call<Bal>("asset_balance", { address: who.address, assetId: asset })).balance);

describe("assets and points on a devnet", () => {
  it("issues an asset, pays @name, pays it in chat, sells two licences of a three-creator work in it, and every balance is exact on all four nodes", async () => {
    const [issuer, fan, artist] = net.chain.funded as [Identity, Identity, Identity];
    const [keyIssuer, keyFan] = net.chain.fundedKeys as [string, string];
    const rpc = (i: number) => ["--rpc", net.nodes[i]!.rpc];

    const created = await runCli(["asset", "create", "--key", keyIssuer, "--symbol", "PTS", "--name", "Tea shop points", "--decimals", "2", "--supply", "1000", "--max", "5000", ...rpc(0)]);
    expect(created.stderr).toBe("");
    const asset = /asset:\s+([0-9a-f]{64})/.exec(created.stdout)![1]!;
    const info = await net.rpc(1).call<{ symbol: string; supply: string; supplyFormatted: string; issuer: string; flags: string[] }>("asset_get", ["0x" + asset]);
    expect(info).toMatchObject({ symbol: "PTS", supply: "100000", supplyFormatted: "1000", issuer: issuer.address, flags: ["transferable", "mintable"] });

    // The fan takes a name; the issuer pays "@fan-one" (the tx carries the resolved address).
    const named = await runCli(["name", "register", "fan-one", "--key", keyFan, "--primary", ...rpc(2)]);
    expect(named.stderr).toBe("");
    // 12.5 PTS at 2 decimals is 1,250 base units.
    const sent = await runCli(["asset", "send", "--key", keyIssuer, "--asset", asset, "--to", "@fan-one", "--amount", "12.5", ...rpc(1)]);
    expect(sent.stderr).toBe("");
    expect(sent.stdout).toContain("sent 12.5 PTS");
    // Too many decimals for the asset: refused here, nothing signed.
    const precise = await runCli(["asset", "send", "--key", keyIssuer, "--asset", asset, "--to", fan.address, "--amount", "0.001", ...rpc(1)]);
    expect(precise.stderr).toMatch(/more than 2 decimal places/);

    // Paid inside a chat message: 2.25 PTS from the fan to the artist, the message and payment in one tx.
    const chat = await runCli(["chat", "send", "--key", keyFan, "--to", artist.address, "--text", "for the song", "--pay", "2.25", "--asset", asset, ...rpc(0)]);
    expect(chat.stderr).toBe("");
    expect(chat.stdout).toMatch(/paid 2\.25 PTS\n$/);
    const inbox = await new ChatClient(net.nodes[1]!.rpc).readInbox(artist);
    expect(inbox.messages.map((m) => [m.text, m.amount, m.asset])).toContainEqual(["for the song", 225n, "0x" + asset]);
    const read = await runCli(["chat", "read", "--key", net.chain.fundedKeys[2]!, ...rpc(3)]);
    expect(read.stdout).toContain(`from @fan-one (${fan.address.slice(0, 14)}`);
    // The payment reads in the asset's own unit, as it was typed.
    expect(read.stdout).toMatch(/\[paid 2\.25 PTS\]: for the song/);
    const history = await runCli(["wallet", "history", "--key", keyFan, ...rpc(2)]);
    expect(history.stdout).toMatch(/out\s+message\s+2\.25 PTS/);

    // A work priced in PTS (3.33 = 333 base units), split 50/30/20 among the artist and two
    // co-creators; the fan and the issuer each take a licence.
    const co = newIdentity();
    const co2 = newIdentity();
    const file = join(tempDir("parley-assets-"), "song.flac");
    writeFileSync(file, "a song for points " + Date.now());
    const reg = await runCli(["work", "register", "--key", net.chain.fundedKeys[2]!, "--file", file, "--creator", `${artist.address}:5000`, "--creator", `${co.address}:3000`, "--creator", `${co2.address}:2000`, "--offer", `3.33:fan:perpetual:${asset}`, ...rpc(1)]);
    expect(reg.stderr).toBe("");
    const lic = await runCli(["work", "license", "--key", keyFan, "--file", file, "--offer", "0", ...rpc(0)]);
    expect(lic.stderr).toBe("");
    const lic2 = await runCli(["work", "license", "--key", keyIssuer, "--file", file, "--offer", "0", ...rpc(3)]);
    expect(lic2.stderr).toBe("");
    const parts = splitByShares(333n, [5_000, 3_000, 2_000]);
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(333n);
    const workId = "0x" + createHash("sha256").update(readFileSync(file)).digest("hex");
    const sold = await net.rpc(2).call<{ licenceCount: number; licences: Array<{ holder: string; asset: string; price: string; valid: boolean }> }>("work_licences", [workId]);
    expect(sold.licenceCount).toBe(2);
    expect(sold.licences.map((l) => [l.holder, l.asset, l.price, l.valid])).toEqual([[fan.address, "0x" + asset, "333", true], [issuer.address, "0x" + asset, "333", true]]);

    // An overdraft is refused in its block: the fee is paid, no asset moves.
    const poor = await runCli(["asset", "send", "--key", keyFan, "--asset", asset, "--to", issuer.address, "--amount", "1000", ...rpc(0)]);
    expect(poor.stderr).toMatch(/ASSET_INSUFFICIENT/);

    const want: Array<[{ address: string }, bigint]> = [
      [issuer, 100_000n - 1_250n - 333n],
      [fan, 1_250n - 225n - 333n],
      [artist, 225n + 2n * parts[0]!],
      [co, 2n * parts[1]!],
      [co2, 2n * parts[2]!],
    ];
    const head = await net.rpc(0).call<{ height: number }>("chain_getHead");
    for (let node = 0; node < 4; node++) {
      await waitFor(`node ${node} at the last asset tx`, async () => (await net.rpc(node).call<{ height: number }>("chain_getHead")).height >= head.height, 30_000);
      for (const [who, expected] of want) expect(await held(who, asset, node)).toBe(expected);
    }
    // Clawback-free, freeze-free asset: the total is conserved (no mint since creation).
    expect(want.reduce((s, [, v]) => s + v, 0n)).toBe(100_000n);

    // wallet balance lists the holding with symbol, issuer and decimal amount.
    const wallet = await runCli(["wallet", "balance", fan.address, ...rpc(1)]);
    expect(wallet.stdout).toContain(`asset:   6.92 PTS (issuer ${issuer.address.slice(0, 12)}`);
    const list = await net.rpc(0).call<{ holdings: Array<{ assetId: string; balance: string; formatted: string }> }>("asset_balances", { address: fan.address });
    expect(list.holdings).toEqual([expect.objectContaining({ assetId: "0x" + asset, balance: "692", formatted: "6.92" })]);
    const byIssuer = await net.rpc(1).call<{ total: number }>("asset_list", { issuer: issuer.address });
    expect(byIssuer.total).toBe(1);

    // Light verification: the fan's holding proven under a header verified from genesis.
    const verified = await runCli(["asset", "verify", "--address", fan.address, "--asset", asset, ...rpc(1), "--witness", net.nodes[0]!.rpc]);
    expect(verified.stderr).toBe("");
    expect(verified.stdout).toContain("verified: 6.92 PTS");
    expect(verified.stdout).toContain("(692 base units)");

    await expectSameChain(net);
  }, 180_000);
});
