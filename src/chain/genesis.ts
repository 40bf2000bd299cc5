// genesis.json: the chain's id, parameters, first validators and funded accounts. Amounts are
// decimal strings in JSON (they exceed 2^53).
import { ParleyError } from "../util/errors.js";
import { toHex } from "../util/bytes.js";
import { formatAddress, parseAddress } from "./address.js";
import { DEFAULT_PARAMS, type ChainParams } from "./params.js";
import type { Address } from "./tx/types.js";
import { sortValidators } from "./tx/kinds/governance-state.js";
import { U64_MAX } from "./tx/kinds/funds.js";

export type GenesisErrorType = { code: "BAD_GENESIS"; field: string; reason: string };
export class GenesisError extends ParleyError<GenesisErrorType> {}

export interface Genesis {
  chainId: string;
  genesisTime: number;
  params: ChainParams;
  validators: Address[];
  accounts: Array<{ address: Address; balance: bigint }>;
}

function bad(field: string, reason: string): GenesisError {
  return new GenesisError({ code: "BAD_GENESIS", field, reason }, `genesis: ${field}: ${reason}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parseAmount(v: unknown, field: string): bigint {
  if (typeof v !== "string" && typeof v !== "number") throw bad(field, "must be a decimal string");
  // JSON.parse has already rounded a number above 2^53: refuse it rather than mint a different amount.
  if (typeof v === "number" && !Number.isSafeInteger(v)) throw bad(field, "numbers above 2^53 are inexact: use a decimal string");
  const s = String(v);
  if (!/^\d{1,20}$/.test(s)) throw bad(field, "must be a non-negative decimal integer");
  const n = BigInt(s);
  if (n >= 1n << 64n) throw bad(field, "must fit in 64 bits");
  return n;
}

function parseParams(raw: unknown): ChainParams {
  if (raw === undefined) return { ...DEFAULT_PARAMS };
  if (!isRecord(raw)) throw bad("params", "must be an object");
  const out: ChainParams = { ...DEFAULT_PARAMS };
  for (const [k, v] of Object.entries(raw)) {
    // Own keys only: `in` would accept inherited names such as "toString".
    if (!Object.hasOwn(DEFAULT_PARAMS, k)) throw bad(`params.${k}`, "unknown parameter");
    const key = k as keyof ChainParams;
    if (key === "nativeSymbol") {
      if (typeof v !== "string" || !/^[A-Za-z0-9]{1,12}$/.test(v)) throw bad("params.nativeSymbol", "1-12 letters or digits");
      out.nativeSymbol = v;
    } else if (key === "assetIssuers") out.assetIssuers = parseIssuers(v);
    else if (typeof DEFAULT_PARAMS[key] === "bigint") (out as unknown as Record<string, bigint>)[key] = parseAmount(v, `params.${k}`);
    else {
      if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw bad(`params.${k}`, "must be a non-negative integer");
      (out as unknown as Record<string, number>)[key] = v;
    }
  }
  if (out.blockTimeMs < 10) throw bad("params.blockTimeMs", "must be at least 10 ms");
  if (out.maxBlockTxs < 1) throw bad("params.maxBlockTxs", "must be at least 1");
  if (out.nativeDecimals > 18) throw bad("params.nativeDecimals", "at most 18");
  if (out.assetFlagsAllowed > 0x0f) throw bad("params.assetFlagsAllowed", "a bitmask of the asset flags 1, 2, 4, 8");
  return out;
}

/** "anyone" (null), or a list of the addresses allowed to create assets. */
function parseIssuers(v: unknown): Uint8Array[] | null {
  if (v === "anyone" || v === null) return null;
  if (!Array.isArray(v)) throw bad("params.assetIssuers", `"anyone" or a list of addresses`);
  return v.map((a, i) => {
    const addr = typeof a === "string" ? parseAddress(a) : null;
    if (!addr) throw bad(`params.assetIssuers[${i}]`, "address must be parley1... or 64 hex");
    return addr;
  });
}

/** A parameter as genesis JSON holds it (amounts as decimal strings, addresses in bech32m). */
export function paramJson(v: ChainParams[keyof ChainParams]): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v === null) return "anyone";
  if (Array.isArray(v)) return v.map((a: Uint8Array) => formatAddress(a));
  return v;
}

// Fields a genesis may hold. A misspelt field ("validator") would otherwise be ignored and the
// chain started without it. `name` and `peerId` are for people and tools: not part of the chain.
const TOP_FIELDS = new Set(["chainId", "genesisTime", "params", "validators", "accounts"]);
const VALIDATOR_FIELDS = new Set(["name", "address", "peerId"]);
const ACCOUNT_FIELDS = new Set(["name", "address", "balance"]);

function refuseUnknown(raw: Record<string, unknown>, known: ReadonlySet<string>, where: string): void {
  for (const k of Object.keys(raw)) if (!known.has(k)) throw bad(where === "" ? k : `${where}.${k}`, `unknown field (known: ${[...known].join(", ")})`);
}

export interface ParseGenesisOptions {
  /** A genesis being assembled (`parley genesis add-validator ...`) may have no validator yet. */
  draft?: boolean;
}

/** Parses and validates genesis JSON text; throws GenesisError naming the bad field. */
export function parseGenesis(text: string, opts: ParseGenesisOptions = {}): Genesis {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw bad("(file)", `not valid JSON: ${(e as Error).message}`);
  }
  if (!isRecord(raw)) throw bad("(file)", "must be a JSON object");
  refuseUnknown(raw, TOP_FIELDS, "");
  const chainId = raw["chainId"];
  if (typeof chainId !== "string" || !/^[a-zA-Z0-9._-]{1,64}$/.test(chainId)) throw bad("chainId", "1-64 characters of [a-zA-Z0-9._-]");
  const genesisTime = raw["genesisTime"];
  if (typeof genesisTime !== "number" || !Number.isSafeInteger(genesisTime) || genesisTime < 0) throw bad("genesisTime", "ms since epoch");
  const params = parseParams(raw["params"]);
  const vals = raw["validators"];
  if (opts.draft && vals === undefined) return { chainId, genesisTime, params, validators: [], accounts: parseAccounts(raw["accounts"]) };
  if (!Array.isArray(vals) || (vals.length === 0 && !opts.draft)) throw bad("validators", "at least one validator");
  const validators = vals.map((v, i) => {
    if (isRecord(v)) refuseUnknown(v, VALIDATOR_FIELDS, `validators[${i}]`);
    const text = isRecord(v) ? v["address"] : v;
    const a = typeof text === "string" ? parseAddress(text) : null;
    if (!a) throw bad(`validators[${i}]`, "address must be parley1... or 64 hex");
    return a;
  });
  const seen = new Set(validators.map((v) => toHex(v)));
  if (seen.size !== validators.length) throw bad("validators", "duplicate validator");
  return { chainId, genesisTime, params, validators: sortValidators(validators), accounts: parseAccounts(raw["accounts"]) };
}

function parseAccounts(raw: unknown): Genesis["accounts"] {
  const accts = raw ?? [];
  if (!Array.isArray(accts)) throw bad("accounts", "must be an array");
  const funded = new Set<string>();
  const accounts = accts.map((a, i) => {
    if (!isRecord(a)) throw bad(`accounts[${i}]`, "must be {address, balance}");
    refuseUnknown(a, ACCOUNT_FIELDS, `accounts[${i}]`);
    const address = typeof a["address"] === "string" ? parseAddress(a["address"]) : null;
    if (!address) throw bad(`accounts[${i}].address`, "must be parley1... or 64 hex");
    // One entry per account: two would leave the genesis state depending on write order.
    const hex = toHex(address);
    if (funded.has(hex)) throw bad(`accounts[${i}].address`, "account listed twice");
    funded.add(hex);
    return { address, balance: parseAmount(a["balance"], `accounts[${i}].balance`) };
  });
  // The native token is never minted after genesis, so this cap keeps every balance and every
  // block's fees inside a u64 for the life of the chain.
  const supply = accounts.reduce((sum, a) => sum + a.balance, 0n);
  if (supply > U64_MAX) throw bad("accounts", `total supply ${supply} exceeds 2^64-1 (${U64_MAX})`);
  return accounts;
}

/** The JSON that parseGenesis reads back to the same Genesis (amounts as decimal strings). */
export function genesisToJson(g: Genesis): Record<string, unknown> {
  return {
    chainId: g.chainId,
    genesisTime: g.genesisTime,
    params: Object.fromEntries(Object.entries(g.params).map(([k, v]) => [k, paramJson(v as ChainParams[keyof ChainParams])])),
    validators: g.validators.map((v) => ({ address: formatAddress(v) })),
    accounts: g.accounts.map((a) => ({ address: formatAddress(a.address), balance: a.balance.toString() })),
  };
}
