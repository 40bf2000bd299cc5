// Works and licences on a 4-validator devnet of real node processes: a work with three
// co-creators is registered through the CLI (anchored in the same tx), two licences are sold
// (one through the CLI, one through the SDK on another node), and every balance is checked to
// the base unit on every node; `parley work verify FILE` proves the work and both licences
// under a verified header, and a second registration of the same file is refused unsigned.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient } from "../../src/client/chat.js";
import { newIdentity, type Identity } from "../../src/client/keys.js";
import { contentHash } from "../../src/client/anchors.js";
import { splitByShares } from "../../src/chain/works/split.js";
import { toHex } from "../../src/util/bytes.js";
import { cleanup, runCli, tempDir, waitFor } from "./harness.js";
import { expectSameChain, startNet, type TestNet } from "./network-harness.js";

let net: TestNet;

beforeAll(async () => {
  net = await startNet(4, { heartbeatMs: 250 }, 3);
}, 60_000);
afterAll(cleanup);

async function balance(who: { address: string }, node = 0): Promise<bigint> {
  return BigInt((await net.rpc(node).call<{ balance: string }>("account_get", [who.address])).balance);
}

async function feeOf(id: string): Promise<bigint> {
  return BigInt((await net.rpc(0).call<{ tx: { fee: string } }>("tx_get", [id])).tx.fee);
}

const txIdIn = (stdout: string): string => {
  const m = /tx:\s+(0x[0-9a-f]{64}|[0-9a-f]{64})/.exec(stdout);
  if (!m) throw new Error(`no tx id in: ${stdout}`);
  return m[1]!;
};

describe("works and licences on a 4-validator devnet", () => {
  it("registers a work with three co-creators, sells two licences, and every balance is exact on every node", async () => {
    const [creator, buyerCli, buyerSdk] = net.chain.funded as [Identity, Identity, Identity];
    const [keyCreator, keyBuyerCli] = net.chain.fundedKeys as [string, string];
    const [coA, coB] = [newIdentity(), newIdentity()];
    const file = join(tempDir("parley-works-"), "song.flac");
    writeFileSync(file, "a song, in some bytes " + Date.now());
    const rpc = (i: number) => ["--rpc", net.nodes[i]!.rpc];
    const start = await Promise.all([creator, buyerCli, buyerSdk].map((w) => balance(w)));

    // Registered through the CLI: shares 50/30/20 %, a perpetual personal licence at 1,001 base
    // units (0.001001 PAR: an uneven split) and a 50-block commercial one at 25,000 (0.025 PAR).
    const reg = await runCli([
      "work", "register", "--key", keyCreator, "--file", file,
      "--creator", `${creator.address}:5000`, "--creator", `${coA.address}:3000`, "--creator", `${coB.address}:2000`,
      "--offer", "0.001001:personal:perpetual", "--offer", "0.025:commercial:50b", ...rpc(1),
    ]);
    expect(reg.stderr).toBe("");
    expect(reg.stdout).toContain("anchored in the same tx");
    const workBytes = contentHash(new Uint8Array(readFileSync(file)));
    const workId = "0x" + toHex(workBytes);
    expect(reg.stdout).toContain(workId);

    // The same file again is refused before anything is signed (no fee taken: checked below).
    const sdk = new ChatClient(net.nodes[3]!.rpc);
    await expect(sdk.registerWork(buyerCli, new Uint8Array(readFileSync(file)), [{ address: buyerCli.publicKey, bps: 10_000 }])).rejects.toThrow(`already registered as a work by ${creator.address}`);

    // Licence 1 through the CLI (offer 0), licence 2 through the SDK on another node (offer 1).
    const lic1 = await runCli(["work", "license", "--key", keyBuyerCli, "--file", file, "--offer", "0", ...rpc(2)]);
    expect(lic1.stderr).toBe("");
    const info = await sdk.work(workId);
    expect(info?.offers.map((o) => [o.price, o.use, o.term])).toEqual([["1001", "personal", { clock: "perpetual" }], ["25000", "commercial", { clock: "blocks", length: 50 }]]);
    const lic2 = await sdk.workOp(buyerSdk, { op: "license", workId: workBytes, offer: 1, asset: null, price: 25_000n });

    const parts1 = splitByShares(1_001n, [5_000, 3_000, 2_000]);
    const parts2 = splitByShares(25_000n, [5_000, 3_000, 2_000]);
    expect(parts1).toEqual([501n, 300n, 200n]);
    const [regFee, buyFee1, buyFee2] = await Promise.all([feeOf(txIdIn(reg.stdout)), feeOf(txIdIn(lic1.stdout)), feeOf(lic2.id)]);
    const want = new Map<string, bigint>([
      [creator.address, start[0]! - regFee + parts1[0]! + parts2[0]!],
      [coA.address, parts1[1]! + parts2[1]!],
      [coB.address, parts1[2]! + parts2[2]!],
      [buyerCli.address, start[1]! - buyFee1 - 1_001n],
      [buyerSdk.address, start[2]! - buyFee2 - 25_000n],
    ]);
    expect([want.get(coA.address), want.get(coB.address)]).toEqual([7_800n, 5_200n]);
    const final = lic2.height!;
    for (let node = 0; node < 4; node++) {
      await waitFor(`node ${node} at the second sale`, async () => (await net.rpc(node).call<{ height: number }>("chain_getHead")).height >= final, 30_000);
      for (const [address, expected] of want) expect(await balance({ address }, node)).toBe(expected);
    }

    // Both licences recorded, in order, each with its holder, offer and term.
    const page = await sdk.workLicences(workId);
    expect(page.licenceCount).toBe(2);
    expect(page.licences.map((l) => [l.holder, l.offer, l.price, l.until === null, l.valid])).toEqual([[buyerCli.address, 0, "1001", true, true], [buyerSdk.address, 1, "25000", false, true]]);
    expect(page.licences[1]!.until).toBe(page.licences[1]!.fromHeight + 50);

    // `work verify FILE`: hashed here, every record proven under a header verified from genesis.
    const text = await runCli(["work", "verify", file, ...rpc(3), "--witness", net.nodes[1]!.rpc]);
    expect(text.stderr).toBe("");
    expect(text.stdout).toContain("verified under the state root of block");
    expect(text.stdout).toContain(`creators: ${creator.address} 50%, ${coA.address} 30%, ${coB.address} 20%`);
    expect(text.stdout).toContain("licences sold: 2");
    expect(text.stdout).toContain(`#0 ${buyerCli.address}: offer 0 (personal), paid 1001 native`);
    expect(text.stdout).toContain(`#1 ${buyerSdk.address}: offer 1 (commercial), paid 25000 native`);


    await expectSameChain(net);
  }, 180_000);
});
