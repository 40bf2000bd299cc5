// Automatic actions on a 4-validator devnet of real node processes (100 ms blocks): a
// recurring payment pays three times with no further tx, one escrow releases on a revealed
// preimage (through the CLI) and another refunds at its timeout, a red packet of 5 shares
// claimed by 3 members returns 2 at expiry, pay-on-reply pays once the reply is final, a 2-of-3
// shared account pays after the second approval, and every node agrees on every balance.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { ActionsClient, verifyActionProof, type ActionJson } from "../../src/client/actions.js";
import {
  bountyOffer, hashTimeLock, recurringPayment, redPacket, redPacketClaim, sharedApprove, sharedCreate, sharedPropose,
} from "../../src/client/action-bodies.js";
import { ChatClient } from "../../src/client/chat.js";
import { newIdentity, type Identity } from "../../src/client/keys.js";
import { fromHex, toHex, utf8 } from "../../src/util/bytes.js";
import { cleanup, runCli, waitFor } from "./harness.js";
import { expectSameChain, startNet, waitHeight, type TestNet } from "./network-harness.js";

let net: TestNet;
const GENESIS_BALANCE = 1_000_000_000n;

beforeAll(async () => {
  // Idle blocks every 250 ms keep the height clock moving while nobody sends a tx.
  net = await startNet(4, { heartbeatMs: 250 }, 12);
}, 60_000);
afterAll(cleanup);

const actions = (i: number) => new ActionsClient(net.nodes[i % 4]!.rpc);
const status = (want: string) => (a: ActionJson) => a.status === want;

async function balance(who: Identity | { address: string }, node = 0): Promise<bigint> {
  // A tx confirmed by another node can be one block ahead of this one (each commits on its own
  // time): read once this node has every block some node had when asked.
  const tops = await Promise.all(net.nodes.map((_, i) => net.rpc(i).call<{ height: number }>("chain_getHead")));
  const top = Math.max(...tops.map((t) => t.height));
  await waitFor(`node ${node} at height ${top}`, async () => (await net.rpc(node).call<{ height: number }>("chain_getHead")).height >= top, 20_000);
  return BigInt((await net.rpc(node).call<{ balance: string }>("account_get", [who.address])).balance);
}

/** What the txs cost their sender in fees, read back from the chain. */
async function fees(ids: string[]): Promise<bigint> {
  let sum = 0n;
  for (const id of ids) sum += BigInt((await net.rpc(0).call<{ tx: { fee: string } }>("tx_get", [id])).tx.fee);
  return sum;
}

describe("automatic actions on a 4-validator devnet", () => {
  it("run end to end and every node agrees on every balance", async () => {
    const f = net.chain.funded;
    const passive = [newIdentity(), newIdentity(), newIdentity()];

    const accountTxs = async (who: Identity): Promise<string[]> =>
      (await net.rpc(0).call<{ txs: Array<{ id: string; from: string }> }>("account_history", [who.address])).txs.filter((t) => t.from === who.address).map((t) => t.id);

    const recurring = async () => {
      // f0 pays p0 three times, 3 blocks apart; a subscriber to p0 (the SDK's watch, as the app
      // uses it) hears each run.
      const seen: Array<{ status: string; done: number; height: number; time: number }> = [];
      const errors: unknown[] = [];
      const watcher = await actions(1).watch(passive[0]!.address, (e) => seen.push(e as unknown as { status: string; done: number; height: number; time: number }), { onError: (e) => errors.push(e) });
      try {
        const c = actions(0);
        // Margin for the tx to be final before its first run: other flows make blocks fast.
        const start = (await c.height()) + 15;
        const sent = await c.submit(f[0]!, "scheduledPayment", recurringPayment({ to: passive[0]!.address, amount: 7_000n, start, every: 3, times: 3 }));
        const done = await c.waitFor(sent.id, status("finished"), 30_000);
        expect(done).toMatchObject({ done: 3, runs: 3, locked: "0" });
        expect(await balance(passive[0]!)).toBe(21_000n);
        await waitFor("the last run's notification", async () => seen.some((e) => e.status === "finished" && e.done === 3), 10_000);
        // One notification per block that changed it: the creation, then each run in its own block.
        expect(seen.map((e) => e.done)).toEqual([0, 1, 2, 3]);
        // Each with the height and time of the block that changed it.
        expect(seen.every((e, i) => Number.isSafeInteger(e.time) && (i === 0 || e.height > seen[i - 1]!.height))).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        watcher.close();
      }
    };

    const escrows = async () => {
      // Through the CLI: f1 locks 5,000 for p1 with a hash lock; f1 then reveals the preimage.
      const secret = utf8("correct horse battery staple");
      const hashlock = toHex(sha256(secret));
      const rpc = ["--rpc", net.nodes[2]!.rpc];
      // Bad input is refused with the field named, before anything is signed.
      const badLock = await runCli(["escrow", "create", "--key", net.chain.fundedKeys[1]!, "--to", passive[1]!.address, "--amount", "5", "--hashlock", "abc", "--timeout", "4", ...rpc]);
      expect(badLock.code).toBe(1);
      expect(badLock.stderr).toMatch(/hashlock: expected 32 bytes/);
      const noEvery = await runCli(["pay", "schedule", "--key", net.chain.fundedKeys[1]!, "--to", passive[1]!.address, "--amount", "5", "--times", "3", ...rpc]);
      expect(noEvery.stderr).toMatch(/needs --every/);
      const created = await runCli(["escrow", "create", "--key", net.chain.fundedKeys[1]!, "--to", passive[1]!.address, "--amount", "0.005", "--hashlock", hashlock, "--timeout", "400", ...rpc]);
      expect(created.stderr).toBe("");
      const id = /id:\s+(0x[0-9a-f]{64})/.exec(created.stdout)![1]!;
      const badClaim = await runCli(["escrow", "claim", "--key", net.chain.fundedKeys[1]!, "--id", id, "--preimage", "0x" + toHex(utf8("wrong")), ...rpc]);
      expect(badClaim.code).toBe(1);
      expect(badClaim.stderr).toMatch(/ACTION_CONDITION_NOT_MET/);
      const claim = await runCli(["escrow", "claim", "--key", net.chain.fundedKeys[1]!, "--id", id, "--preimage", "0x" + toHex(secret), ...rpc]);
      expect(claim.stderr).toBe("");
      expect(claim.stdout).toMatch(/^released: tx 0x[0-9a-f]{64} final at height \d+/);
      expect(await balance(passive[1]!)).toBe(5_000n);
      // A second lock that nobody claims returns to f1 at its timeout, by itself.
      const c = actions(2);
      const timeoutHeight = (await c.height()) + 6;
      const refundable = await c.submit(f[1]!, "escrow", hashTimeLock({ to: passive[1]!.address, refundTo: f[1]!.address, amount: 9_000n, hashlock, timeoutHeight }));
      expect(await c.waitFor(refundable.id, status("refunded"), 30_000)).toMatchObject({ settledHeight: timeoutHeight, locked: "0" });
      const show = await runCli(["escrow", "show", "--id", refundable.id, ...rpc]);
      expect(show.stdout).toMatch(/status\s+refunded/);
      // Its outcome is provable: the record under the stateRoot of the head the node answered at.
      const proven = (await c.get(refundable.id, { proof: true }))!;
      const header = await net.rpc(0).call<{ stateRoot: string }>("chain_getBlock", [proven.proof!.height, "none"]);
      expect(verifyActionProof(proven, fromHex(header.stateRoot)!)).toMatchObject({ kind: "escrow", status: "refunded" });
    };

    const packet = async () => {
      // f2's channel with f3..f6; 5 equal shares of 100; f3, f4, f5 claim; 2 return at expiry.
      const chat = new ChatClient(net.nodes[3]!.rpc);
      const channel = await chat.createChannel(f[2]!, "red packets", [f[3]!, f[4]!, f[5]!, f[6]!].map((m) => m.address));
      const c = actions(3);
      const expiryHeight = (await c.height()) + 15;
      const sent = await c.submit(f[2]!, "redPacket", redPacket({ channel: channel.channelId, total: 500n, shares: 5, random: false, expiryHeight }));
      for (const who of [f[3]!, f[4]!, f[5]!]) await c.submit(who, "redPacket", redPacketClaim(sent.id));
      const claimed = await c.require(sent.id);
      expect((claimed["claims"] as unknown[]).length).toBe(3);
      // The packet shows in the channel, as an offer.
      const page = await chat.readChannel(f[3]!, channel.channelId);
      expect(page.entries.find((e) => e.id === sent.id)).toMatchObject({ kind: "redPacket", offer: { action: "redPacket", amount: 500n, shares: 5 } });
      const expired = await c.waitFor(sent.id, status("expired"), 30_000);
      expect(expired).toMatchObject({ remaining: "0" });
      const f2Txs = [channel.id, sent.id];
      expect(await balance(f[2]!)).toBe(GENESIS_BALANCE - (await fees(f2Txs)) - 300n);
      for (const who of [f[3]!, f[4]!, f[5]!]) expect(await balance(who) - GENESIS_BALANCE + (await fees([(await accountTxs(who))[0]!]))).toBe(100n);
    };

    const payOnReply = async () => {
      // f7 offers 3,000 for f8's reply; the reply is final in a later block, then f8 is paid.
      const c = actions(1);
      const deadlineHeight = (await c.height()) + 200;
      const offer = await c.submit(f[7]!, "bounty", bountyOffer({ amount: 3_000n, replyTo: f[7]!.address, answerer: f[8]!.address, deadlineHeight }));
      expect(await c.require(offer.id)).toMatchObject({ status: "open", locked: "3000" });
      const reply = await new ChatClient(net.nodes[1]!.rpc).sendMessage(f[8]!, f[7]!.address, "here is my answer");
      const paid = await c.waitFor(offer.id, status("paid"), 30_000);
      expect(paid).toMatchObject({ paidTo: f[8]!.address });
      expect(paid["settledHeight"]).toBe(reply.height);
      expect(await balance(f[8]!)).toBe(GENESIS_BALANCE - (await fees([reply.id])) + 3_000n);
    };

    const shared = async () => {
      // f9, f10, f11 hold 10,000 at 2 of 3; f9 proposes 4,000 to p2; f10's approval pays it.
      const c = actions(2);
      const account = await c.submit(f[9]!, "sharedAccount", sharedCreate({ members: [f[9]!.address, f[10]!.address, f[11]!.address], threshold: 2, deposit: 10_000n }));
      const expiryHeight = (await c.height()) + 500;
      await c.submit(f[9]!, "sharedAccount", sharedPropose({ id: account.id, to: passive[2]!.address, amount: 4_000n, expiryHeight }));
      expect(await balance(passive[2]!)).toBe(0n);
      await c.submit(f[10]!, "sharedAccount", sharedApprove(account.id, 0));
      expect(await balance(passive[2]!)).toBe(4_000n);
      expect(await c.require(account.id)).toMatchObject({ balance: "6000", proposals: [] });
    };

    await Promise.all([recurring(), escrows(), packet(), payOnReply(), shared()]);

    // Every node, once past the last action's block, holds the same balance for every account
    // (the idle blocks that follow move no balance), on one chain.
    const last = Math.max(...(await net.heads()).map((h) => h.height));
    await waitHeight(net, [0, 1, 2, 3], last);
    const everyone = [...f, ...passive, ...net.chain.validators].map((w) => w.address);
    for (const addr of everyone) {
      const seen = await Promise.all([0, 1, 2, 3].map((i) => net.rpc(i).call<{ balance: string }>("account_get", [addr])));
      expect(new Set(seen.map((s) => s.balance)).size, `balance of ${addr} on the 4 nodes: ${seen.map((s) => s.balance).join(", ")}`).toBe(1);
    }
    expect(await expectSameChain(net)).toBeGreaterThanOrEqual(last);
  }, 90_000);
});
