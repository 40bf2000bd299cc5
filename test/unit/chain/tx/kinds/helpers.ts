// What a kind's spec says about one sample tx, in plain values tests can compare: its index rows
// (through the generic indexer, so the sender's history row comes first), notification parties,
// body JSON and chat facts.
import { sha256 } from "@noble/hashes/sha2.js";
import { formatAddress } from "../../../../../src/chain/address.js";
import { indexTx } from "../../../../../src/chain/execution/indexer.js";
import { txNotification } from "../../../../../src/chain/execution/notify.js";
import type { IndexName } from "../../../../../src/chain/storage/index-store.js";
import type { TxKindName } from "../../../../../src/chain/tx/kinds.js";
import { specOf } from "../../../../../src/chain/tx/registry.js";
import type { SignedTx, TxBodies } from "../../../../../src/chain/tx/types.js";
import { toHex } from "../../../../../src/util/bytes.js";
import { identity, sampleTx } from "../fixtures.js";

export const alice = identity("alice");
export const bob = identity("bob");
export const carol = identity("carol");

export interface Sample<K extends TxKindName> {
  stx: SignedTx<K>;
  id: Uint8Array;
}

/** The fixture tx of `kind` (sent by alice), or one with `body`. */
export function sample<K extends TxKindName>(kind: K, body?: TxBodies[K]): Sample<K> {
  const built = sampleTx(kind, body === undefined ? {} : { body });
  return { stx: built.stx as SignedTx<K>, id: sha256(built.stx.payload) };
}

/** Every index row the full node writes for the tx, as [index, hex key], in order. */
export function indexRows(s: Sample<TxKindName>): Array<[IndexName, string]> {
  const out: Array<[IndexName, string]> = [];
  indexTx(s.stx, s.id, { row: (index, key) => out.push([index, toHex(key)]) });
  return out;
}

/** Who a notification goes to, as hex, or null when nobody is notified. */
export function parties(s: Sample<TxKindName>): { parties: string[]; channel: string | null } | null {
  const p = txNotification(s.stx, s.id);
  return p && { parties: p.parties.map(toHex), channel: p.channel && toHex(p.channel) };
}

export function bodyJson<K extends TxKindName>(s: Sample<K>): unknown {
  return specOf(s.stx.tx.kind).bodyJson(s.stx.tx as never);
}

export function chatEntry<K extends TxKindName>(s: Sample<K>): unknown {
  return specOf(s.stx.tx.kind).chatEntry(s.stx.tx as never, s.id);
}

export const hex = (b: Uint8Array): string => toHex(b);
export const hex0x = (b: Uint8Array): string => "0x" + toHex(b);
export const bech = (who: { publicKey: Uint8Array }): string => formatAddress(who.publicKey);
