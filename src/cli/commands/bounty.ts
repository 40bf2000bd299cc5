// `parley bounty`: pay on reply. `offer` locks --amount for the first reply at the target
// (a post in --channel, or a direct message to you) before --deadline blocks, from --answerer
// or anyone; unanswered, it returns to you by itself.
import type { Argv } from "yargs";
import { bountyOffer, inAsset } from "../../client/action-bodies.js";
import { loadKey, run } from "../common.js";
import { addressArg } from "./chat.js";
import { actionsFor, assetOpt, checkCanLock, idOpt, keyOpt, moneyArg, moneyOf, moneyText, printCreated, rpcOpt, showAction, wholeArg } from "./action-common.js";

interface OfferArgs {
  key: string;
  amount: string;
  asset?: string;
  channel?: string;
  answerer?: string;
  deadline: number;
  rpc?: string;
}

export function bountyCommand(y: Argv): Argv {
  return y.command("bounty", "Pay on reply: tokens for the first answer, returned if none comes in time", (b) =>
    b
      .command("offer", "Offer --amount for a reply to you (or a post in --channel) within --deadline blocks; prints the id", (a) =>
        a.option("key", keyOpt).option("amount", { type: "string", demandOption: true, describe: "Decimal amount: 5 = five whole tokens, 0.25" })
          .option("asset", assetOpt)
          .option("channel", { type: "string", describe: "Pay the first post in this channel (you must be a member)" })
          .option("answerer", { type: "string", describe: "Only this address's reply counts (default: anyone but you)" })
          .option("deadline", { type: "number", demandOption: true, describe: "Blocks from now" })
          .option("rpc", rpcOpt),
        run(async (a: OfferArgs) => {
          const id = await loadKey(a.key);
          const actions = actionsFor(a.rpc);
          const deadlineHeight = (await actions.height()) + wholeArg(a.deadline, "deadline");
          const money = await moneyOf(actions, a.asset);
          const amount = moneyArg(a.amount, "amount", money);
          await checkCanLock(actions, money, id, amount);
          const body = inAsset(bountyOffer({
            amount, ...(a.channel !== undefined ? { channel: a.channel } : { replyTo: id.publicKey }),
            ...(a.answerer !== undefined ? { answerer: addressArg(a.answerer, "answerer address") } : {}), deadlineHeight,
          }), money.asset);
          printCreated(`bounty of ${moneyText(amount, money)} until height ${deadlineHeight}`, await actions.submit(id, "bounty", body));
        }))
      .command("show", "One bounty: open, paid (to whom) or refunded (with the reason: no answer in time, or the answerer frozen in the asset)", (a) => a.option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { id: string; rpc?: string }) => showAction(a.rpc, a.id, "bounty")))
      .demandCommand(1, "choose: offer or show"),
  );
}
