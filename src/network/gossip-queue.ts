// A bounded FIFO for one gossip topic. When full it gives up one message per the topic's drop
// policy and hands it back, so the caller can report it to gossipsub as Ignore and count it.
import { NetworkError } from "./errors.js";
import type { DropPolicy } from "./topics.js";

export class GossipQueue<T> {
  // A ring buffer: push and shift are O(1) even at thousands of messages per second.
  private readonly items: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(
    readonly maxLength: number,
    readonly drop: DropPolicy,
  ) {
    if (!Number.isInteger(maxLength) || maxLength < 1) throw new NetworkError({ code: "INVALID_CONFIG", reason: `queue maxLength must be a positive integer, got ${maxLength}` });
    this.items = new Array<T | undefined>(maxLength);
  }

  get length(): number {
    return this.size;
  }

  /** Adds `item`; returns the item dropped to make room (possibly `item` itself), or null. */
  push(item: T): T | null {
    if (this.size < this.maxLength) {
      this.items[(this.head + this.size) % this.maxLength] = item;
      this.size++;
      return null;
    }
    if (this.drop === "newest") return item;
    // drop oldest: overwrite the head slot and advance the head
    const dropped = this.items[this.head] as T;
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.maxLength;
    return dropped;
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.maxLength;
    this.size--;
    return item;
  }

  /** Empties the queue, returning what was waiting (oldest first). */
  clear(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }
}
