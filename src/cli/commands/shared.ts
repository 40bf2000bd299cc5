// `parley shared`: M-of-N shared accounts. A member proposes a payment; it pays once
// --threshold members approved (the proposer's approval counts).
import type { Argv } from "yargs";
import { inAsset, sharedApprove, sharedCreate, sharedDeposit, sharedExecute, sharedPropose } from "../../client/action-bodies.js";
import { loadKey, run } from "../common.js";
import { addressArg, addressList } from "./chat.js";
import { actionsFor, assetOpt, checkCanLock, idOpt, keyOpt, moneyArg, moneyOf, moneyOfRecord, moneyText, printCreated, printFinal, rpcOpt, showAction, wholeArg } from "./action-common.js";

const proposalOpt = { type: "number", demandOption: true, describe: "Proposal number (see: shared show)" } as const;

export function sharedCommand(y: Argv): Argv {
  return y.command("shared", "Shared M-of-N accounts: payments need --threshold members' approval", (s) =>
    s
      .command("create", "Create an account of --members with --threshold; prints the id", (a) =>
        a.option("key", keyOpt).option("members", { type: "string", demandOption: true, describe: "Comma-separated addresses (include yours to take part)" })
          .option("threshold", { type: "number", demandOption: true, describe: "Approvals a payment needs" })
          .option("deposit", { type: "string", default: "0", describe: "Decimal amount you put in now (5 = five whole tokens)" })
          .option("asset", { ...assetOpt, describe: "The account holds this asset (its id) instead of the native token, for good" })
          .option("rpc", rpcOpt),
        run(async (a: { key: string; members: string; threshold: number; deposit: string; asset?: string; rpc?: string }) => {
          const me = await loadKey(a.key);
          const actions = actionsFor(a.rpc);
          const money = await moneyOf(actions, a.asset);
          const deposit = moneyArg(a.deposit, "deposit", money, { positive: false });
          await checkCanLock(actions, money, me, deposit);
          const body = inAsset(sharedCreate({ members: addressList(a.members, "member address"), threshold: wholeArg(a.threshold, "threshold"), deposit }), money.asset);
          const what = `shared account in ${money.unit.symbol}, ${a.threshold} of ${body.op === "create" ? body.members.length : 0} members, holding ${moneyText(deposit, money)}`;
          printCreated(what, await actions.submit(me, "sharedAccount", body));
        }))
      .command("propose", "Propose paying --amount to --to (your approval counts)", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("to", { type: "string", demandOption: true }).option("amount", { type: "string", demandOption: true, describe: "Decimal amount, in the account's asset" })
          .option("expires", { type: "number", default: 1000, describe: "Blocks the proposal stays open" }).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; to: string; amount: string; expires: number; rpc?: string }) => {
          const actions = actionsFor(a.rpc);
          const before = await actions.require(a.id);
          const expiryHeight = (await actions.height()) + wholeArg(a.expires, "expires");
          const money = moneyOfRecord(before);
          const amount = moneyArg(a.amount, "amount", money);
          const sent = await actions.submit(await loadKey(a.key), "sharedAccount", sharedPropose({ id: a.id, to: addressArg(a.to, "recipient address"), amount, expiryHeight }));
          printFinal(`proposal ${String(before["nextProposalId"])}: pay ${moneyText(amount, money)}`, sent);
        }))
      .command("approve", "Approve a proposal; the approval that reaches the threshold pays it", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("proposal", proposalOpt).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; proposal: number; rpc?: string }) => {
          printFinal("approved", await actionsFor(a.rpc).submit(await loadKey(a.key), "sharedAccount", sharedApprove(a.id, wholeArg(a.proposal, "proposal", 0))));
        }))
      .command("deposit", "Add --amount to the account (anyone may)", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("amount", { type: "string", demandOption: true, describe: "Decimal amount, in the account's asset" }).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; amount: string; rpc?: string }) => {
          const me = await loadKey(a.key);
          const actions = actionsFor(a.rpc);
          // In the account's own asset: the deposit names it, as the chain requires.
          const money = moneyOfRecord(await actions.require(a.id));
          const amount = moneyArg(a.amount, "amount", money);
          await checkCanLock(actions, money, me, amount);
          printFinal(`deposited ${moneyText(amount, money)}`, await actions.submit(me, "sharedAccount", inAsset(sharedDeposit(a.id, amount), money.asset)));
        }))
      .command("execute", "Pay an approved proposal that waited for funds", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("proposal", proposalOpt).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; proposal: number; rpc?: string }) => {
          printFinal("executed", await actionsFor(a.rpc).submit(await loadKey(a.key), "sharedAccount", sharedExecute(a.id, wholeArg(a.proposal, "proposal", 0))));
        }))
      .command("show", "Members, balance and open proposals", (a) => a.option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { id: string; rpc?: string }) => showAction(a.rpc, a.id, "sharedAccount")))
      .demandCommand(1, "choose: create, propose, approve, deposit, execute or show"),
  );
}
