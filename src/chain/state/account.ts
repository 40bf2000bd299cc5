import { decodeUnknown, encode, readArray, readBigUint, readBytes, readUint } from "../codec.js";
import type { Account } from "../tx/spec.js";

export const EMPTY_ACCOUNT: Account = Object.freeze({ balance: 0n, nonce: 0, prekey: null });

export function encodeAccount(a: Account): Uint8Array {
  return encode([a.balance, a.nonce, a.prekey]);
}

export function decodeAccount(bytes: Uint8Array): Account | undefined {
  const f = readArray(decodeUnknown(bytes), 3);
  if (!f) return undefined;
  const balance = readBigUint(f[0]);
  const nonce = readUint(f[1]);
  const prekey = f[2] === null ? null : readBytes(f[2], 32);
  if (balance === undefined || nonce === undefined || prekey === undefined) return undefined;
  return { balance, nonce, prekey };
}
