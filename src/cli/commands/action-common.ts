// What the automatic-action commands (pay, escrow, redpacket, shared, bounty, rewards) share:
// the SDK client, strict parsing of counts and heights, and printing an action's record.
import { ActionsClient, type ActionJson, type SentAction } from "../../client/actions.js";
import type { Identity } from "../../client/keys.js";
import { assetLockRefusal } from "../../client/lock-check.js";
import type { AmountUnit } from "../../util/amount.js";
import { toHex } from "../../util/bytes.js";
import { amountIn, assetInfo, assetLabel, shown, unitOf } from "../amounts.js";
import { cliError, emit, rpcUrl } from "../common.js";
import { assetIdArg } from "./asset.js";
import { httpUrl } from "./chat.js";

export { keyOpt, rpcOpt } from "./chat.js";

export const idOpt = { type: "string", demandOption: true, describe: "The action's id (the creating tx id, 64 hex digits)" } as const;

export function actionsFor(rpc: string | undefined): ActionsClient {
  return new ActionsClient(httpUrl(rpcUrl(rpc)));
}

export const assetOpt = { type: "string", describe: "Lock and pay this asset (its id, 64 hex digits) instead of the native token; amounts are then in its decimals" } as const;

/** What an action's amounts are typed and shown in: --asset (null: the native token) and its unit. */
export interface ActionMoney {
  asset: Uint8Array | null;
  unit: Required<AmountUnit>;
}

/** --asset's unit from asset_get (an unknown id fails there: ASSET_NOT_FOUND), or the native token's. */
export async function moneyOf(actions: ActionsClient, asset: string | undefined): Promise<ActionMoney> {
  const id = asset === undefined ? null : assetIdArg(asset);
  return { asset: id, unit: await unitOf(actions.client, id) };
}

/** The unit of an existing action's amounts, from its record (action_get's `asset`). */
export function moneyOfRecord(rec: ActionJson): ActionMoney {
  const a = (rec as ActionJson & { asset?: { assetId: string | null; symbol: string; decimals: number } }).asset;
  if (!a) throw cliError("the node does not say what this action's amounts are in (a node from before assets in actions)");
  return { asset: a.assetId === null ? null : assetIdArg(a.assetId), unit: { decimals: a.decimals, symbol: a.symbol } };
}

/** A decimal amount flag in the action's unit ("5" = five whole tokens, DECISIONS 35) -> base units. */
export function moneyArg(text: string, flag: string, m: ActionMoney, opts: { positive?: boolean } = { positive: true }): bigint {
  return amountIn(text, `--${flag}`, m.unit, opts);
}

/** An amount field of a record as the node formatted it ("12.5 PTS"), else its base units. */
export function shownAmount(rec: ActionJson, field: string): string {
  const f = (rec as ActionJson & { formatted?: Record<string, string> }).formatted?.[field];
  return f ?? String(rec[field]);
}

/** "12.5 PTS". */
export const moneyText = (base: bigint | string, m: { unit: Required<AmountUnit> }): string => `${shown(base, m.unit)} ${m.unit.symbol}`;

/**
 * Before anything is signed, what the chain would refuse at execution, keeping the fee: an asset
 * lock needs the asset transferable (or the sender its admin), the sender not frozen, and enough
 * held (ASSET_NOT_TRANSFERABLE, ASSET_FROZEN, ASSET_INSUFFICIENT). Native funds are checked at admission.
 */
export async function checkCanLock(actions: ActionsClient, m: ActionMoney, from: Identity, amount: bigint): Promise<void> {
  if (m.asset === null) return;
  const hex = "0x" + toHex(m.asset);
  const [info, held] = await Promise.all([
    assetInfo(actions.client, m.asset),
    actions.client.rpc.call<{ balance: string; frozen: boolean }>("asset_balance", [from.address, hex]),
  ]);
  const refused = assetLockRefusal(info, { balance: BigInt(held.balance), frozen: held.frozen }, from.address, amount);
  if (refused?.code === "ASSET_NOT_TRANSFERABLE") throw cliError(`${info.symbol} cannot be traded: only its admin ${refused.admin} locks it in an action (ASSET_NOT_TRANSFERABLE)`);
  if (refused?.code === "ASSET_FROZEN") throw cliError(`your ${info.symbol} holding is frozen by its admin (ASSET_FROZEN)`);
  if (refused?.code === "ASSET_INSUFFICIENT") throw cliError(`you hold ${moneyText(refused.held, m)}, the action locks ${moneyText(amount, m)} (ASSET_INSUFFICIENT)`);
}

/** A whole number from a flag, at least `min`; yargs hands NaN for text that is not a number. */
export function wholeArg(v: number | undefined, flag: string, min = 1): number {
  if (v === undefined) throw cliError(`give --${flag}`);
  if (!Number.isSafeInteger(v) || v < min) throw cliError(`--${flag} must be a whole number >= ${min} (got ${String(v)})`);
  return v;
}

/** Prints what a creation returned: the action id (the tx id) and the height it is final at. */
export function printCreated(what: string, sent: SentAction): void {
  process.stdout.write(`${what}\nid:     ${sent.id}\nheight: ${sent.height ?? "(pending)"}\n`);
}

export function printFinal(what: string, sent: SentAction): void {
  process.stdout.write(`${what}: tx ${sent.id} final at height ${sent.height ?? "(pending)"}\n`);
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return "-";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

interface AssetOfAction { assetId: string | null; symbol: string; issuer: string | null }

/**
 * One `field: value` line per field of the record; nested values as compact JSON. Amounts show
 * their base units and, beside them, the formatted amount the node sends (`formatted`); the
 * asset line names the symbol with its issuer (symbols are not unique).
 */
export function printAction(a: ActionJson): void {
  const { proof: _proof, formatted, asset, ...fields } = a as ActionJson & { formatted?: Record<string, string>; asset?: AssetOfAction };
  const width = Math.max(...Object.keys(fields).map((k) => k.length), "asset".length);
  for (const [k, v] of Object.entries(fields)) {
    const human = formatted?.[k];
    process.stdout.write(`${k.padEnd(width)}  ${valueText(v)}${human ? ` (${human})` : ""}\n`);
  }
  if (asset) process.stdout.write(`${"asset".padEnd(width)}  ${asset.assetId === null ? `${asset.symbol} (native)` : `${assetLabelOf(asset)}  ${asset.assetId}`}\n`);
}

const assetLabelOf = (a: AssetOfAction): string => (a.issuer ? assetLabel(a.symbol, a.issuer) : a.symbol);

/** `show --id`: the record, or exit code 1 when there is none. */
export async function showAction(rpc: string | undefined, id: string, kind: string): Promise<void> {
  const a = await actionsFor(rpc).get(id);
  if (!a) {
    emit(null, () => process.stdout.write(`no action with id ${id}\n`));
    process.exitCode = 1;
    return;
  }
  if (a.kind !== kind) throw cliError(`${id} is a ${a.kind}, not a ${kind}`);
  emit(a, () => printAction(a));
}
