// Verified messages for the next height, held until the engine gets there (peers that decided
// a moment earlier are already voting on it). Bounded per sender so one validator cannot fill it.
import { toHex } from "../util/bytes.js";
import type { ConsensusMessage } from "./messages.js";

// Enough for a proposal plus both votes in the first few rounds of the next height; an honest
// validator rarely gets further before we catch up, and sync covers it when it does.
export const FUTURE_PER_SENDER = 16;

export class FutureBuffer {
  private height = -1;
  private messages: ConsensusMessage[] = [];
  private readonly perSender = new Map<string, number>();
  private readonly signatures = new Set<string>();

  /** Drops whatever is buffered for another height. */
  private retarget(height: number): void {
    if (height === this.height) return;
    this.height = height;
    this.messages = [];
    this.perSender.clear();
    this.signatures.clear();
  }

  has(height: number, msg: ConsensusMessage): boolean {
    return height === this.height && this.signatures.has(toHex(msg.signature));
  }

  isFull(height: number, sender: Uint8Array): boolean {
    return height === this.height && (this.perSender.get(toHex(sender)) ?? 0) >= FUTURE_PER_SENDER;
  }

  add(height: number, sender: Uint8Array, msg: ConsensusMessage): void {
    this.retarget(height);
    const who = toHex(sender);
    this.perSender.set(who, (this.perSender.get(who) ?? 0) + 1);
    this.signatures.add(toHex(msg.signature));
    this.messages.push(msg);
  }

  /** Distinct senders buffered for `height`. */
  senders(height: number): number {
    return height === this.height ? this.perSender.size : 0;
  }

  /** Removes and returns the messages of `height`; anything else buffered is dropped. */
  take(height: number): ConsensusMessage[] {
    const out = height === this.height ? this.messages : [];
    this.retarget(-1);
    return out;
  }
}
