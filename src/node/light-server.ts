// The full node's side of the light-sync protocols (docs/LIGHT.md): headers with their
// certificates (long-polled at the head), account proofs, inbox/sent pages and single txs with
// txRoot inclusion proofs, and relaying a light client's tx into admission. Everything served
// here is checked by the client; this side only has to be cheap and bounded.
import { sha256 } from "../crypto/native.js";
import { encodeHeader } from "../chain/block/codec.js";
import { merkleProof } from "../chain/block/merkle.js";
import type { CommittedBlock } from "../chain/chain.js";
import { encodeProof, SmtError } from "../chain/state/smt/tree.js";
import { smtKey } from "../chain/state/state-store.js";
import type { FinalizedTx } from "../chain/storage/tx-repository.js";
import { StateNs, type StateNsByte } from "../chain/tx/spec.js";
import { deviceListKey } from "../chain/tx/kinds/device-state.js";
import { bytesEqual } from "../util/bytes.js";
import { InvalidRequestError, type Network } from "../network/index.js";
import {
  LIGHT_LIMITS,
  LIGHT_PROTOCOLS,
  decodeAccountRequest,
  decodeHeadersRequest,
  decodeIndexRequest,
  decodeSendRequest,
  decodeStateRequest,
  decodeTxRequest,
  encodeAccountResponse,
  encodeHeadersResponse,
  encodeIndexResponse,
  encodeSendResponse,
  encodeStateResponse,
  encodeTxResponse,
  type HeaderEntry,
  type IndexRequest,
  type ProvenTx,
} from "../network/light-protocol.js";
import type { NodeServices } from "./services.js";

// Long-polls held at once; past this a request is answered at once (empty), so idle light
// clients cannot pin unbounded listeners on the chain.
const MAX_WAITERS = 256;

const STATE_NS_BYTES: ReadonlySet<number> = new Set(Object.values(StateNs));

function invalid(reason: string): InvalidRequestError {
  return new InvalidRequestError({ code: "INVALID_REQUEST", reason });
}

export class LightServer {
  private waiters = 0;

  constructor(
    private readonly node: NodeServices,
    /** Null when only the handlers are used (the proof RPC module answers the same questions). */
    private readonly net: Network | null,
  ) {}

  async start(): Promise<void> {
    if (!this.net) return;
    // Header ranges can be large; the other answers are one page at most.
    await this.net.handle(LIGHT_PROTOCOLS.headers, (req) => this.headers(req), { maxResponseBytes: LIGHT_LIMITS.maxHeadersResponseBytes + 64 * 1024 });
    await this.net.handle(LIGHT_PROTOCOLS.account, (req) => this.account(req));
    await this.net.handle(LIGHT_PROTOCOLS.index, (req) => this.index(req));
    await this.net.handle(LIGHT_PROTOCOLS.tx, (req) => this.tx(req));
    await this.net.handle(LIGHT_PROTOCOLS.send, (req) => this.send(req));
    await this.net.handle(LIGHT_PROTOCOLS.devices, (req) => this.devices(req));
    await this.net.handle(LIGHT_PROTOCOLS.state, (req) => this.state(req));
  }

  private get chain(): NodeServices["chain"] {
    return this.node.chain;
  }

  async headers(req: Uint8Array): Promise<Uint8Array> {
    const r = decodeHeadersRequest(req);
    if (!r) throw invalid("headers request is [from >= 1, count >= 1, waitMs]");
    if (r.from > this.chain.head.height) await this.waitForHeight(r.from, Math.min(r.waitMs, LIGHT_LIMITS.maxWaitMs));
    const out: HeaderEntry[] = [];
    let size = 0;
    const last = Math.min(this.chain.head.height, r.from + Math.min(r.count, LIGHT_LIMITS.maxHeadersPerRequest) - 1);
    for (let h = r.from; h <= last; h++) {
      const header = await this.chain.blocks.header(h);
      const commit = await this.chain.blocks.commit(h);
      if (!header || !commit) break;
      const bytes = encodeHeader(header);
      const nextValidators = bytesEqual(header.nextValidatorsHash, header.validatorsHash) ? null : await this.chain.validatorsAt(h + 1);
      size += bytes.length + commit.length + (nextValidators?.length ?? 0) * 34;
      if (out.length > 0 && size > LIGHT_LIMITS.maxHeadersResponseBytes) break;
      out.push({ header: bytes, commit, nextValidators });
    }
    return encodeHeadersResponse(out);
  }

  /** Resolves when the head reaches `height` or after `ms`, whichever comes first. */
  private waitForHeight(height: number, ms: number): Promise<void> {
    if (ms <= 0 || this.waiters >= MAX_WAITERS) return Promise.resolve();
    this.waiters++;
    return new Promise((resolve) => {
      let off: () => void = () => undefined;
      const done = (): void => {
        clearTimeout(timer);
        off();
        this.waiters--;
        resolve();
      };
      const timer = setTimeout(done, ms);
      off = this.chain.on((b: CommittedBlock) => {
        if (b.block.header.height >= height) done();
      });
    });
  }

  async account(req: Uint8Array): Promise<Uint8Array> {
    return this.stateEntry(req, "account", StateNs.account, (address) => address);
  }

  /** An identity's device list entry (namespace 0x0a), in the account protocol's encoding. */
  async devices(req: Uint8Array): Promise<Uint8Array> {
    return this.stateEntry(req, "devices", StateNs.device, deviceListKey);
  }

  private async stateEntry(req: Uint8Array, what: string, ns: StateNsByte, keyOf: (address: Uint8Array) => Uint8Array): Promise<Uint8Array> {
    const r = decodeAccountRequest(req);
    if (!r) throw invalid(`${what} request is [minHeight, address(32)]`);
    // The tree keeps value hashes only and the state store holds the head's values, so the
    // answer is at the head: head and value are read in the same tick, so they belong together.
    const head = this.chain.head;
    if (head.height < r.minHeight) return encodeAccountResponse({ status: "unavailable" });
    const key = keyOf(r.address);
    const value = this.chain.state.get(ns, key) ?? null;
    const proof = await proveOrNull(() => this.chain.smt.prove(head.header.stateRoot, smtKey(ns, key)));
    if (proof === null) return encodeAccountResponse({ status: "unavailable" });
    return encodeAccountResponse({ status: "ok", height: head.height, value, proof: encodeProof(proof) });
  }

  /** Any state entries (assets, names, works, ...) at the head, each with its proof against that header. */
  async state(req: Uint8Array): Promise<Uint8Array> {
    const r = decodeStateRequest(req);
    if (!r) throw invalid(`state request is [minHeight, [[ns, key], ...]] with 1..${LIGHT_LIMITS.maxStateKeys} keys`);
    if (r.keys.some((k) => !STATE_NS_BYTES.has(k.ns))) throw invalid("state request names an unknown namespace");
    const head = this.chain.head;
    if (head.height < r.minHeight) return encodeStateResponse({ status: "unavailable" });
    // Every value is read in this tick, with the head: together they are one state.
    const values = r.keys.map((k) => this.chain.state.get(k.ns as StateNsByte, k.key) ?? null);
    const proofs = await proveOrNull(() => Promise.all(r.keys.map((k) => this.chain.smt.prove(head.header.stateRoot, smtKey(k.ns as StateNsByte, k.key)))));
    if (proofs === null) return encodeStateResponse({ status: "unavailable" });
    return encodeStateResponse({ status: "ok", height: head.height, entries: values.map((value, i) => ({ value, proof: encodeProof(proofs[i]!) })) });
  }

  async index(req: Uint8Array): Promise<Uint8Array> {
    const r = decodeIndexRequest(req);
    if (!r) throw invalid("index request is [kind, address, limit, before, after, maxHeight]");
    if (r.maxHeight > this.chain.head.height) return encodeIndexResponse({ status: "unavailable" });
    const page = await this.readPage(r);
    // An index entry is written in its block's batch: the repository reports a missing tx as a
    // corrupt data dir (StoredTxError), which the peer sees as a server error, not its fault.
    const found = await this.chain.txs.getAll(page.entries.map((e) => e.txId));
    const entries: ProvenTx[] = [];
    for (const t of found) entries.push(await this.prove(t));
    return encodeIndexResponse({ status: "ok", entries, hasOlder: page.hasOlder });
  }

  /** The index page bounded above by maxHeight: nothing the client cannot verify yet. */
  private async readPage(r: IndexRequest): Promise<{ entries: Array<{ pos: { height: number; index: number }; txId: Uint8Array }>; hasOlder: boolean }> {
    const bound = { height: r.maxHeight + 1, index: 0 };
    const before = r.after === null ? (r.before === null || r.before.height > r.maxHeight ? bound : r.before) : undefined;
    const res = await this.chain.indexes.page(r.index, r.address, { limit: r.limit, before, after: r.after ?? undefined });
    const entries = res.entries.filter((e) => e.pos.height <= r.maxHeight);
    return { entries, hasOlder: res.older !== null };
  }

  private async prove(t: FinalizedTx): Promise<ProvenTx> {
    // Over the txRoot entries: a failed tx's proof is for its failed entry, as the light client checks.
    const entries = await this.chain.blocks.txRootEntries(t.height);
    return { height: t.height, index: t.index, tx: t.stx.bytes, siblings: merkleProof(sha256, entries, t.index).siblings };
  }

  async tx(req: Uint8Array): Promise<Uint8Array> {
    const id = decodeTxRequest(req);
    if (!id) throw invalid("tx request is [id(32)]");
    const found = await this.chain.txs.get(id);
    if (!found) return encodeTxResponse({ status: "unavailable" });
    return encodeTxResponse({ status: "ok", entry: await this.prove(found) });
  }

  async send(req: Uint8Array): Promise<Uint8Array> {
    const bytes = decodeSendRequest(req);
    if (!bytes) throw invalid("send request is [tx bytes]");
    const r = await this.node.submitTx(bytes);
    if (r.ok) return encodeSendResponse({ status: "ok", id: Buffer.from(r.value.id, "hex") });
    return encodeSendResponse({ status: "rejected", code: r.error.code, message: r.error.message.slice(0, 1000) });
  }
}

/** Registers the light protocols on a full node's network. */
export async function startLightServer(node: NodeServices, net: Network): Promise<LightServer> {
  const server = new LightServer(node, net);
  await server.start();
  return server;
}

/**
 * A proof at the head read in this tick. Its nodes stay on disk for --state-history heights
 * (docs/OPERATIONS.md); one that outlived them (or a damaged data dir) answers "unavailable",
 * which the client asks again or elsewhere, instead of failing the stream.
 */
async function proveOrNull<T>(prove: () => Promise<T>): Promise<T | null> {
  try {
    return await prove();
  } catch (e) {
    if (e instanceof SmtError && e.code === "MISSING_NODE") return null;
    throw e;
  }
}
