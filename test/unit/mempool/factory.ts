// Test fixtures: real SignedTx values (encodePayload + assembleTx) with a dummy signature,
// since signatures are admission's job, not the pool's.
import { createHash } from "node:crypto";
import { assembleTx, encodePayload } from "../../../src/chain/tx/codec.js";
import type { UnsignedTx } from "../../../src/chain/tx/types.js";
import { mempoolEntry, type MempoolEntry } from "../../../src/mempool/entry.js";
import type { AccountView } from "../../../src/mempool/pool.js";
import { toHex } from "../../../src/util/bytes.js";

export const CHAIN_ID = "parley-test";
const DUMMY_SIG = new Uint8Array(64);

/** A deterministic 32-byte address for sender number `n`. */
export function addr(n: number): Uint8Array {
  const a = new Uint8Array(32);
  new DataView(a.buffer).setUint32(0, n + 1);
  a[31] = 0xaa;
  return a;
}

export interface TxSpec {
  from: Uint8Array;
  nonce: number;
  /** Total fee; ignored when feePerByte is given. Default 10_000. */
  fee?: bigint;
  /** Fee set to exactly feePerByte * wire size (the fee's encoding has a fixed width). */
  feePerByte?: bigint;
  /** Default 1_000_000. */
  expiry?: number;
  /** Anchor tag length: makes the tx bigger. Default 8. */
  tagLength?: number;
  /** Distinguishes otherwise equal txs (it goes into the anchored hash). Default 0. */
  salt?: number;
  /** Makes the tx a transfer of this amount (to addr(999)) instead of an anchor. */
  pay?: bigint;
  arrival?: number;
}

let clock = 0;

function unsigned(spec: TxSpec, fee: bigint): UnsignedTx {
  const common = { chainId: CHAIN_ID, from: spec.from, nonce: spec.nonce, fee, expiry: spec.expiry ?? 1_000_000 };
  if (spec.pay !== undefined) return { kind: "transfer", ...common, body: { to: addr(999), amount: spec.pay, memo: null } };
  const hash = createHash("sha256").update(`${toHex(spec.from)}/${spec.nonce}/${spec.salt ?? 0}`).digest();
  return {
    kind: "anchor",
    chainId: CHAIN_ID,
    from: spec.from,
    nonce: spec.nonce,
    fee,
    expiry: spec.expiry ?? 1_000_000,
    body: { hash: new Uint8Array(hash), tag: "t".repeat(spec.tagLength ?? 8) },
  };
}

/** A pool entry for `spec`; arrival defaults to an increasing counter (first made, first arrived). */
export function makeEntry(spec: TxSpec): MempoolEntry {
  let tx = unsigned(spec, spec.fee ?? 10_000n);
  let payload = encodePayload(tx);
  if (spec.feePerByte !== undefined) {
    tx = unsigned(spec, spec.feePerByte * BigInt(payload.length + DUMMY_SIG.length));
    payload = encodePayload(tx);
  }
  const stx = assembleTx(tx, payload, DUMMY_SIG);
  const id = new Uint8Array(createHash("sha256").update(payload).digest());
  return mempoolEntry(stx, id, spec.arrival ?? ++clock);
}

/** An in-memory AccountView; unknown accounts have nonce 0 and a large balance. */
export class FakeAccounts implements AccountView {
  private readonly accounts = new Map<string, { nonce: number; balance: bigint }>();

  set(address: Uint8Array, nonce: number, balance: bigint = 10n ** 18n): this {
    this.accounts.set(toHex(address), { nonce, balance });
    return this;
  }

  nonceAndBalance(address: Uint8Array): { nonce: number; balance: bigint } {
    return this.accounts.get(toHex(address)) ?? { nonce: 0, balance: 10n ** 18n };
  }
}

/** Nonces of the entries, for compact assertions. */
export function nonces(entries: MempoolEntry[]): number[] {
  return entries.map((e) => e.stx.tx.nonce);
}
