// subscribe_assets over WebSocket reports what automatic actions move in an asset (issue 14): a
// red packet in PTS locks 9 PTS at creation, pays a claim and refunds the rest at expiry; a
// bounty in PTS whose answerer is frozen in PTS returns to its owner, and the event says whom
// it was for and why, and so does a pay-on-reply escrow to that holder, whose record then says
// "returned" for it. Each event names the action and what happened, reaches subscribers of the
// asset and of the addresses it moves between, and every holding checks to the base unit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetIdOf } from "../../src/chain/assets/records.js";
import { bountyOffer, inAsset, redPacket, redPacketClaim, replyEscrow } from "../../src/client/action-bodies.js";
import { ActionsClient } from "../../src/client/actions.js";
import { ChatClient } from "../../src/client/chat.js";
import type { Identity } from "../../src/client/keys.js";
import { WsRpcClient } from "../../src/client/rpc-client.js";
import type { ParleyNode } from "../../src/node/node.js";
import { fromHex, toHex } from "../../src/util/bytes.js";
import { cleanup, devChain, startInProcess, waitFor, type DevChain } from "./harness.js";

interface MoveEvent {
  type: "actionMove";
  what: string;
  action: string;
  actionKind: string;
  assetId: string;
  symbol: string;
  issuer: string;
  from: string | null;
  to: string | null;
  payee?: string;
  reason?: string;
  amount: string;
  formatted: string;
  index: number | null;
  txId: string | null;
}
type AssetEvent = MoveEvent | { type?: undefined; id: string; kind: string; body: { op: string } };

let chain: DevChain;
let node: ParleyNode;
let ws: WsRpcClient;

beforeAll(async () => {
  // Idle blocks every 100 ms move the height clock to the packet's expiry.
  chain = devChain({ funded: 4, params: { heartbeatMs: 100 } });
  node = await startInProcess(chain);
  ws = await WsRpcClient.connect(node.wsUrl);
}, 30_000);

afterAll(async () => {
  ws?.close();
  await cleanup();
});

const moves = (events: AssetEvent[]): MoveEvent[] => events.filter((e): e is MoveEvent => e.type === "actionMove");

describe("subscribe_assets reports what automatic actions move", () => {
  it("a red packet's lock, payout and refund, and a bounty's payout returned from a frozen answerer, with the action and the reason", async () => {
    const [issuer, sender, claimer, frozen] = chain.funded as [Identity, Identity, Identity, Identity];
    const actions = new ActionsClient(node.rpcUrl);
    const sdk = actions.client;
    const made = await sdk.submit(issuer, "asset", { op: "create", symbol: "PTS", name: "Tea shop points", decimals: 2, initial: 100_000n, maxSupply: null, metaHash: null, flags: 0x0f });
    const pts = assetIdOf(issuer.publicKey, fromHex(made.id)!);
    const asset = "0x" + toHex(pts);

    const byAsset: AssetEvent[] = [], byClaimer: AssetEvent[] = [], byFrozen: AssetEvent[] = [];
    await ws.subscribe("assets", [asset], (e) => byAsset.push(e as AssetEvent));
    await ws.subscribe("assets", [claimer.address], (e) => byClaimer.push(e as AssetEvent));
    await ws.subscribe("assets", [frozen.address], (e) => byFrozen.push(e as AssetEvent));

    await sdk.submit(issuer, "asset", { op: "transfer", asset: pts, to: sender.publicKey, amount: 10_000n });
    const height = async () => (await sdk.rpc.call<{ height: number }>("chain_getHead", [])).height;

    // 9 PTS in two shares to a channel: the claimer's claim takes 4.50, the rest returns at expiry.
    const room = await new ChatClient(node.rpcUrl).createChannel(sender, "tea room", [claimer.address]);
    const packet = await actions.submit(sender, "redPacket", inAsset(redPacket({ channel: room.channelId, total: 900n, shares: 2, random: false, expiryHeight: (await height()) + 60 }), pts));
    const claim = await actions.submit(claimer, "redPacket", redPacketClaim(packet.id));
    // A bounty of 1 PTS for the frozen holder's reply: the answer comes, the payout cannot land.
    const bounty = await actions.submit(sender, "bounty", inAsset(bountyOffer({ amount: 100n, replyTo: sender.address, answerer: frozen.address, deadlineHeight: (await height()) + 500 }), pts));
    // And 0.5 PTS in escrow, released by itself by the same reply: it too cannot land.
    const escrow = await actions.submit(sender, "escrow", inAsset(replyEscrow({ to: frozen.address, refundTo: sender.address, amount: 50n, timeoutHeight: (await height()) + 500 }), pts));
    await sdk.submit(issuer, "asset", { op: "freeze", asset: pts, holder: frozen.publicKey });
    await new ChatClient(node.rpcUrl).sendMessage(frozen, sender.address, "here is my answer");

    await waitFor("the packet's refund and the bounty's and escrow's returns", async () => moves(byAsset).length >= 7, 20_000);
    const escrowMoves = moves(byAsset).filter((m) => m.actionKind === "escrow");
    expect(escrowMoves.map((m) => [m.what, m.from, m.to, m.payee ?? null, m.amount])).toEqual([
      ["lock", sender.address, null, null, "50"],
      ["returned", null, sender.address, frozen.address, "50"],
    ]);
    const got = moves(byAsset).filter((m) => m.actionKind !== "escrow");
    expect(got.map((m) => [m.actionKind, m.what, m.from, m.to, m.amount])).toEqual([
      ["redPacket", "lock", sender.address, null, "900"],
      ["redPacket", "payout", null, claimer.address, "450"],
      ["bounty", "lock", sender.address, null, "100"],
      ["bounty", "returned", null, sender.address, "100"],
      ["redPacket", "refund", null, sender.address, "450"],
    ]);
    // Which action, moved by which tx (a creation, a claim) or by the block hook (null).
    expect(got.map((m) => [m.action, m.txId])).toEqual([[packet.id, packet.id], [packet.id, claim.id], [bounty.id, bounty.id], [bounty.id, null], [packet.id, null]]);
    expect(got.every((m) => m.assetId === asset && m.symbol === "PTS" && m.issuer === issuer.address)).toBe(true);
    expect(got[1]).toMatchObject({ formatted: "4.5", index: 0 });
    expect(got[3]).toMatchObject({ payee: frozen.address, reason: "PAYEE_FROZEN", index: null });
    // Asset txs still arrive as before, in block order with the moves.
    expect(byAsset.filter((e) => e.type === undefined).map((e) => e.body.op)).toEqual(["transfer", "freeze"]);

    // By address: the claimer sees its payout; the frozen holder its freeze and the payout returned.
    await waitFor("the frozen holder's events", async () => byFrozen.length >= 3, 10_000);
    expect(moves(byClaimer).map((m) => [m.what, m.amount])).toEqual([["payout", "450"]]);
    expect(byFrozen.map((e) => (e.type === "actionMove" ? `${e.actionKind} ${e.what}` : e.body.op)).sort()).toEqual(["bounty returned", "escrow returned", "freeze"]);

    // Every holding to the base unit, and the bounty's record says it was refunded, and why.
    const held = async (who: Identity) => BigInt((await sdk.rpc.call<{ balance: string }>("asset_balance", [who.address, asset])).balance);
    expect([await held(sender), await held(claimer), await held(frozen), await held(issuer)]).toEqual([10_000n - 900n + 450n - 100n + 100n - 50n + 50n, 450n, 0n, 90_000n]);
    expect(await actions.require(bounty.id)).toMatchObject({ status: "refunded", paidTo: null, answeredBy: frozen.address, refundedTo: sender.address, refundReason: "ANSWERER_FROZEN" });
    expect(await actions.require(escrow.id)).toMatchObject({ status: "returned", settledSide: "release", paidTo: sender.address, returnedFor: frozen.address, returnReason: "PAYEE_FROZEN", locked: "0" });
  }, 60_000);
});
