// The channel-key rows of a finalized block (storage/channel-key-store.ts): which member got a
// wrapped key of which epoch from which tx. A remove starts the next epoch, so the epoch of its
// wraps is the channel's epoch before the block plus the removes seen so far in it.
import type { ExecTx } from "./executor.js";
import { toHex } from "../../util/bytes.js";

export interface ChannelKeyRowWrite {
  channel: Uint8Array;
  member: Uint8Array;
  /** Index of the tx in its block. */
  index: number;
  txId: Uint8Array;
  epoch: number;
}

/** `epochBefore(channel)`: the channel's epoch in the parent state (only asked for removes). */
export function channelKeyRows(txs: readonly ExecTx[], epochBefore: (channel: Uint8Array) => number): ChannelKeyRowWrite[] {
  const out: ChannelKeyRowWrite[] = [];
  let epochs: Map<string, number> | null = null;
  txs.forEach((t, index) => {
    if (t.failure) return;
    const { tx } = t.stx;
    let channel: Uint8Array;
    let epoch: number;
    if (tx.kind === "channelCreate") {
      channel = t.id;
      epoch = 0;
    } else if (tx.kind === "channelInvite") {
      channel = tx.body.channel;
      epoch = tx.body.epoch;
    } else if (tx.kind === "channelRemove") {
      channel = tx.body.channel;
      epochs ??= new Map();
      const key = toHex(channel);
      epoch = (epochs.get(key) ?? epochBefore(channel)) + 1;
      epochs.set(key, epoch);
    } else return;
    for (const m of tx.body.members) out.push({ channel, member: m.member, index, txId: t.id, epoch });
  });
  return out;
}
