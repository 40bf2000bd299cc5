// How a namespace declares its RPC methods: a class whose public methods are the RPC methods,
// with a static `methods` table giving each exposed method's params. The table is type-checked
// against the method signatures, so a validator that yields the wrong type does not compile.
//
//   export class ChainModule {
//     static readonly namespace = "chain";
//     static readonly methods: MethodTable<ChainModule> = {
//       getHead: [],
//       getBlock: [["height", p.uint()], ["full", p.withDefault(p.bool(), false)]],
//     };
//     static readonly docs: DocTable<ChainModule> = {
//       getHead: { summary: "The head header", result: HEADER },
//       getBlock: { summary: "A block by height", result: BLOCK, errors: ["NOT_FOUND"] },
//     };
//     constructor(private readonly chain: ChainReader) {}
//     getHead(): Promise<JsonValue> { ... }
//     getBlock(height: number, full: boolean): Promise<JsonValue> { ... }
//   }
//   server.addModule(ChainModule, new ChainModule(chain)); // serves chain_getHead, chain_getBlock
//
// Methods not in the table (and private ones) are not exposed. Every exposed method needs a
// `docs` entry (its summary, result schema and the error codes it may answer besides the common
// ones): rpc.discover is built from these tables, and registration refuses a method without one. Results are JSON values: use
// `toJson` (bigint -> decimal string, bytes -> 0x-hex) or build JSON directly.
import { ParleyError } from "../util/errors.js";
import type { ParamList } from "./params.js";
import type { JsonSchema } from "./schema.js";
import type { RpcCodeName } from "./errors.js";

type AnyMethod = (...args: never[]) => unknown;

export type MethodNames<M> = { [K in keyof M]-?: M[K] extends AnyMethod ? K : never }[keyof M] & string;

export type MethodTable<M> = {
  readonly [K in MethodNames<M>]?: M[K] extends (...args: infer A) => unknown ? ParamList<A> : never;
};

/** What rpc.discover says about a method beyond its params. */
export interface MethodDoc {
  readonly summary: string;
  readonly result: JsonSchema;
  /** Codes this method answers besides the ones every call may get (see COMMON_ERRORS in discover.ts). */
  readonly errors?: readonly RpcCodeName[];
}

export type DocTable<M> = { readonly [K in MethodNames<M>]?: MethodDoc };

export interface RpcModuleDefinition<M> {
  /** Prefix of every method name: `<namespace>_<method>`. */
  readonly namespace: string;
  readonly methods: MethodTable<M>;
  readonly docs: DocTable<M>;
  /** Admin modules are served only when the server enables admin; namespace "admin" always is one. */
  readonly admin?: boolean;
}

/** A method after type erasure, as the dispatcher holds it. */
export interface MethodEntry {
  readonly name: string;
  readonly params: ParamList<readonly unknown[]>;
  readonly doc: MethodDoc;
  readonly admin: boolean;
  readonly invoke: (args: unknown[]) => unknown;
}

export type ModuleErrorType =
  | { code: "BAD_NAMESPACE"; namespace: string }
  | { code: "BAD_METHOD_NAME"; method: string }
  | { code: "NOT_A_FUNCTION"; method: string }
  | { code: "MISSING_DOC"; method: string }
  | { code: "DUPLICATE_METHOD"; method: string };

/** Wiring mistakes by the node's own code, thrown at registration so they fail at startup. */
export class RpcModuleError extends ParleyError<ModuleErrorType> {}

// "subscribe"/"unsubscribe" belong to the subscription hub; "rpc" is reserved by the spec.
const RESERVED_NAMESPACES = new Set(["subscribe", "unsubscribe", "rpc"]);
const NAMESPACE_RE = /^[a-z][a-zA-Z0-9]*$/;
const METHOD_RE = /^[a-zA-Z][a-zA-Z0-9]*$/;

export function bindModule<M extends object>(def: RpcModuleDefinition<M>, instance: M): MethodEntry[] {
  const { namespace } = def;
  if (!NAMESPACE_RE.test(namespace) || RESERVED_NAMESPACES.has(namespace)) {
    throw new RpcModuleError({ code: "BAD_NAMESPACE", namespace });
  }
  const admin = def.admin === true || namespace === "admin";
  const table = def.methods as Readonly<Record<string, ParamList<readonly unknown[]>>>;
  const docs = def.docs as Readonly<Record<string, MethodDoc | undefined>>;
  const entries: MethodEntry[] = [];
  for (const [method, params] of Object.entries(table)) {
    const name = `${namespace}_${method}`;
    if (!METHOD_RE.test(method)) throw new RpcModuleError({ code: "BAD_METHOD_NAME", method: name });
    const fn: unknown = Reflect.get(instance, method);
    if (typeof fn !== "function") throw new RpcModuleError({ code: "NOT_A_FUNCTION", method: name });
    const doc = Object.hasOwn(docs, method) ? docs[method] : undefined;
    if (doc === undefined) throw new RpcModuleError({ code: "MISSING_DOC", method: name });
    entries.push({ name, params, doc, admin, invoke: (args) => Reflect.apply(fn, instance, args) });
  }
  return entries;
}
