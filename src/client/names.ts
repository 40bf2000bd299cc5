// Names (docs/NAMES.md): register, renew, transfer, set the primary name; resolve both ways,
// with or without proofs under a header the light client verified (VerifiedChain). `@name`
// works wherever the SDK takes an address through resolveAddress. Browser-safe.
import { formatAddress } from "../chain/address.js";
import type { NameBody } from "../chain/tx/kinds/name.js";
import { checkName, normalizeName } from "../chain/names/rules.js";
import { toAddress, type AddressLike, type ChatBase, type SendOptions, type Submitted } from "./chat-base.js";
import { chatError } from "./chat-errors.js";
import type { Identity } from "./keys.js";
import { RpcClientError } from "./rpc-client.js";
import { checkNameProof, checkReverseProof, type NameProofJson, type ProvenName } from "./verify/name-proofs.js";
import type { HeaderSource } from "./works.js";

export type { ProvenName, NameProofJson };

export interface NameInfo {
  name: string;
  owner: string;
  status: "active" | "grace" | "released";
  expiry: number;
  graceUntil: number;
  registered: number;
  updated: number;
  txId: string;
  height: number;
}

/** What a person typed ("@Alice", "张三") in the chain's one form, or BAD_INPUT naming the rule it breaks. */
export function canonicalName(typed: string): string {
  const name = normalizeName(typed.startsWith("@") ? typed.slice(1) : typed);
  const bad = checkName(name);
  if (bad) throw chatError({ code: "BAD_INPUT", reason: `${bad.code}: ${(bad.type as { reason?: string }).reason ?? ""}` }, `not a valid name: "${typed}" (${bad.code})`);
  return name;
}

/** The RPC's name refusals as the SDK's own errors; anything else is rethrown. */
function nameError(e: unknown, name: string): never {
  if (e instanceof RpcClientError && e.type.code === "RPC_ERROR") {
    if (e.type.reason === "NAME_NOT_FOUND") throw chatError({ code: "NAME_NOT_FOUND", name }, `no name "@${name}"`);
    if (e.type.reason === "NAME_EXPIRED") throw chatError({ code: "NAME_EXPIRED", name }, `"@${name}" has expired`);
  }
  throw e;
}

/** The holder of an active name at the node's head; NAME_NOT_FOUND / NAME_EXPIRED otherwise. */
export async function resolveName(base: ChatBase, typed: string): Promise<{ name: string; address: string; expiry: number; height: number }> {
  const name = canonicalName(typed);
  try {
    return await base.client.rpc.call("name_resolve", [name, false]);
  } catch (e) {
    return nameError(e, name);
  }
}

/** An address, or "@name" resolved to its holder. */
export async function resolveAddress(base: ChatBase, a: AddressLike, what = "address"): Promise<Uint8Array> {
  if (typeof a === "string" && a.startsWith("@")) return toAddress((await resolveName(base, a)).address, what);
  return toAddress(a, what);
}

/** The address's valid primary name (null when none, or when it no longer points back). */
export async function reverseName(base: ChatBase, a: AddressLike): Promise<string | null> {
  const r = await base.client.rpc.call<{ name: string | null }>("name_reverse", [formatAddress(toAddress(a)), false]);
  return r.name;
}

/** Primary names of several addresses (display only: `@alice (parley1...)`); addresses without one are left out. */
export async function displayNames(base: ChatBase, addresses: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const a of new Set(addresses)) {
    const n = await reverseName(base, a).catch(() => null);
    if (n !== null) out.set(a, n);
  }
  return out;
}

export async function getName(base: ChatBase, typed: string): Promise<NameInfo | null> {
  const name = canonicalName(typed);
  try {
    return await base.client.rpc.call<NameInfo>("name_get", [name, false]);
  } catch (e) {
    if (e instanceof RpcClientError && e.type.code === "RPC_ERROR" && e.type.reason === "NAME_NOT_FOUND") return null;
    throw e;
  }
}

export function listNames(base: ChatBase, owner: AddressLike): Promise<{ owner: string; names: NameInfo[]; primary: string | null; height: number }> {
  return base.client.rpc.call("name_list", [formatAddress(toAddress(owner)), false]);
}

/** What `years` of `name` cost beyond the tx fee (burned), from the node's fee table. */
export async function namePrice(base: ChatBase, typed: string, years: number): Promise<bigint> {
  const r = await base.client.rpc.call<{ pay: string }>("name_price", [canonicalName(typed), years]);
  return BigInt(r.pay);
}

function send(base: ChatBase, identity: Identity, body: NameBody, opts: SendOptions): Promise<Submitted> {
  return base.submitSealed(identity, "name", () => body, opts);
}

/** Registers `name` for `years`, paying the fee table's price; refused before signing when it is held. */
export async function registerName(base: ChatBase, identity: Identity, typed: string, years = 1, opts: SendOptions = {}): Promise<Submitted & { name: string; pay: bigint }> {
  const name = canonicalName(typed);
  const held = await getName(base, name);
  if (held && held.status !== "released") throw chatError({ code: "NAME_TAKEN", name, owner: held.owner, expiry: held.expiry }, `"@${name}" is held by ${held.owner} (expiry ${held.expiry}${held.status === "grace" ? ", in grace" : ""})`);
  const pay = await namePrice(base, name, years);
  return { ...(await send(base, identity, { op: "register", name, years, pay }, opts)), name, pay };
}

export async function renewName(base: ChatBase, identity: Identity, typed: string, years = 1, opts: SendOptions = {}): Promise<Submitted & { pay: bigint }> {
  const name = canonicalName(typed);
  const pay = await namePrice(base, name, years);
  return { ...(await send(base, identity, { op: "renew", name, years, pay }, opts)), pay };
}

export async function transferName(base: ChatBase, identity: Identity, typed: string, to: AddressLike, opts: SendOptions = {}): Promise<Submitted> {
  return send(base, identity, { op: "transfer", name: canonicalName(typed), to: await resolveAddress(base, to, "new holder") }, opts);
}

/** Points the sender's address at `name` (its primary name); null clears it. */
export function setPrimaryName(base: ChatBase, identity: Identity, typed: string | null, opts: SendOptions = {}): Promise<Submitted> {
  return send(base, identity, typed === null ? { op: "clearPrimary" } : { op: "setPrimary", name: canonicalName(typed) }, opts);
}

async function headerAt(chain: HeaderSource, height: number) {
  const h = await chain.header(height);
  if (!h) throw chatError({ code: "BAD_NODE_DATA", reason: `no verified header at height ${height}` }, `cannot verify: the light client has no header at height ${height}`);
  return h;
}

/** The name's record proven under a header `chain` verified (record null: proven unregistered). */
export async function verifyName(base: ChatBase, chain: HeaderSource, typed: string): Promise<ProvenName> {
  const name = canonicalName(typed);
  const info = await base.client.rpc.call<{ proof?: NameProofJson }>("name_get", [name, true]);
  if (!info.proof) throw chatError({ code: "BAD_NODE_DATA", reason: "name_get returned no proof" }, "the node did not prove its answer");
  return checkNameProof(await headerAt(chain, info.proof.height), name, info.proof);
}

/** The address's primary name proven under a verified header (name null: none valid). */
export async function verifyReverse(base: ChatBase, chain: HeaderSource, a: AddressLike): Promise<{ name: string | null; claimed: string | null; height: number }> {
  const addr = toAddress(a);
  const info = await base.client.rpc.call<{ proof?: NameProofJson }>("name_reverse", [formatAddress(addr), true]);
  if (!info.proof) throw chatError({ code: "BAD_NODE_DATA", reason: "name_reverse returned no proof" }, "the node did not prove its answer");
  return checkReverseProof(await headerAt(chain, info.proof.height), addr, info.proof);
}
