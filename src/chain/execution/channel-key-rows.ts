// The channel-key rows of a finalized block (storage/channel-key-store.ts): which member got a
// wrapped key of which epoch from which tx, read from the kinds' chat-entry facts (no kind is
// named here). An entry whose epoch is null starts the next epoch (a remove), so the epoch of its
// wraps is the channel's epoch before the block plus the epochs started so far in it.
import type { ExecTx } from "./executor.js";
import { specFor } from "../tx/registry.js";
import { toHex } from "../../util/bytes.js";

export interface ChannelKeyRowWrite {
  channel: Uint8Array;
  member: Uint8Array;
  /** Index of the tx in its block. */
  index: number;
  txId: Uint8Array;
  epoch: number;
}

/** `epochBefore(channel)`: the channel's epoch in the parent state (asked once per channel, for new epochs only). */
export function channelKeyRows(txs: readonly ExecTx[], epochBefore: (channel: Uint8Array) => number): ChannelKeyRowWrite[] {
  const out: ChannelKeyRowWrite[] = [];
  let epochs: Map<string, number> | null = null;
  txs.forEach((t, index) => {
    if (t.failure) return;
    const { tx } = t.stx;
    const entry = specFor(tx).chatEntry(tx, t.id);
    if (entry === null || entry.type !== "channel" || entry.wraps.length === 0) return;
    let epoch = entry.epoch;
    if (epoch === null) {
      epochs ??= new Map();
      const key = toHex(entry.channel);
      epoch = (epochs.get(key) ?? epochBefore(entry.channel)) + 1;
      epochs.set(key, epoch);
    }
    for (const w of entry.wraps) out.push({ channel: entry.channel, member: w.member, index, txId: t.id, epoch });
  });
  return out;
}
