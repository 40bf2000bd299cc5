// Factories for action tests: named addresses, a block context, an in-memory ActionState,
// and condition builders that read like the grammar.
import { sha256 } from "@noble/hashes/sha2.js";
import { compareBytes, utf8 } from "../../../../src/util/bytes.js";
import type { Condition } from "../../../../src/chain/actions/condition.js";
import type { ActionState } from "../../../../src/chain/actions/state-keys.js";
import type { ActionCtx, Address, Outcome } from "../../../../src/chain/actions/types.js";

/** A deterministic 32-byte address (or id) named for the test that uses it. */
export function addr(name: string): Address {
  return sha256(utf8(`addr/${name}`));
}

export const ALICE = addr("alice");
export const BOB = addr("bob");
export const CAROL = addr("carol");
export const DAVE = addr("dave");
export const CHANNEL = addr("channel");

export function ctxAt(height: number, timeMs = height * 1000, anchors: Uint8Array[] = []): ActionCtx {
  return { height, timeMs, anchorExists: (h) => anchors.some((a) => compareBytes(a, h) === 0) };
}

/** A Map-backed ActionState; `withDelete: false` exercises the zero-byte tombstone path. */
export class MemoryState implements ActionState {
  readonly map = new Map<string, Uint8Array>();
  readonly delete?: (ns: number, key: Uint8Array) => void;

  constructor(withDelete = true) {
    if (withDelete) this.delete = (ns, key) => void this.map.delete(this.k(ns, key));
  }

  get(ns: number, key: Uint8Array): Uint8Array | undefined {
    return this.map.get(this.k(ns, key));
  }

  set(ns: number, key: Uint8Array, value: Uint8Array): void {
    this.map.set(this.k(ns, key), value);
  }

  private k(ns: number, key: Uint8Array): string {
    return `${ns}:${Buffer.from(key).toString("hex")}`;
  }
}

/** The record of a successful outcome; fails the test with the refusal otherwise. */
export function ok<R>(out: Outcome<R>): Extract<Outcome<R>, { ok: true }> {
  if (!out.ok) throw new Error(`expected success, got ${out.error.message}`);
  return out;
}

/** The refusal code of a failed outcome. */
export function refusal<R>(out: Outcome<R>): string {
  if (out.ok) throw new Error("expected a refusal, got success");
  return out.error.code;
}

export const C = {
  and: (...children: Condition[]): Condition => ({ op: "and", children }),
  or: (...children: Condition[]): Condition => ({ op: "or", children }),
  not: (child: Condition): Condition => ({ op: "not", child }),
  afterHeight: (at: number): Condition => ({ op: "after", clock: "height", at }),
  beforeHeight: (at: number): Condition => ({ op: "before", clock: "height", at }),
  afterTime: (at: number): Condition => ({ op: "after", clock: "time", at }),
  beforeTime: (at: number): Condition => ({ op: "before", clock: "time", at }),
  preimage: (secret: Uint8Array): Condition => ({ op: "hashPreimage", sha256: sha256(secret) }),
  approvals: (m: number, ...of: Address[]): Condition => ({ op: "approvals", m, of: [...of].sort(compareBytes) }),
  anchor: (hash: Uint8Array): Condition => ({ op: "anchorExists", hash }),
  replyDirect: (from: Address | null, to: Address): Condition => ({ op: "reply", from, target: { kind: "direct", to } }),
  replyChannel: (from: Address | null, channel: Uint8Array): Condition => ({ op: "reply", from, target: { kind: "channel", channel } }),
  payment: (from: Address, to: Address, minAmount: bigint): Condition => ({ op: "paymentReceived", from, to, minAmount, asset: null }),
};
