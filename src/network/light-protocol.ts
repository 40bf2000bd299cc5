// The light-sync protocols (docs/LIGHT.md): request/response pairs over libp2p, each a
// canonical msgpack array, shared by the full-node server (src/node/light-server.ts) and the
// light client. Decoders return undefined for anything malformed: the caller decides whether
// that is the peer's fault (a response) or a bad request.
import { decodeUnknown, encode, readArray, readBytes, readString, readUint } from "../chain/codec.js";
import type { ChainPos } from "../chain/storage/keys.js";

/** Protocol names; the wire id is `/parley/<chainId>/<name>/1` (docs/PROTOCOL.md 7). */
export const LIGHT_PROTOCOLS = {
  headers: "light-headers",
  account: "light-account",
  index: "light-index",
  tx: "light-tx",
  send: "light-send",
  // An identity's device list (namespace 0x0a): the account protocol's request and response
  // encoding ([minHeight, identity(32)] -> [status, height, value|nil, proof]) for another entry.
  devices: "light-devices",
  // Any state entries by (namespace, raw key), all proven at one height: what assets, names and
  // works (and any later kind under the state root) need, without a protocol per entity.
  state: "light-state",
} as const;

export const LIGHT_LIMITS = {
  // 512 headers with 1-4 signatures are ~170-400 KB: few round trips for a long sync, and one
  // response stays far below the 16 MiB frame cap even for 100 validators (~5 MB).
  maxHeadersPerRequest: 512,
  maxHeadersResponseBytes: 8 * 1024 * 1024,
  // A long-poll shorter than the 10 s request deadline of the network layer, with room to spare.
  maxWaitMs: 4_000,
  // Same page cap as msg_inbox on a full node.
  maxPage: 200,
  // Keys in one light-state request: a page of 200 licences plus the work record fits, and the
  // response (~1 KB of proof a key) stays far below the frame cap.
  maxStateKeys: 256,
  // The longest raw state key (a name key: 1 + up to 192 bytes of UTF-8), with room.
  maxStateKeyBytes: 256,
} as const;

/** Response status byte inside our msgpack body (the transport has its own for errors). */
const STATUS = { ok: 0, unavailable: 1, rejected: 2 } as const;

// channelLog (2): a channel's log keyed by its id (create, invite, remove, post), so a channel
// page is cross-checked between peers for omissions exactly like an inbox page.
export const INDEX_KINDS = { inbox: 0, sent: 1, channelLog: 2 } as const;
export type IndexKind = keyof typeof INDEX_KINDS;
/** The indexes keyed by an address (a light node's message subscriptions follow these). */
export type MessageIndexKind = Exclude<IndexKind, "channelLog">;

// ---- headers ----

export interface HeadersRequest {
  from: number;
  count: number;
  /** Hold the request up to this long when `from` is above the server's head (long-poll). */
  waitMs: number;
}

export interface HeaderEntry {
  header: Uint8Array;
  /** The certificate that finalized this header. */
  commit: Uint8Array;
  /** Addresses of the next height's validators, given when nextValidatorsHash != validatorsHash. */
  nextValidators: Uint8Array[] | null;
}

export function encodeHeadersRequest(r: HeadersRequest): Uint8Array {
  return encode([r.from, r.count, r.waitMs]);
}

export function decodeHeadersRequest(bytes: Uint8Array): HeadersRequest | undefined {
  const f = readArray(decodeUnknown(bytes), 3);
  const from = f && readUint(f[0]);
  const count = f && readUint(f[1]);
  const waitMs = f && readUint(f[2]);
  if (from === undefined || count === undefined || waitMs === undefined || from < 1 || count < 1) return undefined;
  return { from, count, waitMs };
}

export function encodeHeadersResponse(entries: readonly HeaderEntry[]): Uint8Array {
  return encode(entries.map((e) => [e.header, e.commit, e.nextValidators]));
}

export function decodeHeadersResponse(bytes: Uint8Array): HeaderEntry[] | undefined {
  const list = readArray(decodeUnknown(bytes));
  if (!list || list.length > LIGHT_LIMITS.maxHeadersPerRequest) return undefined;
  const out: HeaderEntry[] = [];
  for (const item of list) {
    const f = readArray(item, 3);
    const header = f && readBytes(f[0]);
    const commit = f && readBytes(f[1]);
    if (!f || !header || !commit) return undefined;
    let nextValidators: Uint8Array[] | null = null;
    if (f[2] !== null) {
      const addrs = readArray(f[2]);
      if (!addrs) return undefined;
      nextValidators = [];
      for (const a of addrs) {
        const b = readBytes(a, 32);
        if (!b) return undefined;
        nextValidators.push(b);
      }
    }
    out.push({ header, commit, nextValidators });
  }
  return out;
}

// ---- account state ----

export interface AccountRequest {
  /** The lowest height the client accepts (its verified head); the server answers at its own head. */
  minHeight: number;
  address: Uint8Array;
}

export type AccountResponse =
  /** value: the account's encoded state, null when absent (the proof is then an exclusion proof). */
  | { status: "ok"; height: number; value: Uint8Array | null; proof: Uint8Array }
  /** The server's head is below minHeight. Not a lie: try another peer. */
  | { status: "unavailable" };

export function encodeAccountRequest(r: AccountRequest): Uint8Array {
  return encode([r.minHeight, r.address]);
}

export function decodeAccountRequest(bytes: Uint8Array): AccountRequest | undefined {
  const f = readArray(decodeUnknown(bytes), 2);
  const minHeight = f && readUint(f[0]);
  const address = f && readBytes(f[1], 32);
  return minHeight === undefined || !address ? undefined : { minHeight, address };
}

export function encodeAccountResponse(r: AccountResponse): Uint8Array {
  return r.status === "ok" ? encode([STATUS.ok, r.height, r.value, r.proof]) : encode([STATUS.unavailable]);
}

export function decodeAccountResponse(bytes: Uint8Array): AccountResponse | undefined {
  const f = readArray(decodeUnknown(bytes));
  if (!f) return undefined;
  if (f.length === 1 && f[0] === STATUS.unavailable) return { status: "unavailable" };
  if (f.length !== 4 || f[0] !== STATUS.ok) return undefined;
  const height = readUint(f[1]);
  const value = f[2] === null ? null : readBytes(f[2]);
  const proof = readBytes(f[3]);
  if (height === undefined || value === undefined || !proof) return undefined;
  return { status: "ok", height, value, proof };
}

// ---- any state entries ----

/** A state entry's address: its namespace byte (StateNs) and its raw key inside it. */
export interface StateKeyRef {
  ns: number;
  key: Uint8Array;
}

export interface StateRequest {
  /** As for the account protocol: the lowest height the client accepts. */
  minHeight: number;
  keys: StateKeyRef[];
}

export type StateResponse =
  /** One entry per requested key, in request order; value null = absent (exclusion proof). */
  | { status: "ok"; height: number; entries: Array<{ value: Uint8Array | null; proof: Uint8Array }> }
  | { status: "unavailable" };

export function encodeStateRequest(r: StateRequest): Uint8Array {
  return encode([r.minHeight, r.keys.map((k) => [k.ns, k.key])]);
}

export function decodeStateRequest(bytes: Uint8Array): StateRequest | undefined {
  const f = readArray(decodeUnknown(bytes), 2);
  const minHeight = f && readUint(f[0]);
  const list = f && readArray(f[1]);
  if (minHeight === undefined || !list || list.length < 1 || list.length > LIGHT_LIMITS.maxStateKeys) return undefined;
  const keys: StateKeyRef[] = [];
  for (const item of list) {
    const k = readArray(item, 2);
    const ns = k && readUint(k[0]);
    const key = k && readBytes(k[1]);
    if (ns === undefined || ns > 0xff || !key || key.length < 1 || key.length > LIGHT_LIMITS.maxStateKeyBytes) return undefined;
    keys.push({ ns, key });
  }
  return { minHeight, keys };
}

export function encodeStateResponse(r: StateResponse): Uint8Array {
  return r.status === "ok" ? encode([STATUS.ok, r.height, r.entries.map((e) => [e.value, e.proof])]) : encode([STATUS.unavailable]);
}

export function decodeStateResponse(bytes: Uint8Array): StateResponse | undefined {
  const f = readArray(decodeUnknown(bytes));
  if (!f) return undefined;
  if (f.length === 1 && f[0] === STATUS.unavailable) return { status: "unavailable" };
  if (f.length !== 3 || f[0] !== STATUS.ok) return undefined;
  const height = readUint(f[1]);
  const list = readArray(f[2]);
  if (height === undefined || !list || list.length > LIGHT_LIMITS.maxStateKeys) return undefined;
  const entries: Array<{ value: Uint8Array | null; proof: Uint8Array }> = [];
  for (const item of list) {
    const e = readArray(item, 2);
    const value = e && (e[0] === null ? null : readBytes(e[0]));
    const proof = e && readBytes(e[1]);
    if (value === undefined || !proof) return undefined;
    entries.push({ value, proof });
  }
  return { status: "ok", height, entries };
}

// ---- txs with inclusion proofs ----

/** A finalized tx and the txRoot path that puts it at (height, index). */
export interface ProvenTx {
  height: number;
  index: number;
  tx: Uint8Array;
  /** Merkle siblings from the leaf up (src/chain/block/merkle.ts). */
  siblings: Uint8Array[];
}

function provenFields(p: ProvenTx): unknown[] {
  return [p.height, p.index, p.tx, p.siblings];
}

function readProven(v: unknown): ProvenTx | undefined {
  const f = readArray(v, 4);
  const height = f && readUint(f[0]);
  const index = f && readUint(f[1]);
  const tx = f && readBytes(f[2]);
  const sibs = f && readArray(f[3]);
  if (height === undefined || index === undefined || !tx || !sibs || sibs.length > 64) return undefined;
  const siblings: Uint8Array[] = [];
  for (const s of sibs) {
    const b = readBytes(s, 32);
    if (!b) return undefined;
    siblings.push(b);
  }
  return { height, index, tx, siblings };
}

// ---- index pages (inbox / sent) ----

export interface IndexRequest {
  index: IndexKind;
  /** The index key: an address (inbox, sent) or a channel id (channelLog), 32 bytes either way. */
  address: Uint8Array;
  limit: number;
  before: ChainPos | null;
  after: ChainPos | null;
  /** Entries above this height are left out: the client has verified headers up to here. */
  maxHeight: number;
}

export type IndexResponse =
  | { status: "ok"; entries: ProvenTx[]; hasOlder: boolean }
  /** The server's head is below maxHeight: it cannot answer completely. */
  | { status: "unavailable" };

function posField(p: ChainPos | null): unknown {
  return p === null ? null : [p.height, p.index];
}

function readPosField(v: unknown): ChainPos | null | undefined {
  if (v === null) return null;
  const f = readArray(v, 2);
  const height = f && readUint(f[0]);
  const index = f && readUint(f[1]);
  return height === undefined || index === undefined ? undefined : { height, index };
}

export function encodeIndexRequest(r: IndexRequest): Uint8Array {
  return encode([INDEX_KINDS[r.index], r.address, r.limit, posField(r.before), posField(r.after), r.maxHeight]);
}

export function decodeIndexRequest(bytes: Uint8Array): IndexRequest | undefined {
  const f = readArray(decodeUnknown(bytes), 6);
  if (!f) return undefined;
  const kind = (Object.keys(INDEX_KINDS) as IndexKind[]).find((k) => INDEX_KINDS[k] === f[0]);
  const address = readBytes(f[1], 32);
  const limit = readUint(f[2]);
  const before = readPosField(f[3]);
  const after = readPosField(f[4]);
  const maxHeight = readUint(f[5]);
  if (!kind || !address || limit === undefined || limit < 1 || limit > LIGHT_LIMITS.maxPage) return undefined;
  if (before === undefined || after === undefined || maxHeight === undefined || (before !== null && after !== null)) return undefined;
  return { index: kind, address, limit, before, after, maxHeight };
}

export function encodeIndexResponse(r: IndexResponse): Uint8Array {
  return r.status === "ok" ? encode([STATUS.ok, r.entries.map(provenFields), r.hasOlder]) : encode([STATUS.unavailable]);
}

export function decodeIndexResponse(bytes: Uint8Array): IndexResponse | undefined {
  const f = readArray(decodeUnknown(bytes));
  if (!f) return undefined;
  if (f.length === 1 && f[0] === STATUS.unavailable) return { status: "unavailable" };
  if (f.length !== 3 || f[0] !== STATUS.ok || typeof f[2] !== "boolean") return undefined;
  const list = readArray(f[1]);
  if (!list || list.length > LIGHT_LIMITS.maxPage) return undefined;
  const entries: ProvenTx[] = [];
  for (const item of list) {
    const p = readProven(item);
    if (!p) return undefined;
    entries.push(p);
  }
  return { status: "ok", entries, hasOlder: f[2] };
}

// ---- one tx by id ----

export type TxResponse = { status: "ok"; entry: ProvenTx } | { status: "unavailable" };

export function encodeTxRequest(id: Uint8Array): Uint8Array {
  return encode([id]);
}

export function decodeTxRequest(bytes: Uint8Array): Uint8Array | undefined {
  const f = readArray(decodeUnknown(bytes), 1);
  return f && readBytes(f[0], 32);
}

export function encodeTxResponse(r: TxResponse): Uint8Array {
  return r.status === "ok" ? encode([STATUS.ok, provenFields(r.entry)]) : encode([STATUS.unavailable]);
}

export function decodeTxResponse(bytes: Uint8Array): TxResponse | undefined {
  const f = readArray(decodeUnknown(bytes));
  if (!f) return undefined;
  if (f.length === 1 && f[0] === STATUS.unavailable) return { status: "unavailable" };
  if (f.length !== 2 || f[0] !== STATUS.ok) return undefined;
  const entry = readProven(f[1]);
  return entry && { status: "ok", entry };
}

// ---- relaying a signed tx ----

export type SendResponse = { status: "ok"; id: Uint8Array } | { status: "rejected"; code: string; message: string };

export function encodeSendRequest(tx: Uint8Array): Uint8Array {
  return encode([tx]);
}

export function decodeSendRequest(bytes: Uint8Array): Uint8Array | undefined {
  const f = readArray(decodeUnknown(bytes), 1);
  return f && readBytes(f[0]);
}

export function encodeSendResponse(r: SendResponse): Uint8Array {
  return r.status === "ok" ? encode([STATUS.ok, r.id]) : encode([STATUS.rejected, r.code, r.message]);
}

export function decodeSendResponse(bytes: Uint8Array): SendResponse | undefined {
  const f = readArray(decodeUnknown(bytes));
  if (!f) return undefined;
  if (f.length === 2 && f[0] === STATUS.ok) {
    const id = readBytes(f[1], 32);
    return id && { status: "ok", id };
  }
  if (f.length === 3 && f[0] === STATUS.rejected) {
    const code = readString(f[1], 64);
    const message = readString(f[2], 1024);
    return code !== undefined && message !== undefined ? { status: "rejected", code, message } : undefined;
  }
  return undefined;
}
