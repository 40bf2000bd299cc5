import type { Argv } from "yargs";
import { parseAddress, formatAddress } from "../../chain/address.js";
import { client, cliError, emit, loadKey, rpcUrl, run } from "../common.js";
import { ChatClient } from "../../client/chat.js";
import { displayNames } from "../../client/names.js";
import { whoText } from "./chat.js";
import type { ParleyClient } from "../../client/parley-client.js";
import { amountIn, assetAmountText, assetLabel, assetUnits, nativeUnit, shown, unitOf } from "../amounts.js";
import type { AmountUnit } from "../../util/amount.js";
import { assetIdArg } from "./asset.js";

interface HoldingJson { assetId: string; symbol: string; decimals: number; issuer: string; balance: string; formatted: string; frozen: boolean }

/** Every asset the address holds (asset_balances), up to 1,000 in pages of 200; [] from a node without assets. */
async function holdings(c: ParleyClient, addr: string): Promise<HoldingJson[]> {
  const out: HoldingJson[] = [];
  for (let from = 0; from < 1_000; from += 200) {
    let page: { total: number; holdings: HoldingJson[] };
    try {
      page = await c.rpc.call("asset_balances", { address: addr, from, limit: 200 });
    } catch {
      return out;
    }
    out.push(...page.holdings.filter((h) => h.balance !== "0" || h.frozen));
    if (from + 200 >= page.total) break;
  }
  return out;
}

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
          const c = client(a.rpc);
          const acct = await c.account(formatAddress(address(a.address)));
          const unit = await nativeUnit(c);
          const assets = await holdings(c, acct.address);
          const out = { ...acct, formatted: shown(acct.balance, unit), symbol: unit.symbol, decimals: unit.decimals, assets };
          emit(out, () => {
            process.stdout.write(`address: ${acct.address}\nbalance: ${shown(acct.balance, unit)} ${unit.symbol} (${acct.balance} base units)\nnonce:   ${acct.nonce} (next: ${acct.pendingNonce})\nheight:  ${acct.height}\n`);
            for (const h of assets) process.stdout.write(`asset:   ${h.formatted} ${assetLabel(h.symbol, h.issuer)}${h.frozen ? " FROZEN" : ""}  ${h.assetId}\n`);
          });
        }))
      .command("send", "Send tokens; waits until the transfer is final", (a) =>
        a.option("key", { type: "string", demandOption: true, describe: "Sender key file" })
          .option("to", { type: "string", demandOption: true })
          .option("amount", { type: "string", demandOption: true, describe: "Decimal amount: 5 = five whole tokens, 0.25, \"12.5 PAR\"" })
          .option("asset", { type: "string", describe: "Send this asset (its id) instead of the native token" })
          .option("fee", { type: "string", describe: "Fee (default: the chain's minimum for this tx)" })
          .option("wait", { type: "boolean", default: true, describe: "Wait until final (--no-wait: return once the node admitted it)" })
          .option("rpc", rpcOpt),
        run(async (a: { key: string; to: string; amount: string; asset?: string; fee?: string; wait: boolean; rpc?: string }) => {
          const id = await loadKey(a.key);
          const to = address(a.to);
          const c = client(a.rpc);
          const asset = a.asset === undefined ? null : assetIdArg(a.asset);
          const amount = amountIn(a.amount, "amount", await unitOf(c, asset), { positive: true });
          // Fees are native, in decimal like every amount.
          const opts = a.fee === undefined ? { wait: a.wait } : { wait: a.wait, fee: amountIn(a.fee, "fee", await nativeUnit(c)) };
          const r = await c.submit(id, "transfer", { to, amount, memo: null, ...(asset ? { asset } : {}) }, opts);
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
          const c = client(a.rpc);
          const page = await c.rpc.call<{ txs: Array<Record<string, unknown>>; before: string | null }>("account_history", params);
          const names = await displayNames(new ChatClient(rpcUrl(a.rpc)), page.txs.flatMap((t) => [String(t["from"]), String(((t["body"] ?? {}) as Record<string, unknown>)["to"] ?? "")]).filter((x) => x.startsWith("parley1")));
          const unit = await nativeUnit(c);
          const assets = await assetUnits(c, page.txs.flatMap((t) => {
            const b = (t["body"] ?? {}) as Record<string, unknown>;
            return typeof b["asset"] === "string" && typeof b["amount"] === "string" ? [b["asset"]] : [];
          }));
          emit(page, () => printHistory(page, who, names, unit, assets));
        }))
      .demandCommand(1, "choose a wallet subcommand: balance, send or history"),
  );
}

/** Native amounts in decimal, an asset's in its own unit (base units with its id when the node does not know it). */
function printHistory(page: { txs: Array<Record<string, unknown>>; before: string | null }, who: Uint8Array, names: ReadonlyMap<string, string>, unit: AmountUnit, assets: ReadonlyMap<string, AmountUnit>): void {
  for (const t of page.txs) {
    const body = (t["body"] ?? {}) as Record<string, unknown>;
    const dir = t["from"] === formatAddress(who) ? "out" : "in ";
    const amount = body["amount"];
    const asset = typeof body["asset"] === "string" ? body["asset"] : null;
    const what = typeof amount !== "string" ? "" : asset ? (assets.has(asset) ? assetAmountText(amount, asset, assets) : `${amount} of ${asset.slice(0, 10)}…`) : t["kind"] === "asset" ? amount : `${shown(amount, unit)} ${unit.symbol ?? ""}`.trim();
    const peer = String(dir === "out" ? body["to"] ?? "" : t["from"]);
    process.stdout.write(`${t["height"]}.${t["index"]}  ${dir}  ${String(t["kind"]).padEnd(14)} ${what.padStart(12)}  ${peer === "" ? "" : whoText(peer, names)}  ${t["id"]}\n`);
  }
  if (page.txs.length === 0) process.stdout.write("(no transactions)\n");
  if (page.before) process.stdout.write(`older: --before ${page.before}\n`);
}
