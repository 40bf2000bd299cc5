// What the chat SDK's parts share: the node connection, reading verified message pages, the
// keyring of an identity, and sending a tx whose body must be sealed with the tx's own nonce
// (envelopes bind chainId, from and nonce, so the body can only be built once the nonce is known).
import { formatAddress, parseAddress } from "../chain/address.js";
import type { TxKindName } from "../chain/tx/kinds.js";
import type { TxBodies } from "../chain/tx/types.js";
import { chooseRecipientKey, type Keyring, type RecipientKey } from "../messaging/crypto/index.js";
import { fromHex } from "../util/bytes.js";
import { chatError } from "./chat-errors.js";
import { isEntryPage, verifyEntry, type VerifiedEntry } from "./chat-entries.js";
import type { Identity } from "./keys.js";
import { ParleyClient } from "./parley-client.js";
import { keyringFor, MemoryPrekeyStore, type PrekeyStore } from "./prekeys.js";
import { verifyTxSignatures } from "./native-batch.js";

export type AddressLike = Uint8Array | string;

export interface PageOptions {
  /** 1..200 (default 50). */
  limit?: number;
  /** Cursor: entries strictly older than it. */
  before?: string;
  /** Cursor: entries strictly newer than it (poll with the `newer` of the last page). */
  after?: string;
}

export interface SendOptions {
  /** Default true: wait until the tx is final (or rejected, which throws TX_FAILED). */
  wait?: boolean;
  /** Default: the chain's minimum fee for the tx. */
  fee?: bigint;
  timeoutMs?: number;
}

export interface Submitted {
  /** Tx id, 0x-hex. */
  id: string;
  nonce: number;
  /** Null when not waited for. */
  height: number | null;
  index: number | null;
}

export interface ChatClientOptions {
  /** Check each tx's signature before opening its envelopes (default true; see chat-entries.ts). */
  verifySignatures?: boolean;
  /** Where an identity's prekey secrets live (default: in memory, per address, for this client's life). */
  prekeys?: (identity: Identity) => PrekeyStore;
}

export interface VerifiedPage {
  entries: VerifiedEntry[];
  older: string | null;
  newer: string | null;
}

export function toAddress(a: AddressLike, what = "address"): Uint8Array {
  if (typeof a !== "string") {
    if (a.length !== 32) throw chatError({ code: "BAD_INPUT", reason: `${what} must be 32 bytes` });
    return a;
  }
  const bytes = parseAddress(a);
  if (!bytes) throw chatError({ code: "BAD_INPUT", reason: `not a valid ${what}: "${a}"` }, `not a valid ${what}: "${a}" (expected parley1... or 64 hex digits)`);
  return bytes;
}

export function pageParams(opts: PageOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (opts.limit !== undefined) out["limit"] = opts.limit;
  if (opts.before !== undefined) out["before"] = opts.before;
  if (opts.after !== undefined) out["after"] = opts.after;
  return out;
}

export class ChatBase {
  readonly client: ParleyClient;
  readonly verifySignatures: boolean;
  private readonly prekeysFor: (identity: Identity) => PrekeyStore;
  private readonly memoryStores = new Map<string, PrekeyStore>();
  /** Per-sender queue: two sends from one client must not read the same pending nonce. */
  private readonly senderQueues = new Map<string, Promise<unknown>>();
  /** `${address}/${channelHex}` -> epoch -> channel key (channel keys never change once wrapped). */
  readonly channelKeys = new Map<string, Map<number, Uint8Array>>();

  constructor(client: ParleyClient | string, opts: ChatClientOptions = {}) {
    this.client = typeof client === "string" ? new ParleyClient(client) : client;
    this.verifySignatures = opts.verifySignatures ?? true;
    this.prekeysFor = opts.prekeys ?? ((id) => {
      let s = this.memoryStores.get(id.address);
      if (!s) this.memoryStores.set(id.address, (s = new MemoryPrekeyStore()));
      return s;
    });
  }

  async chainId(): Promise<string> {
    return (await this.client.info()).chainId;
  }

  prekeyStore(identity: Identity): PrekeyStore {
    return this.prekeysFor(identity);
  }

  async keyring(identity: Identity): Promise<Keyring> {
    return keyringFor(identity, await this.prekeyStore(identity).list());
  }

  /** The X25519 key a sender seals to: the address's latest published prekey, else its identity. */
  async recipientKey(address: AddressLike): Promise<RecipientKey> {
    const addr = toAddress(address);
    const acct = await this.client.account(formatAddress(addr));
    const prekey = acct.prekey ? fromHex(acct.prekey) : null;
    if (acct.prekey && (!prekey || prekey.length !== 32)) throw chatError({ code: "BAD_NODE_DATA", reason: "account prekey is not 32 bytes of hex" });
    try {
      return chooseRecipientKey(addr, prekey);
    } catch {
      throw chatError({ code: "BAD_INPUT", reason: "address is not a usable key" }, `cannot encrypt to ${formatAddress(addr)}: it is not a valid Ed25519 public key`);
    }
  }

  /** Builds the body with the nonce the tx will carry, signs, sends, and (by default) waits for finality. */
  async submitSealed<K extends TxKindName>(
    identity: Identity,
    kind: K,
    makeBody: (ctx: { chainId: string; nonce: number }) => TxBodies[K] | Promise<TxBodies[K]>,
    opts: SendOptions = {},
  ): Promise<Submitted> {
    const sent = await this.serial(identity.address, async () => {
      const [info, acct] = await Promise.all([this.client.info(), this.client.account(identity.publicKey)]);
      const nonce = acct.pendingNonce;
      const body = await makeBody({ chainId: info.chainId, nonce });
      const tx = await this.client.build(identity, kind, body, opts.fee === undefined ? { nonce } : { nonce, fee: opts.fee });
      return { id: await this.client.send(tx), nonce };
    });
    if (opts.wait === false) return { ...sent, height: null, index: null };
    const st = await this.client.waitFinal(sent.id, opts.timeoutMs);
    return { ...sent, height: st.height ?? null, index: st.index ?? null };
  }

  /** Calls a paging method and verifies every entry (throws BAD_NODE_DATA on a bad one). */
  async verifiedPage(method: string, params: unknown[]): Promise<VerifiedPage> {
    const [chainId, page] = await Promise.all([this.chainId(), this.client.rpc.call<unknown>(method, params)]);
    if (!isEntryPage(page)) throw chatError({ code: "BAD_NODE_DATA", reason: `${method} did not return a page` });
    return { entries: await this.verifyEntries(page.messages, chainId), older: page.older, newer: page.newer };
  }

  /** verifyEntry for many entries, their signatures checked in one batch (natively where possible). */
  async verifyEntries(jsons: readonly unknown[], chainId: string): Promise<VerifiedEntry[]> {
    const entries = jsons.map((m) => verifyEntry(m, chainId, false));
    if (!this.verifySignatures) return entries;
    const ok = await verifyTxSignatures(entries.map((e) => e.stx));
    const bad = ok.indexOf(false);
    if (bad >= 0) throw chatError({ code: "BAD_NODE_DATA", reason: `tx ${entries[bad]!.id} has a bad signature` }, `the node returned a bad message entry: tx ${entries[bad]!.id} has a bad signature`);
    return entries;
  }

  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.senderQueues.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.then(() => undefined, () => undefined);
    this.senderQueues.set(key, settled);
    void settled.then(() => {
      if (this.senderQueues.get(key) === settled) this.senderQueues.delete(key);
    });
    return next;
  }
}
