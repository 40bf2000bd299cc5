// Block sync: a node that is behind (new, restarted, wiped, partitioned) fetches finalized
// blocks with their certificates from peers, verifies each certificate against the validator
// set of its height, executes the block, and commits it; then consensus resumes at the head.
import { decodeUnknown, encode, readArray, readBytes, readUint } from "../chain/codec.js";
import { blockHash, type BlockTxSource, type Chain } from "../chain/chain.js";
import { decodeBlock, encodeBlock } from "../chain/block/codec.js";
import { bytesEqual } from "../util/bytes.js";
import { verifyEd25519 } from "../crypto/native.js";
import { decodeCertificate, verifyCertificate } from "../consensus/certificate.js";
import { ValidatorSet } from "../consensus/validator-set.js";
import { InvalidRequestError, type Network } from "../network/index.js";
import type { ChainConsensusHost } from "./consensus-host.js";
import type { Logger } from "../util/logger.js";

export const SYNC_PROTOCOLS = { status: "status", blocks: "blocks" } as const;
// Blocks per request: a range response must stay under the 16 MiB response cap even for full blocks.
const MAX_BLOCKS_PER_REQUEST = 32;
const MAX_RESPONSE_BYTES = 15 * 1024 * 1024;
const SYNC_INTERVAL_MS = 2_000;

export class BlockSync {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  /** Set by the node: a peer reported its finalized head (lag metrics and logs). */
  onPeerHead: ((height: number) => void) | null = null;

  constructor(
    private readonly chain: Chain,
    private readonly txSource: BlockTxSource,
    private readonly net: Network,
    private readonly host: ChainConsensusHost,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.net.handle(SYNC_PROTOCOLS.status, () => encode([this.chain.head.height, this.chain.head.hash]));
    await this.net.handle(SYNC_PROTOCOLS.blocks, (req) => this.serveBlocks(req));
    this.net.onPeerConnected(() => this.trigger());
    this.timer = setInterval(() => this.trigger(), SYNC_INTERVAL_MS);
  }

  private async serveBlocks(req: Uint8Array): Promise<Uint8Array> {
    const f = readArray(decodeUnknown(req), 2);
    const from = f && readUint(f[0]);
    const count = f && readUint(f[1]);
    if (from === undefined || count === undefined || from < 1 || count < 1) throw new InvalidRequestError({ code: "INVALID_REQUEST", reason: "blocks request is [from >= 1, count >= 1]" });
    const out: unknown[] = [];
    let size = 0;
    for (let h = from; h < from + Math.min(count, MAX_BLOCKS_PER_REQUEST) && h <= this.chain.head.height; h++) {
      const block = await this.chain.blocks.block(h);
      const cert = await this.chain.blocks.commit(h);
      if (!block || !cert) break;
      const bytes = encodeBlock(block);
      size += bytes.length + cert.length;
      if (out.length > 0 && size > MAX_RESPONSE_BYTES) break;
      out.push([bytes, cert]);
    }
    return encode(out);
  }

  /** Starts a sync pass unless one is running. */
  trigger(): void {
    if (this.running) return;
    this.running = true;
    this.syncOnce()
      .catch((e: unknown) => this.log.debug({ err: e }, "sync pass failed"))
      .finally(() => (this.running = false));
  }

  private async syncOnce(): Promise<void> {
    // Ask every peer at once, then fetch from the highest first. A peer that fails (a light
    // node does not serve `status`, a connection left half-dead by a partition, a timeout) is
    // skipped, never allowed to end the pass: peers() keeps its order, so one bad peer at the
    // front used to stall sync for as long as it stayed connected.
    const peers = this.net.peers();
    const heads = await Promise.all(peers.map((peer) => this.peerHead(peer)));
    const ranked = peers.map((peer, i) => ({ peer, height: heads[i] })).filter((p): p is { peer: string; height: number } => p.height !== undefined);
    ranked.sort((a, b) => b.height - a.height);
    for (const { peer, height } of ranked) {
      this.onPeerHead?.(height);
      try {
        while (height > this.chain.head.height) {
          const got = await this.fetchRange(peer, this.chain.head.height + 1, Math.min(MAX_BLOCKS_PER_REQUEST, height - this.chain.head.height));
          if (got === 0) break;
        }
      } catch (e) {
        this.log.debug({ err: e, peer }, "block request failed; trying the next peer");
      }
    }
  }

  /** A peer's finalized head, or undefined if it does not answer in time or does not serve sync. */
  private async peerHead(peer: string): Promise<number | undefined> {
    try {
      const status = readArray(decodeUnknown(await this.net.request(peer, SYNC_PROTOCOLS.status, new Uint8Array(0), { timeoutMs: 3_000 })), 2);
      return status ? readUint(status[0]) : undefined;
    } catch (e) {
      this.log.debug({ err: e, peer }, "status request failed");
      return undefined;
    }
  }

  /** Fetches, verifies and commits blocks from `from`; returns how many were committed. */
  private async fetchRange(peer: string, from: number, count: number): Promise<number> {
    const res = readArray(decodeUnknown(await this.net.request(peer, SYNC_PROTOCOLS.blocks, encode([from, count]), { timeoutMs: 20_000 })));
    if (!res) {
      this.net.penalize(peer, "malformed blocks response");
      return 0;
    }
    let committed = 0;
    for (const item of res) {
      const pair = readArray(item, 2);
      const blockBytes = pair && readBytes(pair[0]);
      const certBytes = pair && readBytes(pair[1]);
      if (!blockBytes || !certBytes) return this.bad(peer, "malformed block entry", committed);
      const block = decodeBlock(blockBytes, this.chain.params.maxBlockBytes + 1024 * 1024);
      const cert = decodeCertificate(certBytes);
      if (!block.ok || !cert.ok) return this.bad(peer, "undecodable block or certificate", committed);
      const h = block.value.header.height;
      if (h <= this.chain.head.height) continue; // consensus got there first
      if (h !== this.chain.head.height + 1) return this.bad(peer, "blocks out of order", committed);
      const hash = blockHash(block.value.header);
      // [REJECT] the certificate finalizes exactly this block, signed by > 2/3 of its height's validators.
      if (cert.value.height !== h || !bytesEqual(cert.value.valueId, hash)) return this.bad(peer, "certificate for another block", committed);
      const set = ValidatorSet.from(this.chain.validatorsAfterHead(h));
      if (!verifyCertificate(cert.value, set, this.chain.chainId, verifyEd25519).ok) return this.bad(peer, "certificate does not verify", committed);
      const checked = await this.chain.checkBlock(block.value, this.txSource, Number.MAX_SAFE_INTEGER);
      if (!checked.ok) return this.bad(peer, `block does not execute: ${checked.error.message}`, committed);
      if (h !== this.chain.head.height + 1) continue;
      await this.host.commitSynced(checked.value, certBytes);
      committed++;
    }
    if (committed > 0) this.log.info({ head: this.chain.head.height, from: peer }, "synced blocks");
    return committed;
  }

  private bad(peer: string, reason: string, committed: number): number {
    this.log.warn({ peer, reason }, "peer served a bad block; penalized");
    this.net.penalize(peer, reason);
    return committed;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
