// Direct messages and transfers by recipient (inbox) and sender (sent), as opaque envelopes:
// clients decrypt. Pages are keyed by chain position (height.index), which never changes once
// final, so paging back with `older` and forward with `newer` never skips or repeats an entry
// while new blocks arrive. The page helpers here also serve channel_messages.
import { MESSAGE_PAGE, PLACED_TX } from "./result-schemas.js";
import { p, type Infer } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { specFor } from "../../chain/tx/registry.js";
import { formatCursor, parseCursor, type IndexEntry, type IndexName } from "../../chain/storage/index-store.js";
import type { ChainPos } from "../../chain/storage/keys.js";
import { toHex } from "../../util/bytes.js";
import { hex } from "./format.js";
import { namedTxJson } from "./tx-names.js";

/** Largest page: 200 txs of at most maxTxBytes (80 KiB) keep one answer under ~32 MB of JSON. */
export const MAX_PAGE = 200;
const DEFAULT_PAGE = 50;
/** The largest index a cursor can name (9 digits); blocks hold far fewer txs (maxBlockTxs). */
const LAST_INDEX = 999_999_999;
const CURSOR_RE = /^\d{1,15}\.\d{1,9}$/;

const cursor = p.string({ max: 25, pattern: CURSOR_RE });
export const pageParam = p.withDefault(
  p.object({ limit: p.optional(p.uint({ min: 1, max: MAX_PAGE })), before: p.optional(cursor), after: p.optional(cursor) }),
  { limit: undefined, before: undefined, after: undefined },
);
export type PageArg = Infer<typeof pageParam>;

function toPos(text: string | undefined): ChainPos | undefined {
  // The validator's pattern already guarantees the shape; parseCursor cannot fail here.
  return text === undefined ? undefined : parseCursor(text) ?? undefined;
}

/** Each index entry as the tx's JSON plus height, index, block time and cursor. */
export async function entriesJson(node: NodeView, entries: readonly IndexEntry[]): Promise<JsonObject[]> {
  const { blocks, txs } = node.chain;
  // An index entry is written in the same batch as its tx: the repository reports a missing one as corruption.
  const found = await txs.getAll(entries.map((e) => e.txId));
  const times = new Map<number, number>();
  for (const h of new Set(entries.map((e) => e.pos.height))) times.set(h, (await blocks.header(h))?.time ?? 0);
  return entries.map((e, i) => ({
    ...namedTxJson(node, found[i]!.stx, toHex(e.txId)), height: e.pos.height, index: e.pos.index, time: times.get(e.pos.height) ?? 0, cursor: formatCursor(e.pos),
  }));
}

/** {messages (oldest first), older, newer}: see docs/RPC.md (Messaging) for the cursor rules. */
export async function entryPage(node: NodeView, index: IndexName, key: Uint8Array, page: PageArg): Promise<JsonObject> {
  if (page.before !== undefined && page.after !== undefined)
    throw rpcError("INVALID_PARAMS", "NOT_ALLOWED", { param: "page", detail: "give before or after, not both" });
  // Read the head before the index: every block up to it is already in the index (a block's
  // index entries and its head move are one batch), so `newer` of an empty page can start there.
  const head = node.chain.head.height;
  const res = await node.chain.indexes.page(index, key, { limit: page.limit ?? DEFAULT_PAGE, before: toPos(page.before), after: toPos(page.after) });
  let newer = res.newer ? formatCursor(res.newer) : null;
  if (newer === null && page.before === undefined) newer = formatCursor({ height: head, index: LAST_INDEX });
  return { messages: await entriesJson(node, res.entries), older: res.older ? formatCursor(res.older) : null, newer };
}

export class MsgModule {
  static readonly namespace = "msg";
  static readonly methods: MethodTable<MsgModule> = {
    inbox: [["address", p.address()], ["page", pageParam]],
    sent: [["address", p.address()], ["page", pageParam]],
    get: [["id", p.hash()]],
  };
  static readonly docs: DocTable<MsgModule> = {
    inbox: { summary: "Messages and transfers received by an address, oldest first, paged by cursor", result: MESSAGE_PAGE },
    sent: { summary: "Messages and transfers sent by an address, oldest first, paged by cursor", result: MESSAGE_PAGE },
    get: { summary: "One finalized message, transfer or channel tx by id, shaped as a page entry", result: PLACED_TX, errors: ["NOT_FOUND"] },
  };

  constructor(private readonly node: NodeView) {}

  /** Messages and transfers received by `address`. */
  inbox(address: Uint8Array, page: PageArg): Promise<JsonObject> {
    return entryPage(this.node, "inbox", address, page);
  }

  /** Messages and transfers sent by `address`. */
  sent(address: Uint8Array, page: PageArg): Promise<JsonObject> {
    return entryPage(this.node, "sent", address, page);
  }

  /** One finalized message, transfer or channel tx, in the same shape as a page entry. */
  async get(id: Uint8Array): Promise<JsonObject> {
    const found = await this.node.chain.txs.get(id);
    if (!found) throw rpcError("NOT_FOUND", "MESSAGE_NOT_FOUND", { id: hex(id) });
    // A message is whatever its kind says is a chat entry (direct or channel log).
    const { tx } = found.stx;
    if (specFor(tx).chatEntry(tx, id) === null) throw rpcError("NOT_FOUND", "NOT_A_MESSAGE", { id: hex(id) });
    const [entry] = await entriesJson(this.node, [{ pos: { height: found.height, index: found.index }, txId: id }]);
    return entry!;
  }
}
