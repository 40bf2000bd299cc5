// `parley rewards`: a reward pool paying --reward per post in a channel, at most --cap posts
// per member every --period blocks, until empty or --expires blocks from now.
import type { Argv } from "yargs";
import { inAsset, rewardPool } from "../../client/action-bodies.js";
import { loadKey, run } from "../common.js";
import { actionsFor, assetOpt, checkCanLock, idOpt, keyOpt, moneyArg, moneyOf, moneyText, printCreated, rpcOpt, showAction, wholeArg } from "./action-common.js";

interface FundArgs {
  key: string;
  channel: string;
  reward: string;
  cap: number;
  period: number;
  fund: string;
  asset?: string;
  expires: number;
  rpc?: string;
}

export function rewardsCommand(y: Argv): Argv {
  return y.command("rewards", "Reward pools: pay members for posting in a channel", (r) =>
    r
      .command("fund", "Fund a pool for --channel; prints the id", (a) =>
        a.option("key", keyOpt).option("channel", { type: "string", demandOption: true, describe: "Channel id (64 hex digits)" })
          .option("reward", { type: "string", demandOption: true, describe: "Decimal amount per rewarded post (5 = five whole tokens)" })
          .option("cap", { type: "number", default: 1, describe: "Rewarded posts per member per period" })
          .option("period", { type: "number", default: 100, describe: "Blocks per period" })
          .option("fund", { type: "string", demandOption: true, describe: "Decimal amount in the pool" })
          .option("asset", { ...assetOpt, describe: "Reward in this asset (its id; points too, if you are their admin) instead of the native token" })
          .option("expires", { type: "number", default: 1000, describe: "Blocks until the rest returns to you" })
          .option("rpc", rpcOpt),
        run(async (a: FundArgs) => {
          const actions = actionsFor(a.rpc);
          const expiryHeight = (await actions.height()) + wholeArg(a.expires, "expires");
          const me = await loadKey(a.key);
          const money = await moneyOf(actions, a.asset);
          const [reward, fund] = [moneyArg(a.reward, "reward", money), moneyArg(a.fund, "fund", money)];
          await checkCanLock(actions, money, me, fund);
          const body = inAsset(rewardPool({ channel: a.channel, reward, capPerPeriod: wholeArg(a.cap, "cap"), periodBlocks: wholeArg(a.period, "period"), fund, expiryHeight }), money.asset);
          printCreated(`reward pool of ${moneyText(fund, money)}, ${moneyText(reward, money)} per post, until height ${expiryHeight}`, await actions.submit(me, "rewardPool", body));
        }))
      .command("show", "One pool: what is left and how many posts it paid", (a) => a.option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { id: string; rpc?: string }) => showAction(a.rpc, a.id, "rewardPool")))
      .demandCommand(1, "choose: fund or show"),
  );
}
