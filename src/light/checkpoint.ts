// Starting the verified header chain at a pinned checkpoint instead of genesis (docs/LIGHT.md 8).
// A checkpoint is a height and a header hash that the user or operator trusts the way they trust
// genesis.json (e.g. read off a node they run, or published by the consortium). The header at
// that height is taken from a node only when its bytes hash to the pinned hash; the validator set
// that must sign the next height is taken only when it hashes to that header's
// nextValidatorsHash. From there every header is verified as after genesis. A pin that does not
// match is refused with a typed error, never trusted.
import { sha256 } from "../crypto/native.js";
import { decodeHeader } from "../chain/block/codec.js";
import { BLOCK_VERSION } from "../chain/block/types.js";
import { validatorsHash } from "../chain/execution/validators.js";
import { ValidatorSet } from "../consensus/validator-set.js";
import type { HeaderEntry } from "../network/light-protocol.js";
import { bytesEqual, fromHex, toHex } from "../util/bytes.js";
import { err, ok, ParleyError, type Result } from "../util/errors.js";
import type { TrustedHead } from "./verify-header.js";

export interface Checkpoint {
  height: number;
  hash: Uint8Array;
}

/** A pin, and how to get its trusted head: asked only when the stored chain is below the pin. */
export interface CheckpointStart {
  pin: Checkpoint;
  head(): Promise<TrustedHead>;
}

export type CheckpointErrorType =
  /** Not `<height>:<64 hex>` with height >= 1. */
  | { code: "BAD_CHECKPOINT"; input: string }
  /** The node's header at the pinned height has another hash (or another chain id). */
  | { code: "CHECKPOINT_MISMATCH"; height: number; pinned: string; served: string }
  /** No node served the header at the pinned height. */
  | { code: "CHECKPOINT_UNAVAILABLE"; height: number; reason: string }
  /** The validator set the checkpoint names could not be found among the candidates given. */
  | { code: "CHECKPOINT_SET_UNKNOWN"; height: number };

export class CheckpointError extends ParleyError<CheckpointErrorType> {}

const CHECKPOINT_RE = /^(\d{1,15}):(?:0x)?([0-9a-fA-F]{64})$/;

/** Parses `<height>:<header hash hex>` (the settings field, the URL parameter, the CLI flag). */
export function parseCheckpoint(input: string): Result<Checkpoint, CheckpointError> {
  const m = CHECKPOINT_RE.exec(input.trim());
  const height = m ? Number(m[1]) : 0;
  if (!m || height < 1) return err(new CheckpointError({ code: "BAD_CHECKPOINT", input }, `not a checkpoint (height:hash, e.g. 1200:ab12…): "${input}"`));
  return ok({ height, hash: fromHex(m[2]!.toLowerCase())! });
}

export const formatCheckpoint = (c: Checkpoint): string => `${c.height}:${toHex(c.hash)}`;

/**
 * The trusted head a checkpoint gives: `entry` is a node's light-headers answer for the pinned
 * height, `candidateSets` are validator lists from anywhere (the entry's own, a node's
 * node_info): only one that hashes to the header's nextValidatorsHash is used.
 */
export function trustCheckpoint(chainId: string, pin: Checkpoint, entry: HeaderEntry, candidateSets: ReadonlyArray<readonly Uint8Array[]>): Result<TrustedHead, CheckpointError> {
  const hash = sha256(entry.header);
  const d = decodeHeader(entry.header);
  // [REJECT] the bytes are the pinned header: its hash, its height, our chain
  if (!bytesEqual(hash, pin.hash) || !d.ok || d.value.height !== pin.height || d.value.chainId !== chainId || d.value.version !== BLOCK_VERSION)
    return err(new CheckpointError({ code: "CHECKPOINT_MISMATCH", height: pin.height, pinned: toHex(pin.hash), served: toHex(hash) }, `the node's header ${pin.height} is ${toHex(hash)}, not the pinned ${toHex(pin.hash)}`));
  const header = d.value;
  // [REJECT] the set that signs the next height is the one this header commits to
  for (const list of [entry.nextValidators ?? [], ...candidateSets]) {
    if (list.length === 0) continue;
    const set = ValidatorSet.from([...list]);
    if (bytesEqual(validatorsHash([...set.addresses]), header.nextValidatorsHash)) return ok({ height: pin.height, hash, header, bytes: entry.header, nextSet: set });
  }
  return err(new CheckpointError({ code: "CHECKPOINT_SET_UNKNOWN", height: pin.height }, `no validator set given hashes to header ${pin.height}'s nextValidatorsHash: pin a newer checkpoint`));
}
