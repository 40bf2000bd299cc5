// Builds and signs transactions on the client (browser-safe). The node recomputes everything.
import { sha256 } from "@noble/hashes/sha2.js";
import { assembleTx, encodePayload, signingMessage } from "../chain/tx/codec.js";
import type { TxKindName } from "../chain/tx/kinds.js";
import type { SignedTx, TxBodies, UnsignedTx } from "../chain/tx/types.js";
import { toHex } from "../util/bytes.js";
import { signBytes, type Identity } from "./keys.js";

export interface TxFields {
  chainId: string;
  nonce: number;
  fee: bigint;
  expiry: number;
}

export interface BuiltTx {
  stx: SignedTx;
  id: string; // hex
  bytes: Uint8Array;
}

export function buildTx<K extends TxKindName>(id: Identity, kind: K, body: TxBodies[K], f: TxFields): BuiltTx {
  const tx = { kind, chainId: f.chainId, from: id.publicKey, nonce: f.nonce, fee: f.fee, expiry: f.expiry, body } as UnsignedTx;
  const payload = encodePayload(tx);
  const sig = signBytes(id.secretKey, signingMessage(f.chainId, payload));
  const stx = assembleTx(tx, payload, sig);
  return { stx, id: toHex(sha256(payload)), bytes: stx.bytes };
}

/** The smallest fee the chain accepts for a tx of this size (fee field is fixed-width, so one pass suffices). */
export function feeFor(size: number, feeBase: bigint, feePerByte: bigint): bigint {
  return feeBase + feePerByte * BigInt(size);
}
