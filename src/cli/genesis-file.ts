// The genesis ceremony's file operations (`parley genesis ...`): a genesis.json is assembled
// step by step (new, add-validator, fund, set-param), every step re-validated before the file
// is written, so a draft on disk is always a genesis that parses (only "no validator yet" is
// allowed until `validate`). Validator entries keep a name and the peer id for people; the
// chain reads neither, and `validate` checks that each peer id is the one the address implies.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { formatAddress, parseAddress } from "../chain/address.js";
import { GenesisError, paramJson, parseGenesis, type Genesis } from "../chain/genesis.js";
import { genesisHash } from "../chain/genesis-hash.js";
import { DEFAULT_PARAMS, type ChainParams } from "../chain/params.js";
import { genesisAnchor } from "../light/genesis.js";
import { peerIdFromEd25519PublicKey } from "../network/identity.js";
import { toHex } from "../util/bytes.js";
import { cliError, parseAmount } from "./common.js";

export type RawGenesis = Record<string, unknown> & { validators: Array<Record<string, unknown>>; accounts: Array<Record<string, unknown>> };

function paramsJson(p: ChainParams): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, paramJson(v as ChainParams[keyof ChainParams])]));
}

/** A genesis with every parameter at its default, no validators and no accounts. */
export function newGenesis(chainId: string, genesisTime: number): RawGenesis {
  return { chainId, genesisTime, params: paramsJson(DEFAULT_PARAMS), validators: [], accounts: [] };
}

export function readGenesisFile(path: string): RawGenesis {
  if (!existsSync(path)) throw cliError(`genesis file not found: ${path} (start one with: parley genesis new --out ${path} --chain-id <id>)`);
  const text = readFileSync(path, "utf8");
  parseGenesis(text, { draft: true }); // refuses a broken file before anything edits it
  const raw = JSON.parse(text) as Record<string, unknown>;
  const validators = ((raw["validators"] as unknown[] | undefined) ?? []).map((v) => (typeof v === "string" ? { address: v } : (v as Record<string, unknown>)));
  return { ...raw, validators, accounts: (raw["accounts"] as Array<Record<string, unknown>> | undefined) ?? [] };
}

/** Validates the edited draft and writes it; nothing is written when it does not parse. */
export function writeGenesisFile(path: string, raw: RawGenesis, overwrite = true): Genesis {
  if (!overwrite && existsSync(path)) throw cliError(`${path} exists; refusing to overwrite a genesis (choose another --out)`);
  const text = JSON.stringify(raw, null, 2) + "\n";
  const g = parseGenesis(text, { draft: true });
  writeFileSync(path, text);
  return g;
}

function addressOf(text: string, what: string): Uint8Array {
  const a = parseAddress(text);
  if (!a) throw cliError(`${what}: not an address: "${text}" (parley1... or 64 hex)`);
  return a;
}

function sameAddress(entry: Record<string, unknown>, a: Uint8Array): boolean {
  const x = typeof entry["address"] === "string" ? parseAddress(entry["address"]) : null;
  return x !== null && toHex(x) === toHex(a);
}

/** Adds a validator; `peerId`, when given, must be the one its address implies (a typo check). */
export function addValidator(raw: RawGenesis, addressText: string, opts: { peerId?: string | undefined; name?: string | undefined }): { address: string; peerId: string } {
  const a = addressOf(addressText, "--address");
  const peerId = peerIdFromEd25519PublicKey(a);
  if (opts.peerId !== undefined && opts.peerId !== peerId) {
    throw cliError(`--peer-id ${opts.peerId} is not the peer id of ${formatAddress(a)} (${peerId}): a validator's node uses its validator key as p2p identity; check both with \`parley keys show\``);
  }
  if (raw.validators.some((v) => sameAddress(v, a))) throw cliError(`${formatAddress(a)} is already a validator of this genesis`);
  raw.validators.push({ ...(opts.name ? { name: opts.name } : {}), address: formatAddress(a), peerId });
  return { address: formatAddress(a), peerId };
}

/** Sets an account's genesis balance (adding the account when it is new). */
export function fundAccount(raw: RawGenesis, addressText: string, balanceText: string, name?: string): void {
  const a = addressOf(addressText, "--address");
  const balance = parseAmount(balanceText, "--balance").toString();
  const existing = raw.accounts.find((x) => sameAddress(x, a));
  if (existing) existing["balance"] = balance;
  else raw.accounts.push({ ...(name ? { name } : {}), address: formatAddress(a), balance });
}

const TOP_SETTABLE = ["chainId", "genesisTime"] as const;

/** Sets a parameter (params.<name>) or chainId / genesisTime. */
export function setParam(raw: RawGenesis, name: string, value: string): void {
  if (name === "chainId") raw["chainId"] = value;
  else if (name === "genesisTime") raw["genesisTime"] = value === "now" ? Date.now() : Number(value);
  else if (Object.hasOwn(DEFAULT_PARAMS, name)) {
    const params = { ...((raw["params"] as Record<string, unknown> | undefined) ?? {}) };
    if (typeof DEFAULT_PARAMS[name as keyof ChainParams] === "bigint" || name === "nativeSymbol") params[name] = value;
    else if (name === "assetIssuers") params[name] = value === "anyone" ? "anyone" : value.split(",").map((a) => a.trim());
    else {
      if (!/^\d+$/.test(value)) throw cliError(`${name} must be a non-negative integer (got "${value}")`);
      params[name] = Number(value);
    }
    raw["params"] = params;
  } else throw cliError(`unknown parameter "${name}"; parameters: ${[...TOP_SETTABLE, ...Object.keys(DEFAULT_PARAMS)].join(", ")}`);
}

export interface GenesisReport {
  chainId: string;
  genesisHash: string;
  header0Hash: string;
  validators: Array<{ name: string | null; address: string; peerId: string; balance: string }>;
  accounts: number;
  supply: string;
  params: Record<string, unknown>;
  warnings: string[];
}

/** Full validation (a chain can start from it) plus the checks a ceremony needs; throws on a refusal. */
export async function validateGenesis(text: string): Promise<GenesisReport> {
  const g = parseGenesis(text);
  const raw = JSON.parse(text) as { validators: unknown[] };
  const warnings: string[] = [];
  const validators = raw.validators.map((v, i) => {
    const entry = typeof v === "string" ? { address: v } : (v as Record<string, unknown>);
    const a = parseAddress(String(entry["address"]))!;
    const peerId = peerIdFromEd25519PublicKey(a);
    if (entry["peerId"] !== undefined && entry["peerId"] !== peerId) {
      throw new GenesisError({ code: "BAD_GENESIS", field: `validators[${i}].peerId`, reason: `is not the peer id of its address (${peerId})` }, `genesis: validators[${i}].peerId: ${String(entry["peerId"])} is not the peer id of ${formatAddress(a)} (${peerId})`);
    }
    const balance = g.accounts.find((x) => toHex(x.address) === toHex(a))?.balance ?? 0n;
    // Governance votes are txs and pay the fee like any other (docs/OPERATIONS.md, "Fees").
    if (balance < g.params.feeBase + g.params.feePerByte * 200n) warnings.push(`validator ${formatAddress(a)} has no funds for a governance vote's fee (fund it: parley genesis fund)`);
    return { name: typeof entry["name"] === "string" ? entry["name"] : null, address: formatAddress(a), peerId, balance: balance.toString() };
  });
  if (g.params.heartbeatMs !== 0 && g.params.heartbeatMs < g.params.blockTimeMs) warnings.push(`heartbeatMs (${g.params.heartbeatMs}) is below blockTimeMs (${g.params.blockTimeMs}): idle blocks come every blockTimeMs`);
  if (g.validators.length === 2) warnings.push("2 validators tolerate no failure (both must be up); 4 tolerate one, 7 two");
  const anchor = await genesisAnchor(g);
  return {
    chainId: g.chainId,
    genesisHash: toHex(genesisHash(g)),
    header0Hash: toHex(anchor.hash),
    validators,
    accounts: g.accounts.length,
    supply: g.accounts.reduce((s, a) => s + a.balance, 0n).toString(),
    params: paramsJson(g.params),
    warnings,
  };
}
