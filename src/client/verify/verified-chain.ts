// The light client in a browser (or any JS runtime without libp2p): the same header chain,
// header following and proof-checked queries as `parley light` (src/light), reaching nodes by
// URL through proof_request. It trusts only a genesis (pinned by hash, or taken from the node
// on first use and cross-checked with the witnesses); headers are verified from there by their
// commit certificates, and balances, pages and txs by Merkle proofs under verified headers.
// What it cannot prove it does not answer (NotVerifiedError); a node that lies is dropped and
// reported (NodeBook).
import { parseGenesis, type Genesis } from "../../chain/genesis.js";
import type { BlockHeader } from "../../chain/block/types.js";
import type { ChainPos } from "../../chain/storage/keys.js";
import { genesisAnchor } from "../../light/genesis.js";
import type { HeaderChain } from "../../light/header-chain.js";
import { HeaderSync } from "../../light/header-sync.js";
import { LightQueries, type VerifiedAccount, type VerifiedDevices } from "../../light/queries.js";
import type { IndexKind } from "../../network/light-protocol.js";
import type { VerifiedTx } from "../../light/verify-proof.js";
import type { VerifyMetrics } from "../../light/metrics.js";
import { fromHex, toHex } from "../../util/bytes.js";
import { ParleyError } from "../../util/errors.js";
import { HttpRpcClient } from "../rpc-client.js";
import type { VerifiedEntry } from "../chat-entries.js";
import type { PageOptions } from "../chat-base.js";
import { NodeBook, type NodeReport } from "./node-book.js";
import { openStartPoint, type StartPoint } from "./start-point.js";
import { CheckpointError, type CheckpointErrorType } from "../../light/checkpoint.js";
import type { ResettableHeaderStore } from "../../light/store.js";
import { MemoryHeaderStore } from "./memory-store.js";
import { RpcProofNetwork } from "./rpc-network.js";

export type VerifiedChainErrorType =
  /** The node is on another chain than the pinned genesis. */
  | { code: "GENESIS_MISMATCH"; pinned: string; served: string }
  /** The node does not serve proofs (no proof_* methods), or its genesis is unreadable. */
  | { code: "NO_PROOFS"; reason: string }
  /** The pinned checkpoint is malformed, not the node's header, or its validator set is unknown. */
  | { code: "CHECKPOINT_REFUSED"; reason: string; detail: CheckpointErrorType };

export class VerifiedChainError extends ParleyError<VerifiedChainErrorType> {}

export interface VerifiedChainOptions {
  /** The node the app talks to. */
  primary: string;
  /** Other nodes' RPC URLs: answers are cross-checked with them (omissions need two sources). */
  witnesses?: readonly string[];
  /** The genesis hash (hex) to trust; null = take the node's and report it for pinning. */
  pinnedGenesis?: string | null;
  /** Header long-poll at the head (default 3 s). */
  waitMs?: number;
  /** A trusted `height:headerHash` to start from instead of genesis (docs/APP.md 6). */
  checkpoint?: string | null;
  /** Where verified headers are kept, per chain (IndexedDB in the app); default: memory, for this page's life. */
  store?: (chainId: string, genesisHash: string) => Promise<ResettableHeaderStore | null>;
}

export interface ProvenPage {
  entries: VerifiedEntry[];
  older: string | null;
  newer: string | null;
}

// Metrics are for operators of light nodes; a browser has none to export.
const NO_METRICS: VerifyMetrics = { height: { set() {} }, headersVerified: { inc() {} }, proofsVerified: { inc() {} } };
const NO_LOG = { debug() {} };

function toPos(cursor: string | undefined): ChainPos | null {
  if (cursor === undefined) return null;
  const m = /^(\d+)\.(\d+)$/.exec(cursor);
  return m ? { height: Number(m[1]), index: Number(m[2]) } : null;
}

const fromPos = (p: ChainPos | null): string | null => (p ? `${p.height}.${p.index}` : null);

async function genesisOf(url: string): Promise<{ genesis: Genesis; hash: string }> {
  let json: unknown;
  try {
    json = await new HttpRpcClient(url, 10_000).call<unknown>("proof_genesis");
  } catch (e) {
    throw new VerifiedChainError({ code: "NO_PROOFS", reason: e instanceof Error ? e.message : String(e) });
  }
  let genesis: Genesis;
  try {
    genesis = parseGenesis(JSON.stringify(json));
  } catch (e) {
    throw new VerifiedChainError({ code: "NO_PROOFS", reason: e instanceof Error ? e.message : String(e) });
  }
  return { genesis, hash: toHex((await genesisAnchor(genesis)).hash) };
}

export class VerifiedChain {
  private readonly sync: HeaderSync;
  readonly queries: LightQueries;

  private constructor(
    readonly genesis: Genesis,
    /** Hash of header 0 (hex): what a user pins. */
    readonly genesisHash: string,
    readonly chain: HeaderChain,
    readonly book: NodeBook,
    net: RpcProofNetwork,
    waitMs: number,
    /** Where this page load's verification started, and a stored chain it refused. */
    readonly startedAt: Omit<StartPoint, "chain">,
  ) {
    this.sync = new HeaderSync(chain, net, book, NO_LOG, NO_METRICS, { waitMs });
    this.queries = new LightQueries(genesis, chain, net, book, NO_METRICS);
  }

  /** Derives header 0 from the primary's genesis (refusing another than the pinned one) and opens the header chain. */
  static async open(opts: VerifiedChainOptions): Promise<VerifiedChain> {
    const { genesis, hash } = await genesisOf(opts.primary);
    if (opts.pinnedGenesis && opts.pinnedGenesis !== hash) throw new VerifiedChainError({ code: "GENESIS_MISMATCH", pinned: opts.pinnedGenesis, served: hash }, `the node serves genesis ${hash}, not the pinned ${opts.pinnedGenesis}`);
    // A witness on another chain cannot vouch for anything here: leave it out.
    const witnesses: string[] = [];
    await Promise.all((opts.witnesses ?? []).map(async (w) => {
      const g = await genesisOf(w).catch(() => null);
      if (g?.hash === hash) witnesses.push(w);
    }));
    const book = new NodeBook(opts.primary, witnesses.sort());
    const anchor = await genesisAnchor(genesis);
    const net = new RpcProofNetwork(book.all);
    const store = (await opts.store?.(genesis.chainId, hash)) ?? new MemoryHeaderStore();
    let start: StartPoint;
    try {
      start = await openStartPoint(genesis, anchor, store, net, book.all, opts.checkpoint ?? null);
    } catch (e) {
      if (e instanceof CheckpointError) throw new VerifiedChainError({ code: "CHECKPOINT_REFUSED", reason: e.code, detail: e.type }, e.message);
      throw e;
    }
    return new VerifiedChain(genesis, hash, start.chain, book, net, opts.waitMs ?? 3_000, { from: start.from, refusedStored: start.refusedStored });
  }

  start(): void {
    this.sync.start();
  }

  stop(): void {
    this.sync.stop();
  }

  get height(): number {
    return this.chain.head.height;
  }

  onHeaders(cb: () => void): () => void {
    return this.chain.onHeaders(cb);
  }

  onReport(cb: (r: NodeReport) => void): void {
    this.book.onDrop(cb);
  }

  /** The verified header at `height`, waiting up to `ms` for the sync to reach it. */
  async header(height: number, ms = 5_000): Promise<BlockHeader | undefined> {
    if (height > this.chain.head.height) await this.chain.waitForHeight(height, ms);
    return this.chain.header(height);
  }

  /** Balance and nonce proven under a verified state root (two nodes asked where there are two). */
  account(address: Uint8Array): Promise<VerifiedAccount> {
    return this.queries.account(address);
  }

  /** An identity's active devices proven under a verified state root (two nodes asked where there are two). */
  devices(identity: Uint8Array): Promise<VerifiedDevices> {
    return this.queries.devices(identity);
  }

  /** A final tx proven in a verified block, or null when no node proves it (it may not be final). */
  tx(id: string): Promise<VerifiedTx | null> {
    const bytes = fromHex(id);
    if (!bytes || bytes.length !== 32) return Promise.resolve(null);
    return this.queries.tx(bytes);
  }

  /** An inbox or sent page: every entry proven, the page cross-checked for omissions between nodes. */
  async page(kind: IndexKind, address: Uint8Array, opts: PageOptions = {}): Promise<ProvenPage> {
    const page = await this.queries.page({ index: kind, address, limit: opts.limit ?? 50, before: toPos(opts.before), after: toPos(opts.after) });
    const entries: VerifiedEntry[] = [];
    for (const e of page.entries) {
      const header = await this.chain.header(e.height);
      entries.push({ stx: e.stx, id: toHex(e.id), height: e.height, index: e.index, time: header?.time ?? 0, cursor: `${e.height}.${e.index}` });
    }
    return { entries, older: fromPos(page.older), newer: fromPos(page.newer) };
  }

  reports(): NodeReport[] {
    return this.book.reports();
  }
}

// What a query refuses with when no node could prove its answer: the SDK's users catch it by type.
export type { HeaderWrite, SetWrite, ResettableHeaderStore } from "../../light/store.js";
export { NotVerifiedError } from "../../light/errors.js";
