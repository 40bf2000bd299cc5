// msg_inbox / msg_sent on a light node: pages whose every entry is proven in a finalized block
// (txRoot inclusion proof under a verified header), cross-checked between peers so that one
// peer cannot hide a message another proved. Same shapes and cursors as a full node.
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { MsgModule } from "../../rpc/modules/msg.js";
import { verifiedDocs } from "./docs.js";
import type { JsonObject } from "../../rpc/json.js";
import { p } from "../../rpc/params.js";
import { pageParam, type PageArg } from "../../rpc/modules/msg.js";
import { rpcError } from "../../rpc/errors.js";
import { formatCursor, parseCursor } from "../../chain/storage/index-store.js";
import type { ChainPos } from "../../chain/storage/keys.js";
import { entryJson } from "../entry-json.js";
import type { IndexKind } from "../../network/light-protocol.js";
import type { LightServices } from "../services.js";

const DEFAULT_PAGE = 50;

function toPos(text: string | undefined): ChainPos | null {
  return text === undefined ? null : parseCursor(text);
}

export class LightMsgModule {
  static readonly namespace = "msg";
  static readonly methods: MethodTable<LightMsgModule> = {
    inbox: [["address", p.address()], ["page", pageParam]],
    sent: [["address", p.address()], ["page", pageParam]],
  };
  static readonly docs: DocTable<LightMsgModule> = verifiedDocs(MsgModule.docs);

  constructor(private readonly node: LightServices) {}

  inbox(address: Uint8Array, page: PageArg): Promise<JsonObject> {
    return this.page("inbox", address, page);
  }

  sent(address: Uint8Array, page: PageArg): Promise<JsonObject> {
    return this.page("sent", address, page);
  }

  private async page(index: IndexKind, address: Uint8Array, page: PageArg): Promise<JsonObject> {
    if (page.before !== undefined && page.after !== undefined)
      throw rpcError("INVALID_PARAMS", "NOT_ALLOWED", { param: "page", detail: "give before or after, not both" });
    const r = await this.node.queries.page({ index, address, limit: page.limit ?? DEFAULT_PAGE, before: toPos(page.before), after: toPos(page.after) });
    const messages: JsonObject[] = [];
    for (const e of r.entries) messages.push(entryJson(e, (await this.node.chain.header(e.height))?.time ?? 0));
    return { messages, older: r.older ? formatCursor(r.older) : null, newer: r.newer ? formatCursor(r.newer) : null };
  }
}
