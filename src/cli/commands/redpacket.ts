// `parley redpacket`: a red packet in a channel (each member claims one share) or for one
// recipient; whatever is unclaimed at expiry returns to the sender by itself.
import type { Argv } from "yargs";
import { inAsset, redPacket, redPacketClaim } from "../../client/action-bodies.js";
import { loadKey, run } from "../common.js";
import { addressArg } from "./chat.js";
import { actionsFor, assetOpt, checkCanLock, idOpt, keyOpt, moneyArg, moneyOf, moneyOfRecord, moneyText, printCreated, printFinal, rpcOpt, showAction, wholeArg } from "./action-common.js";

interface SendArgs {
  key: string;
  channel?: string;
  to?: string;
  total: string;
  asset?: string;
  shares: number;
  random: boolean;
  expires: number;
  rpc?: string;
}

export function redpacketCommand(y: Argv): Argv {
  return y.command("redpacket", "Red packets: tokens for the members of a channel (or one friend) to claim", (r) =>
    r
      .command("send", "Send --total in --shares to --channel (or --to one address); prints the id", (a) =>
        a.option("key", keyOpt).option("channel", { type: "string", describe: "Channel id (64 hex digits)" })
          .option("to", { type: "string", describe: "Or one recipient address (then one share)" })
          .option("total", { type: "string", demandOption: true, describe: "Decimal amount in all: 5 = five whole tokens, 0.25" })
          .option("asset", assetOpt)
          .option("shares", { type: "number", default: 1, describe: "Claims it pays (1..256)" })
          .option("random", { type: "boolean", default: false, describe: "Random shares (each at least 1) instead of equal ones" })
          .option("expires", { type: "number", default: 100, describe: "Blocks until the rest returns to you" })
          .option("rpc", rpcOpt),
        run(async (a: SendArgs) => {
          const id = await loadKey(a.key);
          const actions = actionsFor(a.rpc);
          const expiryHeight = (await actions.height()) + wholeArg(a.expires, "expires");
          const money = await moneyOf(actions, a.asset);
          const total = moneyArg(a.total, "total", money);
          await checkCanLock(actions, money, id, total);
          const body = inAsset(redPacket({
            ...(a.channel !== undefined ? { channel: a.channel } : {}), ...(a.to !== undefined ? { to: addressArg(a.to, "recipient address") } : {}),
            total, shares: wholeArg(a.shares, "shares"), random: a.random, expiryHeight,
          }), money.asset);
          printCreated(`red packet of ${moneyText(total, money)} in ${body.op === "send" ? body.shares : 1} share(s), open until height ${expiryHeight}`, await actions.submit(id, "redPacket", body));
        }))
      .command("claim", "Claim your share", (a) => a.option("key", keyOpt).option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; rpc?: string }) => {
          const me = await loadKey(a.key);
          const actions = actionsFor(a.rpc);
          const sent = await actions.submit(me, "redPacket", redPacketClaim(a.id));
          const rec = await actions.require(a.id);
          const mine = (rec["claims"] as Array<{ claimer: string; amount: string }>).find((c) => c.claimer === me.address);
          printFinal(`claimed ${mine ? moneyText(mine.amount, moneyOfRecord(rec)) : "?"}`, sent);
        }))
      .command("show", "One red packet: its claims and what is left", (a) => a.option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { id: string; rpc?: string }) => showAction(a.rpc, a.id, "redPacket")))
      .demandCommand(1, "choose: send, claim or show"),
  );
}
