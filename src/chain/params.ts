// Chain parameters fixed in genesis. Each default carries its reason.
export interface ChainParams {
  /** Target time between blocks while there is work (ms). */
  blockTimeMs: number;
  /** An empty block is made only this often while idle (ms); 0 = never. */
  heartbeatMs: number;
  /** Upper bounds per block: keep a block's execution + commit well under the block time. */
  maxBlockTxs: number;
  maxBlockBytes: number;
  /** Largest accepted tx (bytes on the wire). */
  maxTxBytes: number;
  /** Largest encrypted message envelope or memo (bytes). */
  maxEnvelopeBytes: number;
  /** fee >= feeBase + feePerByte * txBytes, paid to the block's proposer. */
  feeBase: bigint;
  feePerByte: bigint;
  /** A tx names the last height it may be included at; at most this many blocks ahead. */
  maxExpiryWindow: number;
  /** Members per group channel: each membership change wraps a key per member. */
  maxChannelMembers: number;
  /** Longest anchor tag (characters). */
  maxAnchorTagLength: number;
  /** Names (docs/NAMES.md 3): a "year" of registration in blocks, the grace after expiry, the 1x yearly fee (burned). */
  nameYearBlocks: number;
  nameGraceBlocks: number;
  nameYearFee: bigint;
  /** The native token as people see it (docs/ASSETS.md 1): its symbol and decimal places. */
  nativeSymbol: string;
  nativeDecimals: number;
  /** Who may create assets: null = anyone; otherwise only these addresses (docs/ASSETS.md 3). */
  assetIssuers: readonly Uint8Array[] | null;
  /** Asset flags (ASSET_FLAGS) a new asset may set on this chain: a bitmask (freezable 4, clawback 8). */
  assetFlagsAllowed: number;
}

export const DEFAULT_PARAMS: ChainParams = {
  blockTimeMs: 1000,
  heartbeatMs: 10_000,
  // ~1 s of the 2-core machine's verify ceiling (~12k/s) fits in one block.
  maxBlockTxs: 20_000,
  maxBlockBytes: 16 * 1024 * 1024,
  maxTxBytes: 80 * 1024,
  // 64 KiB plaintext bucket + envelope overhead.
  maxEnvelopeBytes: 66 * 1024,
  feeBase: 1_000n,
  feePerByte: 1n,
  // ~1 day at 1 s blocks: bounds replay across a long outage.
  maxExpiryWindow: 86_400,
  maxChannelMembers: 256,
  maxAnchorTagLength: 256,
  // 365 days of 1 s blocks: heights, not header times, so every node agrees when a name expires.
  nameYearBlocks: 31_536_000,
  // 30 days for a holder who forgot to renew, before anyone may take the name.
  nameGraceBlocks: 2_592_000,
  // 100 times a small tx's fee for a long name's year; short names pay up to 32x (fees.ts).
  nameYearFee: 100_000n,
  nativeSymbol: "PAR",
  // A millionth of a token as the base unit: fees (~1,000 base units) stay a fraction of a token.
  nativeDecimals: 6,
  assetIssuers: null,
  // Every flag: a chain that wants no issuer able to freeze or claw back clears bits 4 and 8.
  assetFlagsAllowed: 0x0f,
};
