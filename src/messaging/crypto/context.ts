// Encoders for the context fields that keys and associated data bind. Every variable-length
// field is length-prefixed and every other field has a fixed width, so two different contexts
// can never serialise to the same bytes.
//
// These inputs come from decoded transactions (already checked by the chain codec) or from the
// caller's own code, so a wrong length here is a programmer error and throws a RangeError;
// nothing a peer sends reaches these checks unvalidated.
import { concatBytes, u32be, u64be, utf8 } from "../../util/bytes.js";

/** Longest chain id in bytes: its length travels in one byte. */
export const MAX_CHAIN_ID_BYTES = 255;
const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = 0xffff_ffff;

/** u8(len(utf8(chainId))) || utf8(chainId), the same framing the tx signature uses. */
export function chainIdField(chainId: string): Uint8Array {
  const id = utf8(chainId);
  if (id.length > MAX_CHAIN_ID_BYTES) throw new RangeError(`chainId longer than ${MAX_CHAIN_ID_BYTES} bytes`);
  return concatBytes(Uint8Array.of(id.length), id);
}

export function fixed(bytes: Uint8Array, length: number, name: string): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw new RangeError(`${name} must be ${length} bytes`);
  return bytes;
}

/** u64be of a tx nonce. */
export function nonceField(txNonce: bigint | number): Uint8Array {
  const n = typeof txNonce === "bigint" ? txNonce : Number.isSafeInteger(txNonce) ? BigInt(txNonce) : -1n;
  if (n < 0n || n > U64_MAX) throw new RangeError("txNonce must be an integer in [0, 2^64)");
  return u64be(n);
}

/** u32be of a channel epoch. */
export function epochField(epoch: number): Uint8Array {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > U32_MAX) throw new RangeError("epoch must be an integer in [0, 2^32)");
  return u32be(epoch);
}

export function labelField(label: string): Uint8Array {
  return utf8(label);
}
