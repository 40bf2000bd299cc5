// Public API of the JSON-RPC layer.
export { RpcCode, RpcReason, RpcError, rpcError, toRpcErrorObject } from "./errors.js";
export type { RpcCodeName, RpcErrorObject, RpcErrorType, ErrorMapping, ErrorMappingTable, RpcLogger } from "./errors.js";
export { toJson, bytesToJson, stringify } from "./json.js";
export type { JsonValue, JsonObject, JsonPrimitive } from "./json.js";
export { p, bindParams } from "./params.js";
export type { Validator, Check, ParamList, ParamReason, Infer } from "./params.js";
export { RpcModuleError } from "./module.js";
export type { MethodTable, MethodNames, RpcModuleDefinition } from "./module.js";
export { SubscriptionHub } from "./subscriptions.js";
export type { Subscriber, SubscriptionSpec, SubscriptionRegistry } from "./subscriptions.js";
export type { RpcMetrics, RequestId } from "./dispatch.js";
export type { MetricsHandler } from "./http.js";
export { RpcServer, RPC_DEFAULTS } from "./server.js";
export type { RpcServerOptions, RpcServerModules } from "./server.js";
