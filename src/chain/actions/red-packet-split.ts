// How a red packet's total is split. Equal: total / shares each, the last claimer also takes
// the remainder. Random ("double mean", as the chat apps do it): with R left for L shares,
// a claim draws uniformly from 1 .. 2R/L - 1, the last claim takes what is left, so every
// share gets at least one base unit and no single claim exceeds twice the fair mean.
//
// The draw: u64 from the first 8 bytes (big-endian) of
//   SHA-256("parley/red-packet/v1" || seed(32) || packetId(32) || u32be(claimIndex))
// where seed is the hash of the block before the one that includes the claim. The claimer
// cannot choose the seed, the packet id, or its index. What it can do is see the seed before
// sending and decide whether to claim now; a proposer can order claims in its block and, by
// grinding its own block's contents, shape the seed the *next* block's claims use. The bound
// on either bias: one claim is never more than 2R/L - 1, never less than 1, and the shares
// always sum to the total; nobody can claim twice or claim without being eligible.
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, u32be, utf8 } from "../../util/bytes.js";

export const RED_PACKET_DOMAIN = utf8("parley/red-packet/v1");

export type SplitName = "equal" | "random";

export function drawU64(seed: Uint8Array, packetId: Uint8Array, claimIndex: number): bigint {
  const d = sha256(concatBytes(RED_PACKET_DOMAIN, seed, packetId, u32be(claimIndex)));
  return new DataView(d.buffer, d.byteOffset, 8).getBigUint64(0);
}

/**
 * The share of claim number `claimIndex` (0-based) given what is left. Requires
 * remaining >= shares - claimIndex (creation checks total >= shares; each claim keeps it).
 */
export function shareFor(
  split: SplitName, total: bigint, shares: number, remaining: bigint, claimIndex: number, seed: Uint8Array, packetId: Uint8Array,
): bigint {
  const left = BigInt(shares - claimIndex);
  if (left === 1n) return remaining;
  if (split === "equal") return total / BigInt(shares);
  // hi = 2R/L - 1 >= 1 because R >= L; never more than leaves one unit for each later share.
  const cap = (2n * remaining) / left - 1n;
  const hi = cap < remaining - (left - 1n) ? cap : remaining - (left - 1n);
  return 1n + (drawU64(seed, packetId, claimIndex) % hi);
}
