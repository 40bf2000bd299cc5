// `parley pay`: scheduled and recurring payments that run with no further tx (docs/ACTIONS.md
// 2.2). `schedule` locks amount * times at once; `cancel` returns what is left.
import type { Argv } from "yargs";
import { formatAddress } from "../../chain/address.js";
import { cancelPayment, inAsset, recurringPayment } from "../../client/action-bodies.js";
import { cliError, emit, loadKey, run } from "../common.js";
import { addressArg } from "./chat.js";
import { actionsFor, assetOpt, checkCanLock, idOpt, keyOpt, moneyArg, moneyOf, moneyText, printCreated, shownAmount, printFinal, rpcOpt, showAction, wholeArg } from "./action-common.js";

interface ScheduleArgs {
  key: string;
  to: string;
  amount: string;
  asset?: string;
  every?: number;
  times: number;
  at?: number;
  rpc?: string;
}

export function payCommand(y: Argv): Argv {
  return y.command("pay", "Scheduled and recurring payments, run by the chain with no further tx", (p) =>
    p
      .command("schedule", "Pay --amount to --to, --times times every --every blocks (first at --at, else in --every blocks); prints the id", (a) =>
        a.option("key", keyOpt).option("to", { type: "string", demandOption: true, describe: "Recipient address" })
          .option("amount", { type: "string", demandOption: true, describe: "Decimal amount per payment: 5 = five whole tokens, 0.25" })
          .option("asset", assetOpt)
          .option("every", { type: "number", describe: "Blocks between payments" })
          .option("times", { type: "number", default: 1, describe: "Number of payments (amount * times is locked now)" })
          .option("at", { type: "number", describe: "Height of the first payment (default: head + --every)" })
          .option("rpc", rpcOpt),
        run(async (a: ScheduleArgs) => {
          const id = await loadKey(a.key);
          const times = wholeArg(a.times, "times");
          if (times > 1 && a.every === undefined) throw cliError("a series of payments needs --every N (blocks between them)");
          if (a.every === undefined && a.at === undefined) throw cliError("give --at HEIGHT or --every N");
          const every = a.every === undefined ? 0 : wholeArg(a.every, "every");
          const actions = actionsFor(a.rpc);
          const head = await actions.height();
          const start = a.at === undefined ? head + every : wholeArg(a.at, "at");
          if (start <= head) throw cliError(`--at ${start} is not above the head (${head}): the first payment would run at once`);
          const money = await moneyOf(actions, a.asset);
          const amount = moneyArg(a.amount, "amount", money);
          await checkCanLock(actions, money, id, amount * BigInt(times));
          const body = inAsset(recurringPayment({ to: addressArg(a.to, "recipient address"), amount, start, every, times }), money.asset);
          const sent = await actions.submit(id, "scheduledPayment", body);
          printCreated(`scheduled ${times} payment(s) of ${moneyText(amount, money)}, first at height ${start}${times > 1 ? `, every ${every} blocks` : ""}`, sent);
        }))
      .command("cancel", "Cancel a schedule you created; what is left returns to you", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; rpc?: string }) => {
          printFinal("cancelled", await actionsFor(a.rpc).submit(await loadKey(a.key), "scheduledPayment", cancelPayment(a.id)));
        }))
      .command("list", "Schedules you pay or receive", (a) =>
        a.option("key", { type: "string", describe: "Use this key's address" }).option("address", { type: "string" }).option("rpc", rpcOpt),
        run(async (a: { key?: string; address?: string; rpc?: string }) => {
          const who = a.address ? addressArg(a.address) : a.key ? (await loadKey(a.key)).publicKey : null;
          if (!who) throw cliError("give --key or --address");
          const page = await actionsFor(a.rpc).list(formatAddress(who), { limit: 100 });
          const mine = page.actions.filter((x) => x.kind === "scheduledPayment");
          emit(mine, () => {
            for (const s of mine) process.stdout.write(`${s.id}  ${String(s["status"]).padEnd(9)} ${shownAmount(s, "amount")} x ${s["runs"]} (done ${s["done"]})  to ${s["to"]}  next ${s["next"] ?? "-"}\n`);
            if (mine.length === 0) process.stdout.write("(no scheduled payments)\n");
          });
        }))
      .command("show", "One schedule's record", (a) => a.option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { id: string; rpc?: string }) => showAction(a.rpc, a.id, "scheduledPayment")))
      .demandCommand(1, "choose: schedule, cancel, list or show"),
  );
}
