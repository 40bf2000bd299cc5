// `parley rewards`: a reward pool paying --reward per post in a channel, at most --cap posts
// per member every --period blocks, until empty or --expires blocks from now.
import type { Argv } from "yargs";
import { rewardPool } from "../../client/action-bodies.js";
import { loadKey, parseAmount, run } from "../common.js";
import { actionsFor, idOpt, keyOpt, printCreated, rpcOpt, showAction, wholeArg } from "./action-common.js";

interface FundArgs {
  key: string;
  channel: string;
  reward: string;
  cap: number;
  period: number;
  fund: string;
  expires: number;
  rpc?: string;
}

export function rewardsCommand(y: Argv): Argv {
  return y.command("rewards", "Reward pools: pay members for posting in a channel", (r) =>
    r
      .command("fund", "Fund a pool for --channel; prints the id", (a) =>
        a.option("key", keyOpt).option("channel", { type: "string", demandOption: true, describe: "Channel id (64 hex digits)" })
          .option("reward", { type: "string", demandOption: true, describe: "Base units per rewarded post" })
          .option("cap", { type: "number", default: 1, describe: "Rewarded posts per member per period" })
          .option("period", { type: "number", default: 100, describe: "Blocks per period" })
          .option("fund", { type: "string", demandOption: true, describe: "Base units in the pool" })
          .option("expires", { type: "number", default: 1000, describe: "Blocks until the rest returns to you" })
          .option("rpc", rpcOpt),
        run(async (a: FundArgs) => {
          const actions = actionsFor(a.rpc);
          const expiryHeight = (await actions.height()) + wholeArg(a.expires, "expires");
          const body = rewardPool({ channel: a.channel, reward: parseAmount(a.reward, "reward"), capPerPeriod: wholeArg(a.cap, "cap"), periodBlocks: wholeArg(a.period, "period"), fund: parseAmount(a.fund, "fund"), expiryHeight });
          printCreated(`reward pool of ${a.fund}, ${a.reward} per post, until height ${expiryHeight}`, await actions.submit(await loadKey(a.key), "rewardPool", body));
        }))
      .command("show", "One pool: what is left and how many posts it paid", (a) => a.option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { id: string; rpc?: string }) => showAction(a.rpc, a.id, "rewardPool")))
      .demandCommand(1, "choose: fund or show"),
  );
}
