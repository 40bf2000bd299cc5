// A small module for the RPC tests: the JSON-RPC spec's example methods plus typed-error cases.
import { ParleyError } from "../../../src/util/errors.js";
import { rpcError } from "../../../src/rpc/errors.js";
import type { DocTable, MethodTable } from "../../../src/rpc/module.js";
import { p } from "../../../src/rpc/params.js";

/** Every method of a test module documented as "a test method" with an open result. */
export function testDocs<M>(methods: MethodTable<M>): DocTable<M> {
  return Object.fromEntries(Object.keys(methods).map((name) => [name, { summary: "a test method", result: {} }])) as DocTable<M>;
}

export class TxError extends ParleyError<{ code: "NONCE_TOO_LOW"; expected: bigint; got: bigint } | { code: "UNMAPPED_CODE" }> {}

export class EchoModule {
  static readonly namespace = "echo";
  static readonly methods: MethodTable<EchoModule> = {
    add: [["a", p.uint()], ["b", p.uint()]],
    subtract: [["minuend", p.uint()], ["subtrahend", p.uint()]],
    sum: [["a", p.uint()], ["b", p.uint()], ["c", p.uint()]],
    update: [["a", p.uint()], ["b", p.uint()], ["c", p.uint()], ["d", p.uint()], ["e", p.uint()]],
    foobar: [],
    getData: [],
    amounts: [["amount", p.bigintString()], ["to", p.address()], ["memo", p.optional(p.string({ max: 8 }))]],
    transfer: [["tx", p.object({ to: p.address(), amount: p.bigintString(), tag: p.optional(p.oneOf("a", "b")) })]],
    rejectTx: [],
    unmapped: [],
    notFound: [],
    crash: [],
    slow: [["ms", p.uint({ max: 10_000 })]],
    raw: [],
  };
  static readonly docs = testDocs(EchoModule.methods);

  readonly updates: number[][] = [];
  private secret = "internal detail that must not leak";

  add(a: number, b: number): number {
    return a + b;
  }
  subtract(minuend: number, subtrahend: number): number {
    return minuend - subtrahend;
  }
  sum(a: number, b: number, c: number): number {
    return a + b + c;
  }
  update(a: number, b: number, c: number, d: number, e: number): void {
    this.updates.push([a, b, c, d, e]);
  }
  foobar(): string {
    return "foobar";
  }
  getData(): [string, number] {
    return ["hello", 5];
  }
  amounts(amount: bigint, to: Uint8Array, memo: string | undefined): { amount: bigint; to: Uint8Array; memo: string | null } {
    return { amount: amount * 2n, to, memo: memo ?? null };
  }
  transfer(tx: { to: Uint8Array; amount: bigint; tag: "a" | "b" | undefined }): { amount: string; tag: string | null } {
    return { amount: tx.amount.toString(), tag: tx.tag ?? null };
  }
  rejectTx(): never {
    throw new TxError({ code: "NONCE_TOO_LOW", expected: 5n, got: 3n });
  }
  unmapped(): never {
    throw new TxError({ code: "UNMAPPED_CODE" });
  }
  notFound(): never {
    throw rpcError("NOT_FOUND", "NO_SUCH_BLOCK", { height: 7 });
  }
  crash(): never {
    throw new Error(this.secret);
  }
  async slow(ms: number): Promise<number> {
    await new Promise((r) => setTimeout(r, ms));
    return ms;
  }
  /** Returns bigint and bytes without converting them: the server must still serialise them. */
  raw(): { big: bigint; bytes: Uint8Array } {
    return { big: 2n ** 70n, bytes: new Uint8Array([1, 2, 255]) };
  }
  /** Not in the table: not served. */
  hidden(): string {
    return "hidden";
  }
}

export class AdminModule {
  static readonly namespace = "admin";
  static readonly methods: MethodTable<AdminModule> = { peers: [] };
  static readonly docs = testDocs(AdminModule.methods);
  peers(): string[] {
    return ["peer1"];
  }
}

/** Each validator must match the method's parameter types; this one does not and must not compile. */
export class WrongModule {
  static readonly namespace = "wrong";
  static readonly methods: MethodTable<WrongModule> = {
    // @ts-expect-error p.string() yields string but the method takes a number
    take: [["n", p.string()]],
  };
  take(n: number): number {
    return n;
  }
}
