// Wire format of a transaction (docs/PROTOCOL.md):
//   tx      = sig (64 bytes) || payload
//   payload = msgpack [kindByte, chainId, from(32), nonce, fee(u64), expiry, [body fields...]]
//   sig     = Ed25519(from, "parley/tx/v1" || u8(len(chainId)) || chainId || payload)
//   id      = SHA-256(payload)   (the signature is outside the id: malleating it cannot change an id)
// Decoding never throws: every failure is a typed TxError.
import { concatBytes, utf8 } from "../../util/bytes.js";
import { err, ok, type Result } from "../../util/errors.js";
import { decodeUnknown, encode, isCanonical, readArray, readBigUint, readBytes, readString, readUint } from "../codec.js";
import { TxKind, type TxKindName } from "./kinds.js";
import { kindByByte, specOf } from "./registry.js";
import { txError, type TxError } from "./errors.js";
import type { SignedTx, UnsignedTx } from "./types.js";

export const TX_DOMAIN = "parley/tx/v1";
export const SIG_LEN = 64;
const MAX_CHAIN_ID = 64;

function payloadFields(tx: UnsignedTx): unknown[] {
  const spec = specOf(tx.kind);
  const body = (spec.encodeBody as (b: unknown) => unknown[])(tx.body);
  return [TxKind[tx.kind], tx.chainId, tx.from, tx.nonce, tx.fee, tx.expiry, body];
}

export function encodePayload(tx: UnsignedTx): Uint8Array {
  return encode(payloadFields(tx));
}

// A node signs and checks txs of one chain: its prefix is built once, not twice per tx.
let prefixFor: { chainId: string; prefix: Uint8Array } | null = null;

/** utf8(TX_DOMAIN) || u8(len(chainId)) || chainId: what the signed message starts with. */
export function signingPrefix(chainId: string): Uint8Array {
  if (prefixFor?.chainId !== chainId) {
    const id = utf8(chainId);
    prefixFor = { chainId, prefix: concatBytes(utf8(TX_DOMAIN), Uint8Array.of(id.length), id) };
  }
  return prefixFor.prefix;
}

export function signingMessage(chainId: string, payload: Uint8Array): Uint8Array {
  const prefix = signingPrefix(chainId);
  const out = new Uint8Array(prefix.length + payload.length);
  out.set(prefix);
  out.set(payload, prefix.length);
  return out;
}

export function assembleTx(tx: UnsignedTx, payload: Uint8Array, sig: Uint8Array): SignedTx {
  return { tx, payload, sig, bytes: concatBytes(sig, payload) };
}

export function decodePayload(payload: Uint8Array): Result<UnsignedTx, TxError> {
  const raw = readArray(decodeUnknown(payload), 7);
  if (!raw) return err(txError({ code: "BAD_ENCODING", reason: "payload must be a 7-element array" }));
  const kindByte = readUint(raw[0]);
  const kind: TxKindName | undefined = kindByte === undefined ? undefined : kindByByte(kindByte);
  if (kind === undefined) return err(txError({ code: "UNKNOWN_KIND", kind: typeof raw[0] === "number" ? raw[0] : -1 }));
  const chainId = readString(raw[1], MAX_CHAIN_ID);
  const from = readBytes(raw[2], 32);
  const nonce = readUint(raw[3]);
  const fee = readBigUint(raw[4]);
  const expiry = readUint(raw[5]);
  const fields = readArray(raw[6]);
  if (chainId === undefined) return err(txError({ code: "BAD_ENCODING", reason: "chainId must be a short string" }));
  if (!from) return err(txError({ code: "BAD_ENCODING", reason: "from must be 32 bytes" }));
  if (nonce === undefined) return err(txError({ code: "BAD_ENCODING", reason: "nonce must be a non-negative integer" }));
  if (fee === undefined) return err(txError({ code: "BAD_ENCODING", reason: "fee must be a u64" }));
  if (expiry === undefined) return err(txError({ code: "BAD_ENCODING", reason: "expiry must be a non-negative integer" }));
  if (!fields) return err(txError({ code: "BAD_ENCODING", reason: "body must be an array" }));
  const body = specOf(kind).decodeBody(fields);
  if (typeof body === "string") return err(txError({ code: "BAD_ENCODING", reason: body }));
  const tx = { kind, chainId, from, nonce, fee, expiry, body } as UnsignedTx;
  // [REJECT] one value, one encoding: re-encoding must give back the exact payload bytes.
  if (!isCanonical(payloadFields(tx), payload)) return err(txError({ code: "NON_CANONICAL" }));
  return ok(tx);
}

/** Splits and decodes wire bytes; does NOT verify the signature (see verifyTx). */
export function decodeTx(bytes: Uint8Array, maxBytes: number): Result<SignedTx, TxError> {
  // [REJECT] size is checked before any parsing work.
  if (bytes.length > maxBytes) return err(txError({ code: "TOO_LARGE", size: bytes.length, max: maxBytes }));
  if (bytes.length <= SIG_LEN) return err(txError({ code: "BAD_ENCODING", reason: "shorter than a signature" }));
  const sig = bytes.subarray(0, SIG_LEN);
  const payload = bytes.subarray(SIG_LEN);
  const tx = decodePayload(payload);
  if (!tx.ok) return tx;
  return ok({ tx: tx.value, payload, sig, bytes });
}
