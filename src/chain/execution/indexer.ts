// Which index entries a finalized tx produces. Written in the block's batch, so an index never
// points at a tx that is not on disk, and never misses one that is.
import type { IndexName } from "../storage/index-store.js";
import type { SignedTx } from "../tx/types.js";
import { bytesEqual } from "../../util/bytes.js";

export interface IndexWrite {
  index: IndexName;
  key: Uint8Array;
}

export function indexWrites(stx: SignedTx, txId: Uint8Array): IndexWrite[] {
  const { tx } = stx;
  const out: IndexWrite[] = [{ index: "txByAccount", key: tx.from }];
  switch (tx.kind) {
    case "transfer":
    case "message":
      out.push({ index: "inbox", key: tx.body.to }, { index: "sent", key: tx.from }, { index: "txByAccount", key: tx.body.to });
      break;
    case "channelCreate":
      out.push({ index: "channelLog", key: txId });
      break;
    case "channelInvite":
    case "channelRemove":
    case "channelPost":
      out.push({ index: "channelLog", key: tx.body.channel });
      break;
    default:
      break;
  }
  // A self-transfer must not be listed twice in the same account's history (the only way two
  // entries of one index can share a key: from = to).
  if (out.length === 4 && bytesEqual(out[0]!.key, out[3]!.key)) out.pop();
  return out;
}
