// What the light node asks peers on behalf of its RPC clients, and how each answer is proven:
// accounts by state proofs, index pages and txs by inclusion proofs under verified headers.
// Returns only verified results; anything else is a NotVerifiedError, never a guess.
import type { Genesis } from "../chain/genesis.js";
import type { Account } from "../chain/tx/spec.js";
import { bytesEqual } from "../util/bytes.js";
import { askPeers, type AskNetwork, type AskPeers, type AskResult, type Checked } from "./ask.js";
import { NotVerifiedError, VerifyError } from "./errors.js";
import type { HeaderChain } from "./header-chain.js";
import { checkPage, findOmissions, mergePages, type MergedPage, type PageQuery, type PeerPage } from "./index-page.js";
import type { VerifyMetrics } from "./metrics.js";
import {
  LIGHT_PROTOCOLS,
  decodeAccountResponse,
  decodeIndexResponse,
  decodeSendResponse,
  decodeStateResponse,
  decodeTxResponse,
  encodeAccountRequest,
  encodeIndexRequest,
  encodeSendRequest,
  encodeStateRequest,
  encodeTxRequest,
  type ProvenTx,
  type SendResponse,
  type StateKeyRef,
} from "../network/light-protocol.js";
import { verifyAccount, verifyStateEntries, verifyTxInclusion, type ProvenStateEntry, type VerifiedTx } from "./verify-proof.js";
import { verifyDeviceList } from "./verify-devices.js";
import type { DeviceEntry } from "../chain/tx/kinds/device-state.js";
import type { BlockHeader } from "../chain/block/types.js";
import type { Result } from "../util/errors.js";

// A peer may answer at a height a block or two above ours; the header sync brings it within
// one block time, so waiting this long for it costs little and avoids a spurious refusal.
const HEADER_WAIT_MS = 3_000;

export interface VerifiedAccount {
  account: Account;
  height: number;
  value: Uint8Array | null;
  proof: Uint8Array;
}

export interface VerifiedDevices {
  devices: DeviceEntry[];
  height: number;
  value: Uint8Array | null;
  proof: Uint8Array;
}

interface ProvenEntry<T> {
  verified: T;
  height: number;
  value: Uint8Array | null;
  proof: Uint8Array;
}

export class LightQueries {
  constructor(
    private readonly genesis: Genesis,
    private readonly chain: HeaderChain,
    private readonly net: AskNetwork,
    private readonly peers: AskPeers,
    private readonly metrics: Pick<VerifyMetrics, "proofsVerified">,
  ) {}

  private refuse<T>(r: AskResult<T>, height: number): NotVerifiedError {
    if (r.asked === 0) return new NotVerifiedError({ code: "NO_PEERS" });
    if (r.dropped === 0 && r.unavailable > 0) return new NotVerifiedError({ code: "PEERS_BEHIND", height });
    return new NotVerifiedError({ code: "NO_VERIFIED_ANSWER", dropped: r.dropped });
  }

  /** Verified header at `height`, waiting briefly when a peer is a little ahead of us. */
  private async headerAt(height: number) {
    if (height > this.chain.head.height) await this.chain.waitForHeight(height, HEADER_WAIT_MS);
    return this.chain.header(height);
  }

  /** The account at the newest height two peers (or one, if alone) prove against our headers. */
  async account(address: Uint8Array): Promise<VerifiedAccount> {
    const r = await this.provenEntry("account", LIGHT_PROTOCOLS.account, address, (header, value, proof) => verifyAccount(header, address, value, proof));
    return { account: r.verified, height: r.height, value: r.value, proof: r.proof };
  }

  /** The active devices of `identity`, proven the same way (the devices protocol, docs/LIGHT.md 3). */
  async devices(identity: Uint8Array): Promise<VerifiedDevices> {
    const r = await this.provenEntry("devices", LIGHT_PROTOCOLS.devices, identity, (header, value, proof) => verifyDeviceList(header, identity, value, proof));
    return { devices: r.verified, height: r.height, value: r.value, proof: r.proof };
  }

  /** One state entry keyed by an address, at the newest height two peers (or one) prove against our headers. */
  private async provenEntry<T>(kind: string, protocol: string, address: Uint8Array, verify: (header: BlockHeader, value: Uint8Array | null, proof: Uint8Array) => Result<T, VerifyError>): Promise<ProvenEntry<T>> {
    const minHeight = this.chain.head.height;
    const r = await askPeers<ProvenEntry<T>>(this.net, this.peers, { protocol, request: encodeAccountRequest({ minHeight, address }) }, async (bytes) => {
      const res = decodeAccountResponse(bytes);
      if (!res) return { kind: "bad", error: new VerifyError({ code: "MALFORMED", what: `${kind} response` }) };
      if (res.status === "unavailable") return { kind: "unavailable" };
      // [REJECT] an answer below the height we asked for
      if (res.height < minHeight) return { kind: "bad", error: new VerifyError({ code: "MALFORMED", what: `${kind} proof below the requested height` }) };
      const header = await this.headerAt(res.height);
      // Not the peer's fault if our sync is slow; but we cannot use the answer.
      if (!header) return { kind: "unavailable" };
      const v = verify(header, res.value, res.proof);
      return v.ok ? { kind: "ok", value: { verified: v.value, height: res.height, value: res.value, proof: res.proof } } : { kind: "bad", error: v.error };
    });
    this.metrics.proofsVerified.inc({ kind }, r.answers.length);
    const best = r.answers.map((a) => a.value).sort((a, b) => b.height - a.height)[0];
    if (!best) throw this.refuse(r, minHeight);
    return best;
  }

  /**
   * State entries by (namespace, key), all proven under the one verified header of the newest
   * height two peers (or one) answer at: the light-state protocol (docs/LIGHT.md 3).
   */
  async stateEntries(keys: readonly StateKeyRef[]): Promise<{ header: BlockHeader; entries: ProvenStateEntry[] }> {
    const minHeight = this.chain.head.height;
    const request = encodeStateRequest({ minHeight, keys: [...keys] });
    const r = await askPeers<{ header: BlockHeader; entries: ProvenStateEntry[] }>(this.net, this.peers, { protocol: LIGHT_PROTOCOLS.state, request }, async (bytes) => {
      const res = decodeStateResponse(bytes);
      if (!res) return { kind: "bad", error: new VerifyError({ code: "MALFORMED", what: "state response" }) };
      if (res.status === "unavailable") return { kind: "unavailable" };
      // [REJECT] an answer below the height we asked for
      if (res.height < minHeight) return { kind: "bad", error: new VerifyError({ code: "MALFORMED", what: "state proof below the requested height" }) };
      const header = await this.headerAt(res.height);
      if (!header) return { kind: "unavailable" };
      const v = verifyStateEntries(header, keys, res.entries);
      return v.ok ? { kind: "ok", value: { header, entries: v.value } } : { kind: "bad", error: v.error };
    });
    this.metrics.proofsVerified.inc({ kind: "state" }, r.answers.length);
    const best = r.answers.map((a) => a.value).sort((a, b) => b.header.height - a.header.height)[0];
    if (!best) throw this.refuse(r, minHeight);
    return best;
  }

  private async checkProven(entry: ProvenTx): Promise<Checked<VerifiedTx>> {
    const header = await this.headerAt(entry.height);
    if (!header) return { kind: "unavailable" };
    const v = verifyTxInclusion(header, entry, this.genesis.params.maxTxBytes);
    return v.ok ? { kind: "ok", value: v.value } : { kind: "bad", error: v.error };
  }

  /** A page of the inbox or sent index, every entry proven, cross-checked for omissions. */
  async page(q: Omit<PageQuery, "maxHeight">): Promise<MergedPage & { maxHeight: number }> {
    const query: PageQuery = { ...q, maxHeight: this.chain.head.height };
    const r = await askPeers<PeerPage>(this.net, this.peers, { protocol: LIGHT_PROTOCOLS.index, request: encodeIndexRequest(query) }, async (bytes, peer) => {
      const res = decodeIndexResponse(bytes);
      if (!res) return { kind: "bad", error: new VerifyError({ code: "MALFORMED", what: "index response" }) };
      if (res.status === "unavailable") return { kind: "unavailable" };
      const entries: VerifiedTx[] = [];
      for (const e of res.entries) {
        // Every entry must be at or below maxHeight, whose header we hold: no waiting here.
        if (e.height > query.maxHeight) return { kind: "bad", error: new VerifyError({ code: "BAD_PAGE", reason: "entry above the requested height" }) };
        const c = await this.checkProven(e);
        if (c.kind !== "ok") return c.kind === "bad" ? c : { kind: "bad", error: new VerifyError({ code: "BAD_PAGE", reason: "entry at an unknown height" }) };
        // [REJECT] a failed tx reached nobody: it is never in an inbox or sent page
        if (c.value.failed) return { kind: "bad", error: new VerifyError({ code: "BAD_PAGE", reason: "a failed tx in the page" }) };
        entries.push(c.value);
      }
      const shape = checkPage(query, entries);
      return shape ? { kind: "bad", error: shape } : { kind: "ok", value: { peer, entries, hasOlder: res.hasOlder } };
    });
    // Inclusion proofs cannot show a missing entry; two peers' pages can.
    const omitted = findOmissions(query, r.answers.map((a) => a.value));
    for (const o of omitted) this.peers.drop(o.peer, o.error);
    const pages = r.answers.map((a) => a.value).filter((p) => !omitted.some((o) => o.peer === p.peer));
    this.metrics.proofsVerified.inc({ kind: "page" }, pages.length);
    if (pages.length === 0) throw this.refuse({ ...r, dropped: r.dropped + omitted.length }, query.maxHeight);
    return { ...mergePages(query, pages), maxHeight: query.maxHeight };
  }

  /** A final tx proven in a verified block, or null when no peer proves it final. */
  async tx(id: Uint8Array): Promise<VerifiedTx | null> {
    const r = await askPeers<VerifiedTx>(this.net, this.peers, { protocol: LIGHT_PROTOCOLS.tx, request: encodeTxRequest(id), want: 1 }, async (bytes) => {
      const res = decodeTxResponse(bytes);
      if (!res) return { kind: "bad", error: new VerifyError({ code: "MALFORMED", what: "tx response" }) };
      if (res.status === "unavailable") return { kind: "unavailable" };
      const c = await this.checkProven(res.entry);
      // [REJECT] the proven tx is the one asked for
      if (c.kind === "ok" && !bytesEqual(c.value.id, id)) return { kind: "bad", error: new VerifyError({ code: "BAD_TX_PROOF", height: res.entry.height, index: res.entry.index, reason: "another tx than asked" }) };
      return c;
    });
    this.metrics.proofsVerified.inc({ kind: "tx" }, r.answers.length);
    const found = r.answers[0];
    if (found) return found.value;
    if (r.asked === 0) throw new NotVerifiedError({ code: "NO_PEERS" });
    return null;
  }

  /**
   * Relays a signed tx to two peers (one may be dishonest and drop it). Admitted when any peer
   * admitted it under the tx's own id; otherwise the first peer's refusal.
   */
  async send(bytes: Uint8Array, id: Uint8Array): Promise<SendResponse> {
    const r = await askPeers<SendResponse>(this.net, this.peers, { protocol: LIGHT_PROTOCOLS.send, request: encodeSendRequest(bytes) }, (res) => {
      const d = decodeSendResponse(res);
      if (!d) return { kind: "bad", error: new VerifyError({ code: "MALFORMED", what: "send response" }) };
      if (d.status === "ok" && !bytesEqual(d.id, id)) return { kind: "bad", error: new VerifyError({ code: "BAD_TX_ID" }) };
      return { kind: "ok", value: d };
    });
    const admitted = r.answers.find((a) => a.value.status === "ok");
    if (admitted) return admitted.value;
    const refused = r.answers[0];
    if (refused) return refused.value;
    throw r.asked === 0 ? new NotVerifiedError({ code: "NO_PEERS" }) : new NotVerifiedError({ code: "NO_VERIFIED_ANSWER", dropped: r.dropped });
  }
}
