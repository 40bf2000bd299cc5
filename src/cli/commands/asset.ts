// `parley asset`: create an asset or points (symbol, name, decimals, supply, flags), mint, burn,
// send, freeze, unfreeze, claw back, hand on the admin role, and read assets (info, list).
// Amounts are decimal in the asset's own unit ("12.5", "5" = 5 whole units; docs/CLI.md).
import type { Argv } from "yargs";
import { parseAddress } from "../../chain/address.js";
import { assetIdOf, ASSET_FLAGS, type AssetFlagName } from "../../chain/assets/records.js";
import type { AssetBody } from "../../chain/tx/kinds/asset.js";
import type { Identity } from "../../client/keys.js";
import { fromHex, toHex } from "../../util/bytes.js";
import { client, cliError, emit, loadKey, rpcUrl, run } from "../common.js";
import { formatAddress } from "../../chain/address.js";
import { VerifiedChain } from "../../client/verify/verified-chain.js";
import { verifyAssetBalance } from "../../client/assets.js";
import { httpUrl } from "./chat.js";
import { amountIn, assetInfo, assetLabel, shown, type AssetInfoJson } from "../amounts.js";

const rpcOpt = { type: "string", describe: "Node RPC URL (default $PARLEY_RPC or http://127.0.0.1:8645)" } as const;
const keyOpt = { type: "string", demandOption: true, describe: "Key file of the sender" } as const;
const assetOpt = { type: "string", demandOption: true, describe: "The asset id (64 hex digits)" } as const;

export function assetIdArg(text: string): Uint8Array {
  const b = fromHex(text.replace(/^0x/, ""));
  if (!b || b.length !== 32) throw cliError(`an asset id is 64 hex digits; got "${text}"`);
  return b;
}

function addressArg(text: string, what: string): Uint8Array {
  const a = parseAddress(text);
  if (!a) throw cliError(`${what}: not an address: "${text}" (expected parley1... or 64 hex digits)`);
  return a;
}

/** "transferable,mintable" -> bits; "none" -> 0. */
export function flagsArg(text: string): number {
  if (text === "none" || text === "") return 0;
  let flags = 0;
  for (const name of text.split(",").map((f) => f.trim())) {
    if (!Object.hasOwn(ASSET_FLAGS, name)) throw cliError(`unknown flag "${name}" (flags: ${Object.keys(ASSET_FLAGS).join(", ")}, or none)`);
    flags |= ASSET_FLAGS[name as AssetFlagName];
  }
  return flags;
}

async function send(rpc: string | undefined, key: string, body: AssetBody): Promise<{ me: Identity; id: string; height: number }> {
  const me = await loadKey(key);
  const r = await client(rpc).submit(me, "asset", body);
  return { me, id: r.id, height: r.status?.height ?? 0 };
}

function printAsset(a: AssetInfoJson): void {
  const unit = { decimals: a.decimals };
  process.stdout.write(
    `asset:   ${a.assetId}\nsymbol:  ${assetLabel(a.symbol, a.issuer)}\nname:    ${a.name}\nissuer:  ${a.issuer}\nadmin:   ${a.admin}\n` +
    `decimals: ${a.decimals}\nsupply:  ${a.supplyFormatted} ${a.symbol} (${a.supply} base units)\nmax:     ${a.maxSupply === null ? "none" : `${shown(a.maxSupply, unit)} ${a.symbol}`}\n` +
    `flags:   ${a.flags.join(", ") || "none"}\ncreated: height ${a.height}, tx ${a.txId}\n`,
  );
}

/** An op on one asset whose amount is read in the asset's own unit. */
async function withUnit(rpc: string | undefined, asset: string): Promise<{ id: Uint8Array; info: AssetInfoJson }> {
  const id = assetIdArg(asset);
  return { id, info: await assetInfo(client(rpc), id) };
}

const done = (what: string, r: { id: string; height: number }) => emit({ ...r, what }, () => process.stdout.write(`${what}\ntx:     ${r.id}\nheight: ${r.height}\n`));

export function assetCommand(y: Argv): Argv {
  return y.command("asset", "Assets and points: create, mint, burn, send, freeze, claw back, info, list, verify (docs/ASSETS.md)", (w) =>
    w
      .command("create", "Create an asset; you are its issuer and admin", (a) =>
        a.option("key", keyOpt).option("symbol", { type: "string", demandOption: true, describe: "1-12 letters or digits (not unique: shown with the issuer)" })
          .option("name", { type: "string", demandOption: true }).option("decimals", { type: "number", default: 0, describe: "Decimal places, 0-18" })
          .option("supply", { type: "string", default: "0", describe: "Units created for you now (decimal)" })
          .option("max", { type: "string", describe: "Max supply (decimal); default: none" })
          .option("flags", { type: "string", default: "transferable,mintable", describe: "Comma list of transferable, mintable, freezable, clawback (or none)" })
          .option("meta", { type: "string", describe: "SHA-256 of a metadata document (64 hex digits)" })
          .option("rpc", rpcOpt),
        run(async (a: { key: string; symbol: string; name: string; decimals: number; supply: string; max?: string; flags: string; meta?: string; rpc?: string }) => {
          if (!Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > 18) throw cliError("--decimals must be 0-18");
          const unit = { decimals: a.decimals, symbol: a.symbol };
          const metaHash = a.meta === undefined ? null : assetIdArg(a.meta);
          const body: AssetBody = {
            op: "create", symbol: a.symbol, name: a.name, decimals: a.decimals, initial: amountIn(a.supply, "--supply", unit),
            maxSupply: a.max === undefined ? null : amountIn(a.max, "--max", unit, { positive: true }), metaHash, flags: flagsArg(a.flags),
          };
          const r = await send(a.rpc, a.key, body);
          const assetId = toHex(assetIdOf(r.me.publicKey, assetIdArg(r.id)));
          emit({ assetId, txId: r.id, height: r.height }, () => process.stdout.write(`asset:  ${assetId}\nsymbol: ${a.symbol}\ntx:     ${r.id}\nheight: ${r.height}\n`));
        }))
      .command("mint", "Mint new units to an address (the admin, of a mintable asset)", (a) =>
        a.option("key", keyOpt).option("asset", assetOpt).option("to", { type: "string", demandOption: true }).option("amount", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { key: string; asset: string; to: string; amount: string; rpc?: string }) => {
          const { id, info } = await withUnit(a.rpc, a.asset);
          const amount = amountIn(a.amount, "--amount", info, { positive: true });
          done(`minted ${shown(amount, info)} ${info.symbol}`, await send(a.rpc, a.key, { op: "mint", asset: id, to: addressArg(a.to, "--to"), amount }));
        }))
      .command("burn", "Destroy units you hold", (a) =>
        a.option("key", keyOpt).option("asset", assetOpt).option("amount", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { key: string; asset: string; amount: string; rpc?: string }) => {
          const { id, info } = await withUnit(a.rpc, a.asset);
          const amount = amountIn(a.amount, "--amount", info, { positive: true });
          done(`burnt ${shown(amount, info)} ${info.symbol}`, await send(a.rpc, a.key, { op: "burn", asset: id, amount }));
        }))
      .command("send", "Send units of an asset", (a) =>
        a.option("key", keyOpt).option("asset", assetOpt).option("to", { type: "string", demandOption: true }).option("amount", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { key: string; asset: string; to: string; amount: string; rpc?: string }) => {
          const { id, info } = await withUnit(a.rpc, a.asset);
          const amount = amountIn(a.amount, "--amount", info, { positive: true });
          done(`sent ${shown(amount, info)} ${info.symbol}`, await send(a.rpc, a.key, { op: "transfer", asset: id, to: addressArg(a.to, "--to"), amount }));
        }))
      .command(["freeze", "unfreeze"], "Freeze (or unfreeze) one holder of a freezable asset (the admin)", (a) =>
        a.option("key", keyOpt).option("asset", assetOpt).option("holder", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { _: Array<string | number>; key: string; asset: string; holder: string; rpc?: string }) => {
          const op = a._.includes("unfreeze") ? "unfreeze" : "freeze";
          done(`${op === "freeze" ? "frozen" : "unfrozen"}: ${a.holder}`, await send(a.rpc, a.key, { op, asset: assetIdArg(a.asset), holder: addressArg(a.holder, "--holder") }));
        }))
      .command("clawback", "Take units back from a holder to the admin (an asset created with clawback)", (a) =>
        a.option("key", keyOpt).option("asset", assetOpt).option("holder", { type: "string", demandOption: true }).option("amount", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { key: string; asset: string; holder: string; amount: string; rpc?: string }) => {
          const { id, info } = await withUnit(a.rpc, a.asset);
          const amount = amountIn(a.amount, "--amount", info, { positive: true });
          done(`clawed back ${shown(amount, info)} ${info.symbol}`, await send(a.rpc, a.key, { op: "clawback", asset: id, holder: addressArg(a.holder, "--holder"), amount }));
        }))
      .command("admin", "Hand the admin role on", (a) =>
        a.option("key", keyOpt).option("asset", assetOpt).option("to", { type: "string", demandOption: true, describe: "The new admin" }).option("rpc", rpcOpt),
        run(async (a: { key: string; asset: string; to: string; rpc?: string }) => {
          done(`admin is now ${a.to}`, await send(a.rpc, a.key, { op: "setAdmin", asset: assetIdArg(a.asset), admin: addressArg(a.to, "--to") }));
        }))
      .command("info <asset>", "Show an asset", (a) => a.positional("asset", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { asset: string; rpc?: string }) => {
          const info = await assetInfo(client(a.rpc), assetIdArg(a.asset));
          emit(info, () => printAsset(info));
        }))
      .command("list", "List the chain's assets, or one issuer's", (a) =>
        a.option("issuer", { type: "string" }).option("from", { type: "number", default: 0 }).option("limit", { type: "number", default: 50 }).option("rpc", rpcOpt),
        run(async (a: { issuer?: string; from: number; limit: number; rpc?: string }) => {
          const params: Record<string, unknown> = { from: a.from, limit: a.limit };
          if (a.issuer !== undefined) params["issuer"] = a.issuer;
          const page = await client(a.rpc).rpc.call<{ total: number; from: number; assets: AssetInfoJson[] }>("asset_list", params);
          emit(page, () => {
            for (const x of page.assets) process.stdout.write(`${x.assetId}  ${assetLabel(x.symbol, x.issuer).padEnd(36)}  supply ${x.supplyFormatted}  ${x.name}\n`);
            process.stdout.write(`${page.assets.length} of ${page.total}\n`);
          });
        }))
      .command("verify", "Show a holding proven under a header verified here from genesis (a light client; docs/LIGHT.md)", (a) =>
        a.option("address", { type: "string", demandOption: true }).option("asset", assetOpt).option("rpc", rpcOpt)
          .option("genesis-hash", { type: "string", describe: "The genesis hash to trust (else the node's, printed for you to compare)" })
          .option("witness", { type: "string", array: true, describe: "Other nodes' RPC URLs to cross-check headers with" }),
        run(async (a: { address: string; asset: string; rpc?: string; genesisHash?: string; witness?: string[] }) => {
          const who = addressArg(a.address, "--address");
          const id = assetIdArg(a.asset);
          const url = httpUrl(rpcUrl(a.rpc));
          const chain = await VerifiedChain.open({ primary: url, pinnedGenesis: a.genesisHash ?? null, witnesses: (a.witness ?? []).map(httpUrl), checkpoint: null });
          chain.start();
          try {
            const v = await verifyAssetBalance(client(a.rpc).rpc, { header: (h) => chain.header(h, 30_000) }, who, id);
            const out = { address: formatAddress(who), assetId: toHex(id), symbol: v.asset.symbol, issuer: formatAddress(v.asset.issuer), balance: v.holding.balance.toString(), formatted: shown(v.holding.balance, v.asset), frozen: v.holding.frozen, height: v.height, genesisHash: chain.genesisHash };
            emit(out, () => process.stdout.write(`verified: ${out.formatted} ${assetLabel(out.symbol, out.issuer)} (${out.balance} base units)${out.frozen ? " FROZEN" : ""}\nholder:   ${out.address}\nproven at block ${v.height} under genesis ${chain.genesisHash}\n`));
          } finally {
            chain.stop();
          }
        }))
      .demandCommand(1, "choose an asset subcommand: create, mint, burn, send, freeze, unfreeze, clawback, admin, info, list or verify"),
  );
}
