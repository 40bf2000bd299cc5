// At start, before a validator signs anything: does its signing WAL still hold what it signed
// at the head? The engine prunes the WAL only after a height is committed, keeping that height,
// so if the head block's certificate carries our precommit, the WAL must hold it too. If it
// does not, the WAL was truncated, lost or swapped (restored from an older backup, a copy of
// another data dir): what else it lost may be a signature at a height the node is about to
// sign again, so the node refuses to start.
import { bytesEqual, toHex } from "../util/bytes.js";
import { ParleyError } from "../util/errors.js";
import { decodeCertificate } from "../consensus/certificate.js";
import type { SigningWal } from "../consensus/wal.js";
import type { Chain } from "../chain/chain.js";

export type WalCheckErrorType = { code: "WAL_BEHIND_CHAIN"; file: string; height: number; round: number };

export class WalCheckError extends ParleyError<WalCheckErrorType> {}

export async function checkWalCoversHead(chain: Chain, wal: Pick<SigningWal, "get"> & { highestHeight(): number }, me: Uint8Array, file: string): Promise<void> {
  const height = chain.head.height;
  if (height === 0) return;
  // A WAL with records above the head is ahead of the chain, not behind it: the chain data was
  // lost (a data dir emptied with the WAL kept) and is being synced again, so the WAL was
  // rightly pruned past this height. Refusing here kept such a validator out for good once it
  // restarted mid-sync (the every-kind soak, docs/RELIABILITY.md 8.7). Same state as a fully
  // emptied data dir (head 0), which always started.
  if (wal.highestHeight() > height) return;
  const bytes = await chain.blocks.commit(height);
  const cert = bytes ? decodeCertificate(bytes) : null;
  if (!cert || !cert.ok) return;
  const signed = cert.value.precommits.some((p) => bytesEqual(p.validator, me));
  if (!signed || wal.get(height, cert.value.round, "precommit") !== undefined) return;
  throw new WalCheckError(
    { code: "WAL_BEHIND_CHAIN", file, height, round: cert.value.round },
    `signing WAL ${file} does not hold this validator's precommit of block ${height} (round ${cert.value.round}, ${toHex(cert.value.valueId).slice(0, 12)}…), which the chain has: ` +
      "it was truncated or replaced, and signing now could contradict a lost signature; refusing to start (restore the WAL this node stopped with; see docs/OPERATIONS.md)",
  );
}
