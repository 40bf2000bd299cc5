// Which index entries a finalized tx produces: its sender's history, then what its kind lists
// (TxKindSpec.indexRows). Written in the block's batch, so an index never points at a tx that is
// not on disk, and never misses one that is. indexTx is the one place every tx's rows come from
// (full node at commit, light node checking a page).
import { bytesEqual } from "../../util/bytes.js";
import type { IndexName, IndexStore } from "../storage/index-store.js";
import type { WriteBatch } from "../storage/db.js";
import { specFor } from "../tx/registry.js";
import type { IndexRowSink } from "../tx/spec.js";
import type { SignedTx } from "../tx/types.js";

/** Every index row of one finalized tx, into `out`. */
export function indexTx(stx: SignedTx, id: Uint8Array, out: IndexRowSink): void {
  const { tx } = stx;
  out.row("txByAccount", tx.from);
  specFor(tx).indexRows(tx, id, out);
}

// A tx has a handful of rows; this many covers every kind with room to spare, and a kind with
// more only loses the duplicate check beyond it (a duplicate row rewrites the same key and value).
const MAX_ROWS_CHECKED = 16;

/**
 * Writes a block's index rows into its batch: one writer per block, no array per tx. A row equal
 * to one already written for the same tx (a self-transfer's sender and recipient history) is
 * written once.
 */
export class BlockIndexWriter implements IndexRowSink {
  private txIndex = 0;
  private txId: Uint8Array = new Uint8Array(0);
  private readonly names: IndexName[] = new Array<IndexName>(MAX_ROWS_CHECKED);
  private readonly keys: Uint8Array[] = new Array<Uint8Array>(MAX_ROWS_CHECKED);
  private count = 0;

  constructor(private readonly indexes: IndexStore, private readonly batch: WriteBatch, private readonly height: number) {}

  /**
   * Writes every row of the tx at `txIndex` of the block. A failed tx (in the block, fee paid, no
   * effect) reached nobody: it is only in its sender's history, where it cost a fee.
   */
  writeTx(stx: SignedTx, id: Uint8Array, txIndex: number, failed = false): void {
    this.txIndex = txIndex;
    this.txId = id;
    this.count = 0;
    if (failed) this.row("txByAccount", stx.tx.from);
    else indexTx(stx, id, this);
  }

  row(index: IndexName, key: Uint8Array): void {
    for (let i = 0; i < this.count; i++) if (this.names[i] === index && bytesEqual(this.keys[i]!, key)) return;
    if (this.count < MAX_ROWS_CHECKED) {
      this.names[this.count] = index;
      this.keys[this.count] = key;
      this.count++;
    }
    this.indexes.put(this.batch, index, key, this.height, this.txIndex, this.txId);
  }
}

/** Whether the tx is listed under `key` in `index` (a light node checking what a peer's page lists). */
export function hasIndexRow(stx: SignedTx, id: Uint8Array, index: IndexName, key: Uint8Array): boolean {
  let found = false;
  indexTx(stx, id, {
    row(i, k) {
      if (i === index && bytesEqual(k, key)) found = true;
    },
  });
  return found;
}
