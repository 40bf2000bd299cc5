export interface BlockHeader {
  version: number;
  chainId: string;
  height: number;
  /** Proposer's clock, ms since epoch; strictly increasing with height. */
  time: number;
  parentHash: Uint8Array;
  proposer: Uint8Array;
  txRoot: Uint8Array;
  txCount: number;
  /** Sparse Merkle root of all state after this block's txs. */
  stateRoot: Uint8Array;
  /** Hash of the validator set that finalizes this block, and of the one for the next height. */
  validatorsHash: Uint8Array;
  nextValidatorsHash: Uint8Array;
  /** SHA-256 of the parent's commit certificate bytes carried in this block (zeros at height 1). */
  lastCommitHash: Uint8Array;
}

export interface Block {
  header: BlockHeader;
  /** Wire bytes of each tx, in execution order. */
  txs: Uint8Array[];
  /** Encoded commit certificate of the parent block, null for height 0 and 1. */
  lastCommit: Uint8Array | null;
}

/**
 * 2: canonical integers (docs/PROTOCOL.md section 1): `time` is a uint64, no longer a float64,
 * and amounts are always uint64.
 * 3: an account's first eight asset holdings inside its account entry (docs/DECISIONS.md 45),
 * escrow payouts returned from a frozen payee recorded (status 3, 4), reward-pool posts by an
 * author frozen in the asset unrewarded (46): state roots of chains with assets differ from
 * version 2's, so a version 2 node cannot follow a version 3 chain.
 * Older headers are refused; so are older data dirs (src/chain/storage/data-dir-format.ts).
 */
export const BLOCK_VERSION = 3;
export const ZERO_HASH = new Uint8Array(32);
