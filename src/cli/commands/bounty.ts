// `parley bounty`: pay on reply. `offer` locks --amount for the first reply at the target
// (a post in --channel, or a direct message to you) before --deadline blocks, from --answerer
// or anyone; unanswered, it returns to you by itself.
import type { Argv } from "yargs";
import { bountyOffer } from "../../client/action-bodies.js";
import { loadKey, parseAmount, run } from "../common.js";
import { addressArg } from "./chat.js";
import { actionsFor, idOpt, keyOpt, printCreated, rpcOpt, showAction, wholeArg } from "./action-common.js";

interface OfferArgs {
  key: string;
  amount: string;
  channel?: string;
  answerer?: string;
  deadline: number;
  rpc?: string;
}

export function bountyCommand(y: Argv): Argv {
  return y.command("bounty", "Pay on reply: tokens for the first answer, returned if none comes in time", (b) =>
    b
      .command("offer", "Offer --amount for a reply to you (or a post in --channel) within --deadline blocks; prints the id", (a) =>
        a.option("key", keyOpt).option("amount", { type: "string", demandOption: true })
          .option("channel", { type: "string", describe: "Pay the first post in this channel (you must be a member)" })
          .option("answerer", { type: "string", describe: "Only this address's reply counts (default: anyone but you)" })
          .option("deadline", { type: "number", demandOption: true, describe: "Blocks from now" })
          .option("rpc", rpcOpt),
        run(async (a: OfferArgs) => {
          const id = await loadKey(a.key);
          const actions = actionsFor(a.rpc);
          const deadlineHeight = (await actions.height()) + wholeArg(a.deadline, "deadline");
          const body = bountyOffer({
            amount: parseAmount(a.amount), ...(a.channel !== undefined ? { channel: a.channel } : { replyTo: id.publicKey }),
            ...(a.answerer !== undefined ? { answerer: addressArg(a.answerer, "answerer address") } : {}), deadlineHeight,
          });
          printCreated(`bounty of ${a.amount} until height ${deadlineHeight}`, await actions.submit(id, "bounty", body));
        }))
      .command("show", "One bounty: open, paid (to whom) or refunded", (a) => a.option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { id: string; rpc?: string }) => showAction(a.rpc, a.id, "bounty")))
      .demandCommand(1, "choose: offer or show"),
  );
}
