// `rpc.discover` (OpenRPC service discovery): the methods this server serves right now, with
// their params in call order, built from the same tables the dispatcher binds. Clients and
// tests enumerate methods from it, so a new method is covered without editing a list. Schemas
// are left open ({}): the validators in params.ts are the contract, docs/RPC.md describes them.
import type { JsonObject } from "./json.js";
import type { MethodEntry } from "./module.js";
import type { ParamList } from "./params.js";

const OPENRPC_VERSION = "1.3.2";
const ANY = {};

function method(name: string, params: ParamList<readonly unknown[]>, tags: string[]): JsonObject {
  return {
    name,
    params: params.map(([param, validator]) => ({ name: param, required: !validator.optional, schema: ANY })),
    result: { name: "result", schema: ANY },
    ...(tags.length > 0 ? { tags: tags.map((tag) => ({ name: tag })) } : {}),
  };
}

/** `subscriptions`: subscribe_<kind> and unsubscribe with their params (WebSocket only). */
export function discoveryDocument(entries: Iterable<MethodEntry>, subscriptions: ReadonlyArray<readonly [string, ParamList<readonly unknown[]>]>): JsonObject {
  const methods: JsonObject[] = [];
  for (const entry of entries) methods.push(method(entry.name, entry.params, entry.admin ? ["admin"] : []));
  for (const [name, params] of subscriptions) methods.push(method(name, params, ["websocket"]));
  methods.sort((a, b) => String(a["name"]).localeCompare(String(b["name"])));
  return { openrpc: OPENRPC_VERSION, info: { title: "Parley JSON-RPC", version: "1" }, methods };
}
