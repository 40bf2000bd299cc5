// `parley escrow`: hash-time locks. `create` locks an amount that --to gets by revealing the
// preimage of --hashlock within --timeout blocks; after that it returns by itself. `refund`
// exists for refund conditions that need a claim; a timed-out lock is refunded by the chain.
import type { Argv } from "yargs";
import { escrowClaim, escrowRefund, hashTimeLock, inAsset, replyEscrow, toBytes32 } from "../../client/action-bodies.js";
import { cliError, loadKey, run } from "../common.js";
import { addressArg } from "./chat.js";
import { actionsFor, assetOpt, checkCanLock, idOpt, keyOpt, moneyArg, moneyOf, moneyText, printCreated, printFinal, rpcOpt, showAction, wholeArg } from "./action-common.js";

interface CreateArgs {
  key: string;
  to: string;
  amount: string;
  asset?: string;
  hashlock?: string;
  "on-reply"?: boolean;
  timeout: number;
  rpc?: string;
}

export function escrowCommand(y: Argv): Argv {
  return y.command("escrow", "Hash-time-locked payments: release on a revealed secret, refund at a timeout", (e) =>
    e
      .command("create", "Lock --amount for --to until --timeout blocks from now; prints the id", (a) =>
        a.option("key", keyOpt).option("to", { type: "string", demandOption: true, describe: "Who gets it with the preimage" })
          .option("amount", { type: "string", demandOption: true, describe: "Decimal amount to lock: 5 = five whole tokens, 0.25, \"12.5 PAR\"" })
          .option("asset", assetOpt)
          .option("hashlock", { type: "string", describe: "SHA-256 of the secret (64 hex digits): released to whoever reveals it" })
          .option("on-reply", { type: "boolean", describe: "Instead of a hashlock: released by itself once --to's reply to you is final" })
          .option("timeout", { type: "number", demandOption: true, describe: "Blocks from now after which it returns to you" })
          .option("rpc", rpcOpt),
        run(async (a: CreateArgs) => {
          // Everything the user typed is checked before the node is asked anything.
          const id = await loadKey(a.key);
          const to = addressArg(a.to, "recipient address");
          const onReply = a["on-reply"] === true;
          if (onReply === (a.hashlock !== undefined)) throw cliError("give exactly one release condition: --hashlock <sha256 hex> or --on-reply");
          const hashlock = a.hashlock === undefined ? null : toBytes32(a.hashlock, "hashlock");
          const timeout = wholeArg(a.timeout, "timeout");
          const actions = actionsFor(a.rpc);
          const money = await moneyOf(actions, a.asset);
          const amount = moneyArg(a.amount, "amount", money);
          await checkCanLock(actions, money, id, amount);
          const timeoutHeight = (await actions.height()) + timeout;
          const body = inAsset(hashlock === null
            ? replyEscrow({ to, refundTo: id.publicKey, amount, timeoutHeight })
            : hashTimeLock({ to, refundTo: id.publicKey, amount, hashlock, timeoutHeight }), money.asset);
          const how = hashlock === null ? "released when their reply to you is final" : "released with the preimage";
          printCreated(`locked ${moneyText(amount, money)}: ${how} before height ${timeoutHeight}, refunded from then on`, await actions.submit(id, "escrow", body));
        }))
      .command("claim", "Reveal the preimage and release the escrow to its recipient", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("preimage", { type: "string", demandOption: true, describe: "The secret, hex (at most 64 bytes)" }).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; preimage: string; rpc?: string }) => {
          printFinal("released", await actionsFor(a.rpc).submit(await loadKey(a.key), "escrow", escrowClaim(a.id, a.preimage)));
        }))
      .command("refund", "Claim the refund side (a timed-out hash-time lock refunds by itself)", (a) =>
        a.option("key", keyOpt).option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { key: string; id: string; rpc?: string }) => {
          const actions = actionsFor(a.rpc);
          const rec = await actions.require(a.id);
          if (rec.kind !== "escrow") throw cliError(`${a.id} is a ${rec.kind}, not an escrow`);
          if (rec.status === "refunded") {
            process.stdout.write(`already refunded at height ${String(rec["settledHeight"])}\n`);
            return;
          }
          if (rec.status === "released") throw cliError(`already released at height ${String(rec["settledHeight"])}: nothing to refund`);
          // The side that held paid a payee frozen in the asset: the owner already has it back.
          if (rec.status === "returned") throw cliError(`already returned to the owner at height ${String(rec["settledHeight"])} (${String(rec["returnedFor"])} is frozen in the asset): nothing to refund`);
          printFinal("refunded", await actions.submit(await loadKey(a.key), "escrow", escrowRefund(a.id)));
        }))
      .command("show", "One escrow's record", (a) => a.option("id", idOpt).option("rpc", rpcOpt),
        run(async (a: { id: string; rpc?: string }) => showAction(a.rpc, a.id, "escrow")))
      .demandCommand(1, "choose: create, claim, refund or show"),
  );
}
