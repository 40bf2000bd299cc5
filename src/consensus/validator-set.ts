// A proof-of-authority validator set: equal voting power, addresses are 32-byte Ed25519
// public keys. Sorting by address bytes gives every node the same proposer rotation.
import { compareBytes, toHex } from "../util/bytes.js";

export class ValidatorSet {
  /** Addresses sorted ascending by bytes, without duplicates. */
  readonly addresses: readonly Uint8Array[];
  private readonly index: Map<string, number>;

  private constructor(sorted: Uint8Array[]) {
    this.addresses = sorted;
    this.index = new Map(sorted.map((a, i) => [toHex(a), i]));
  }

  /** Sorts and de-duplicates; an empty set cannot reach a quorum and is refused by callers. */
  static from(addresses: readonly Uint8Array[]): ValidatorSet {
    const sorted = [...addresses].sort(compareBytes);
    const unique = sorted.filter((a, i) => i === 0 || compareBytes(a, sorted[i - 1]!) !== 0);
    return new ValidatorSet(unique.map((a) => Uint8Array.from(a)));
  }

  get size(): number {
    return this.addresses.length;
  }

  /** Q = floor(2n/3) + 1: more than two thirds. */
  get quorum(): number {
    return Math.floor((2 * this.size) / 3) + 1;
  }

  /** f + 1 = floor((n-1)/3) + 1: enough that at least one is honest. */
  get fPlusOne(): number {
    return Math.floor((this.size - 1) / 3) + 1;
  }

  has(address: Uint8Array): boolean {
    return this.index.has(toHex(address));
  }

  indexOf(address: Uint8Array): number {
    return this.index.get(toHex(address)) ?? -1;
  }

  /** Proposer of (h, r): index (h + r) mod n in address order. */
  proposer(height: number, round: number): Uint8Array {
    return this.addresses[(height + round) % this.size]!;
  }
}
