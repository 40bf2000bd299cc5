// Automatic actions in an asset on a 4-validator devnet of real node processes (issue 14): an
// issuer creates PTS and locks 12.50 PTS in a hash-time-locked escrow (through the CLI, the
// amount typed in PTS) that the payee gets with the preimage; meanwhile a holder sends a red
// packet of 9 PTS in 3 shares to a channel (CLI), two members claim (one through the CLI) and
// the unclaimed share returns at expiry. Every holding is then exact to the base unit on all
// four nodes, the asset's supply is unchanged and all of it is held, and a lock beyond the
// holding is refused before anything is signed.
import { sha256 } from "@noble/hashes/sha2.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetIdOf } from "../../src/chain/assets/records.js";
import { escrowClaim, redPacketClaim } from "../../src/client/action-bodies.js";
import { ActionsClient, type ActionJson } from "../../src/client/actions.js";
import { ChatClient } from "../../src/client/chat.js";
import { newIdentity, type Identity } from "../../src/client/keys.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { fromHex, toHex, utf8 } from "../../src/util/bytes.js";
import { cleanup, runCli } from "./harness.js";
import { expectSameChain, startNet, waitHeight, type TestNet } from "./network-harness.js";

let net: TestNet;

beforeAll(async () => {
  // Idle blocks every 250 ms keep the height clock moving toward the packet's expiry.
  net = await startNet(4, { heartbeatMs: 250 }, 4);
}, 60_000);
afterAll(cleanup);

const held = async (who: { address: string }, asset: string, node: number): Promise<bigint> =>
  BigInt((await net.rpc(node).call<{ balance: string }>("asset_balance", { address: who.address, assetId: asset })).balance);
const idIn = (stdout: string): string => /id:\s+(0x[0-9a-f]{64})/.exec(stdout)![1]!;

describe("automatic actions in an asset on a devnet", () => {
  it("an escrow and a red packet in PTS settle in PTS, exact on all four nodes, the supply unchanged", async () => {
    const [issuer, m1, m2, sender] = net.chain.funded as [Identity, Identity, Identity, Identity];
    const [keyIssuer, key1, , keySender] = net.chain.fundedKeys as [string, string, string, string];
    const payee = newIdentity();
    const rpc = (i: number) => ["--rpc", net.nodes[i]!.rpc];
    const sdk = new ParleyClient(net.nodes[0]!.rpc);

    // PTS: 1000.00 (100,000 base units) to the issuer, who gives the packet's sender 100.00.
    const made = await sdk.submit(issuer, "asset", { op: "create", symbol: "PTS", name: "Tea shop points", decimals: 2, initial: 100_000n, maxSupply: null, metaHash: null, flags: 3 });
    const pts = assetIdOf(issuer.publicKey, fromHex(made.id)!);
    const asset = "0x" + toHex(pts);
    await sdk.submit(issuer, "asset", { op: "transfer", asset: pts, to: sender.publicKey, amount: 10_000n });

    const escrow = async (): Promise<void> => {
      const secret = utf8("tea for two");
      const args = (amount: string) => ["escrow", "create", "--key", keyIssuer, "--to", payee.address, "--amount", amount, "--asset", asset, "--hashlock", toHex(sha256(secret)), "--timeout", "400", ...rpc(1)];
      // More than the issuer holds: refused here, nothing signed (the nonce does not move).
      const nonce = async () => (await net.rpc(0).call<{ nonce: number }>("account_get", [issuer.address])).nonce;
      const before = await nonce();
      const tooMuch = await runCli(args("900.01"));
      expect(tooMuch.stderr).toMatch(/you hold 900 PTS, the action locks 900.01 PTS \(ASSET_INSUFFICIENT\)/);
      expect(await nonce()).toBe(before);
      // 12.5 PTS = 1,250 base units, released to the payee with the preimage.
      const locked = await runCli(args("12.5"));
      expect(locked.stderr).toBe("");
      expect(locked.stdout).toContain("locked 12.5 PTS");
      const id = idIn(locked.stdout);
      const c = new ActionsClient(net.nodes[2]!.rpc);
      expect(await c.require(id)).toMatchObject({ status: "open", locked: "1250", formatted: { locked: "12.5 PTS" }, asset: { assetId: asset, symbol: "PTS", decimals: 2 } });
      // Anyone may claim with the preimage: the issuer does (the payee holds no native token for a fee).
      await c.submit(issuer, "escrow", escrowClaim(id, secret));
      expect(await c.require(id)).toMatchObject({ status: "released", locked: "0", formatted: { amount: "12.5 PTS", locked: "0 PTS" } });
    };

    const packet = async (): Promise<void> => {
      // 9 PTS in 3 equal shares (300 base units each) to a channel of m1 and m2.
      const channel = await new ChatClient(net.nodes[3]!.rpc).createChannel(sender, "tea room", [m1, m2].map((m) => m.address));
      const sent = await runCli(["redpacket", "send", "--key", keySender, "--channel", channel.channelId, "--total", "9", "--shares", "3", "--asset", asset, "--expires", "40", ...rpc(3)]);
      expect(sent.stderr).toBe("");
      expect(sent.stdout).toContain("red packet of 9 PTS in 3 share(s)");
      const id = idIn(sent.stdout);
      const c = new ActionsClient(net.nodes[0]!.rpc);
      const [viaCli] = await Promise.all([
        runCli(["redpacket", "claim", "--key", key1, "--id", id, ...rpc(0)]),
        c.submit(m2, "redPacket", redPacketClaim(id)),
      ]);
      expect(viaCli.stdout).toMatch(/^claimed 3 PTS: tx/);
      const expired = await c.waitFor(id, (a: ActionJson) => a.status === "expired", 40_000);
      expect(expired).toMatchObject({ remaining: "0", locked: "0", asset: { assetId: asset, symbol: "PTS", issuer: issuer.address } });
    };

    await Promise.all([escrow(), packet()]);

    // Every node, past the last block that moved anything, holds the same PTS to the base unit.
    const last = Math.max(...(await net.heads()).map((h) => h.height));
    await waitHeight(net, [0, 1, 2, 3], last);
    const want: Array<[{ address: string }, bigint]> = [
      [issuer, 100_000n - 10_000n - 1_250n], [payee, 1_250n], [sender, 10_000n - 900n + 300n], [m1, 300n], [m2, 300n],
    ];
    for (const node of [0, 1, 2, 3]) {
      for (const [who, n] of want) expect(await held(who, asset, node), `${who.address} on node ${node}`).toBe(n);
      // Supply conserved: nothing minted or burnt, and with every action closed all of it is held.
      expect(BigInt((await net.rpc(node).call<{ supply: string }>("asset_get", [asset])).supply)).toBe(100_000n);
    }
    expect(want.reduce((sum, [, n]) => sum + n, 0n)).toBe(100_000n);
    expect(await expectSameChain(net)).toBeGreaterThanOrEqual(last);
  }, 90_000);
});
