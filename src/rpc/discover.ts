// `rpc.discover` (OpenRPC 1.x service discovery): the methods this server serves right now, built
// from the same tables the dispatcher binds, so the document cannot drift from the code. Param
// schemas come from the validators that check the params (params.ts), results and extra error
// codes from each module's `docs` table, subscriptions from the hub's registrations.
// rpc.discover itself is not listed: OpenRPC reserves it and every server has it.
// test/unit/rpc/openrpc.test.ts validates the document against the OpenRPC meta-schema.
import { RpcCode, RPC_MESSAGES, type RpcCodeName } from "./errors.js";
import type { JsonObject } from "./json.js";
import type { MethodEntry } from "./module.js";
import type { ParamList } from "./params.js";
import type { JsonSchema } from "./schema.js";

const OPENRPC_VERSION = "1.3.2";

/** What every call may answer, whatever the method (params, limits, timeouts, bugs). */
export const COMMON_ERRORS: readonly RpcCodeName[] = ["INVALID_PARAMS", "LIMIT_EXCEEDED", "UNAVAILABLE", "INTERNAL_ERROR"];

/** One subscription kind (or unsubscribe) as the dispatcher serves it over WebSocket. */
export interface SubscriptionMethod {
  readonly name: string;
  readonly params: ParamList<readonly unknown[]>;
  readonly summary: string;
  /** The call's own result (a subscription id, or unsubscribe's boolean). */
  readonly result: JsonSchema;
  /** The `params.result` of each notification; absent for unsubscribe. */
  readonly event?: JsonSchema;
}

export interface ServerInfo {
  readonly title: string;
  readonly version: string;
}

// Tags are inline (not $refs into components) so a client reads `tags[].name` without resolving.
const ADMIN_TAG = { name: "admin", description: "Served only with --enable-admin; browsers need --admin-origins, callers the admin token if one is set" };
const WEBSOCKET_TAG = { name: "websocket", description: "Only over WebSocket: events arrive as `subscription` notifications" };

function paramsOf(list: ParamList<readonly unknown[]>): JsonObject[] {
  return list.map(([name, validator]) => ({ name, required: !validator.optional, schema: validator.schema }));
}

function errorRef(code: RpcCodeName): JsonObject {
  return { $ref: `#/components/errors/${code}` };
}

function errorsOf(extra: readonly RpcCodeName[]): JsonObject[] {
  const codes = new Set<RpcCodeName>([...extra, ...COMMON_ERRORS]);
  return [...codes].map(errorRef);
}

function moduleMethod(entry: MethodEntry): JsonObject {
  const extra: RpcCodeName[] = [...(entry.doc.errors ?? [])];
  if (entry.admin) extra.push("FORBIDDEN");
  return {
    name: entry.name,
    summary: entry.doc.summary,
    params: paramsOf(entry.params),
    result: { name: "result", schema: entry.doc.result },
    errors: errorsOf(extra),
    paramStructure: "either",
    ...(entry.admin ? { tags: [ADMIN_TAG] } : {}),
  };
}

function subscriptionMethod(m: SubscriptionMethod): JsonObject {
  const out: JsonObject = {
    name: m.name,
    summary: m.summary,
    params: paramsOf(m.params),
    result: { name: "result", schema: m.result },
    errors: errorsOf(["METHOD_NOT_FOUND"]),
    paramStructure: "either",
    tags: [WEBSOCKET_TAG],
  };
  // OpenRPC has no field for notifications: an x- extension carries their schema.
  if (m.event !== undefined) out["x-notification"] = { method: "subscription", params: { subscription: { type: "string" }, result: m.event } };
  return out;
}

function errorComponents(): JsonObject {
  const out: JsonObject = {};
  for (const [name, code] of Object.entries(RpcCode)) out[name] = { code, message: RPC_MESSAGES[name as RpcCodeName] };
  return out;
}

export function discoveryDocument(entries: Iterable<MethodEntry>, subscriptions: readonly SubscriptionMethod[], info: ServerInfo = { title: "Parley JSON-RPC", version: "1" }): JsonObject {
  const methods: JsonObject[] = [];
  for (const entry of entries) methods.push(moduleMethod(entry));
  for (const m of subscriptions) methods.push(subscriptionMethod(m));
  methods.sort((a, b) => String(a["name"]).localeCompare(String(b["name"])));
  return {
    openrpc: OPENRPC_VERSION,
    info: { title: info.title, version: info.version, description: "JSON-RPC 2.0 over HTTP POST and WebSocket on one port; see docs/RPC.md" },
    methods,
    components: {
      errors: errorComponents(),
    },
  };
}
