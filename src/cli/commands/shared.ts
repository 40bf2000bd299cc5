// `parley shared`: M-of-N shared accounts. A member proposes a payment; it pays once
// --threshold members approved (the proposer's approval counts).
import type { Argv } from "yargs";
import { sharedApprove, sharedCreate, sharedDeposit, sharedExecute, sharedPropose } from "../../client/action-bodies.js";
import { loadKey, parseAmount, run } from "../common.js";
import { addressArg, addressList } from "./chat.js";
import { actionsFor, idOpt, keyOpt, printCreated, printFinal, rpcOpt, showAction, wholeArg } from "./action-common.js";

const proposalOpt = { type: "number", demandOption: true, describe: "Proposal number (see: shared show)" } as const;

export function sharedCommand(y: Argv): Argv {
  return y.command("shared", "Shared M-of-N accounts: payments need --threshold members' approval", (s) =>
    s
      .command("create", "Create an account of --members with --threshold; prints the id", (a) =>
        a.option("key", keyOpt).option("members", { type: "string", demandOption: true, describe: "Comma-separated addresses (include yours to take part)" })
          .option("threshold", { type: "number", demandOption: true, describe: "Approvals a payment needs" })
          .option("deposit", { type: "string", default: "0", describe: "Base units you put in now" })
          .option("rpc", rpcOpt),
        run(async (a: { key: string; members: string; threshold: number; deposit: string; rpc?: string }) => {
          const body = sharedCreate({ members: addressList(a.members, "member address"), threshold: wholeArg(a.threshold, "threshold"), deposit: parseAmount(a.deposit, "deposit") });
          printCreated(`shared account, ${a.threshold} of ${body.op === "create" ? body.members.length : 0} members`, await actionsFor(a.rpc).submit(await loadKey(a.key), "sharedAccount", body));
        }))
      .command("propose", "Propose paying --amount to --to (your approval counts)", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("to", { type: "string", demandOption: true }).option("amount", { type: "string", demandOption: true })
          .option("expires", { type: "number", default: 1000, describe: "Blocks the proposal stays open" }).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; to: string; amount: string; expires: number; rpc?: string }) => {
          const actions = actionsFor(a.rpc);
          const before = await actions.require(a.id);
          const expiryHeight = (await actions.height()) + wholeArg(a.expires, "expires");
          const sent = await actions.submit(await loadKey(a.key), "sharedAccount", sharedPropose({ id: a.id, to: addressArg(a.to, "recipient address"), amount: parseAmount(a.amount), expiryHeight }));
          printFinal(`proposal ${String(before["nextProposalId"])}`, sent);
        }))
      .command("approve", "Approve a proposal; the approval that reaches the threshold pays it", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("proposal", proposalOpt).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; proposal: number; rpc?: string }) => {
          printFinal("approved", await actionsFor(a.rpc).submit(await loadKey(a.key), "sharedAccount", sharedApprove(a.id, wholeArg(a.proposal, "proposal", 0))));
        }))
      .command("deposit", "Add --amount to the account (anyone may)", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("amount", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; amount: string; rpc?: string }) => {
          printFinal("deposited", await actionsFor(a.rpc).submit(await loadKey(a.key), "sharedAccount", sharedDeposit(a.id, parseAmount(a.amount))));
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
