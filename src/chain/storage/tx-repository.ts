// Finalized txs by id, decoded. Every reader of stored txs (RPC modules, the light server) goes
// through here, so a tx that is missing or does not decode although a block or an index names it
// is reported one way: StoredTxError CORRUPT_TX, which no peer or client input can cause (every
// stored tx passed decoding before its block was committed), so it means a damaged data dir.
import { ParleyError } from "../../util/errors.js";
import { toHex } from "../../util/bytes.js";
import { decodeTx } from "../tx/codec.js";
import type { SignedTx } from "../tx/types.js";
import type { BlockStore, StoredTx } from "./block-store.js";

export type StoredTxErrorType = { code: "CORRUPT_TX"; id: string; reason: "missing" | "undecodable" };

export class StoredTxError extends ParleyError<StoredTxErrorType> {}

/** A finalized tx, decoded, with its id and its place in the chain. */
export interface FinalizedTx {
  id: Uint8Array;
  stx: SignedTx;
  height: number;
  index: number;
  /** The error code of a tx included as failed (fee paid, no effect); absent when it took effect. */
  failure?: string;
}

// Stored txs were size-checked at admission under the chain's own cap; reading them back must
// not refuse one because a later genesis parameter is smaller.
const NO_SIZE_CAP = Number.MAX_SAFE_INTEGER;

export class TxRepository {
  constructor(private readonly blocks: BlockStore) {}

  /** The finalized tx with this id, or undefined when the chain has none. */
  async get(id: Uint8Array): Promise<FinalizedTx | undefined> {
    const stored = await this.blocks.tx(id);
    return stored ? decodeStored(id, stored) : undefined;
  }

  /** Txs a block or an index names, in the order asked: each must be stored, or the data dir is corrupt. */
  async getAll(ids: readonly Uint8Array[]): Promise<FinalizedTx[]> {
    const stored = await this.blocks.txs([...ids]);
    return ids.map((id, i) => {
      const s = stored[i];
      if (!s) throw new StoredTxError({ code: "CORRUPT_TX", id: toHex(id), reason: "missing" });
      return decodeStored(id, s);
    });
  }
}

function decodeStored(id: Uint8Array, stored: StoredTx): FinalizedTx {
  const d = decodeTx(stored.bytes, NO_SIZE_CAP);
  if (!d.ok) throw new StoredTxError({ code: "CORRUPT_TX", id: toHex(id), reason: "undecodable" });
  const found: FinalizedTx = { id, stx: d.value, height: stored.height, index: stored.index };
  if (stored.failure !== undefined) found.failure = stored.failure;
  return found;
}
