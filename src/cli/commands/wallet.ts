import type { Argv } from "yargs";
import { parseAddress, formatAddress } from "../../chain/address.js";
import { client, cliError, emit, loadKey, parseAmount, rpcUrl, run } from "../common.js";
import { ChatClient } from "../../client/chat.js";
import { displayNames } from "../../client/names.js";
import { whoText } from "./chat.js";

function address(text: string): Uint8Array {
  const a = parseAddress(text);
  if (!a) throw cliError(`not an address: "${text}" (expected parley1..., 64 hex digits or @name)`);
  return a;
}

const rpcOpt = { type: "string", describe: "Node RPC URL (default $PARLEY_RPC or http://127.0.0.1:8645)" } as const;

export function walletCommand(y: Argv): Argv {
  return y.command("wallet", "Balances, payments and history", (w) =>
    w
      .command("balance <address>", "Show an account's balance and nonce", (a) => a.positional("address", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { address: string; rpc?: string }) => {
          const acct = await client(a.rpc).account(formatAddress(address(a.address)));
          emit(acct, () => process.stdout.write(`address: ${acct.address}\nbalance: ${acct.balance}\nnonce:   ${acct.nonce} (next: ${acct.pendingNonce})\nheight:  ${acct.height}\n`));
        }))
      .command("send", "Send tokens; waits until the transfer is final", (a) =>
        a.option("key", { type: "string", demandOption: true, describe: "Sender key file" })
          .option("to", { type: "string", demandOption: true })
          .option("amount", { type: "string", demandOption: true, describe: "Whole tokens (smallest unit)" })
          .option("fee", { type: "string", describe: "Fee (default: the chain's minimum for this tx)" })
          .option("wait", { type: "boolean", default: true, describe: "Wait until final (--no-wait: return once the node admitted it)" })
          .option("rpc", rpcOpt),
        run(async (a: { key: string; to: string; amount: string; fee?: string; wait: boolean; rpc?: string }) => {
          const id = await loadKey(a.key);
          const to = address(a.to);
          const amount = parseAmount(a.amount);
          if (amount === 0n) throw cliError("amount must be positive");
          const c = client(a.rpc);
          const opts = a.fee === undefined ? { wait: a.wait } : { wait: a.wait, fee: parseAmount(a.fee, "fee") };
          const r = await c.submit(id, "transfer", { to, amount, memo: null }, opts);
          emit(r, () => process.stdout.write(r.status ? `final: tx ${r.id} at height ${r.status.height} (index ${r.status.index})\n` : `sent: tx ${r.id} (pending)\n`));
        }))
      .command("history [address]", "List finalized transactions of an account, newest last", (a) =>
        a.positional("address", { type: "string" }).option("key", { type: "string", describe: "Use this key's address" })
          .option("limit", { type: "number", default: 20 }).option("before", { type: "string", describe: "Cursor from a previous page" }).option("rpc", rpcOpt),
        run(async (a: { address?: string; key?: string; limit: number; before?: string; rpc?: string }) => {
          const who = a.address ? address(a.address) : a.key ? (await loadKey(a.key)).publicKey : null;
          if (!who) throw cliError("give an address or --key");
          const params: Record<string, unknown> = { address: formatAddress(who), limit: a.limit };
          if (a.before) params["before"] = a.before;
          const page = await client(a.rpc).rpc.call<{ txs: Array<Record<string, unknown>>; before: string | null }>("account_history", params);
          const names = await displayNames(new ChatClient(rpcUrl(a.rpc)), page.txs.flatMap((t) => [String(t["from"]), String(((t["body"] ?? {}) as Record<string, unknown>)["to"] ?? "")]).filter((x) => x.startsWith("parley1")));
          emit(page, () => printHistory(page, who, names));
        }))
      .demandCommand(1, "choose a wallet subcommand: balance, send or history"),
  );
}

function printHistory(page: { txs: Array<Record<string, unknown>>; before: string | null }, who: Uint8Array, names: ReadonlyMap<string, string>): void {
  for (const t of page.txs) {
    const body = (t["body"] ?? {}) as Record<string, unknown>;
    const dir = t["from"] === formatAddress(who) ? "out" : "in ";
    const what = body["amount"] !== undefined ? `${body["amount"]}` : "";
    const peer = String(dir === "out" ? body["to"] ?? "" : t["from"]);
    process.stdout.write(`${t["height"]}.${t["index"]}  ${dir}  ${String(t["kind"]).padEnd(14)} ${what.padStart(12)}  ${peer === "" ? "" : whoText(peer, names)}  ${t["id"]}\n`);
  }
  if (page.txs.length === 0) process.stdout.write("(no transactions)\n");
  if (page.before) process.stdout.write(`older: --before ${page.before}\n`);
}
