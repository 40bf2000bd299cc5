// rpc.discover on a real node: an OpenRPC document that the OpenRPC meta-schema accepts, that
// lists every method of every module the node registers (admin and subscriptions included),
// and whose param schemas accept what the validators accept and refuse what they refuse.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { Ajv } from "ajv";
import { createRequire } from "node:module";
import { cleanup, devChain, spawnCli, type NodeProcess } from "./harness.js";
import { ChainModule } from "../../src/rpc/modules/chain.js";
import { TxModule } from "../../src/rpc/modules/tx.js";
import { AccountModule } from "../../src/rpc/modules/account.js";
import { NodeModule } from "../../src/rpc/modules/node.js";
import { ConsensusModule } from "../../src/rpc/modules/consensus.js";
import { MsgModule } from "../../src/rpc/modules/msg.js";
import { ChannelModule } from "../../src/rpc/modules/channel.js";
import { AnchorModule } from "../../src/rpc/modules/anchor.js";
import { ActionModule } from "../../src/rpc/modules/action.js";
import { AdminModule } from "../../src/rpc/modules/admin.js";
import { ProofModule } from "../../src/rpc/modules/proof.js";
import { createHub } from "../../src/rpc/modules/events.js";

interface Param { name: string; required: boolean; schema: object }
interface Method { name: string; params: Param[]; result: { schema: object }; errors: Array<{ $ref: string }>; tags?: Array<{ name: string }> }
interface Doc { openrpc: string; methods: Method[]; components: { errors: Record<string, { code: number }> } }

const MODULES = [ChainModule, TxModule, AccountModule, NodeModule, ConsensusModule, MsgModule, ChannelModule, AnchorModule, ActionModule, AdminModule, ProofModule];

let node: NodeProcess;
let doc: Doc;
// The package's types declare only the document's TypeScript shape, not the exported schema.
const { openrpcDocument } = createRequire(import.meta.url)("@open-rpc/meta-schema") as { openrpcDocument: Record<string, unknown> };
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

beforeAll(async () => {
  const chain = devChain({ validators: 1, funded: 1 });
  node = await spawnCli(["node", "--data-dir", join(chain.dir, "n"), "--genesis", chain.genesisPath, "--key", chain.validatorKeys[0]!, "--rpc-port", "0", "--log-level", "error", "--enable-admin"]);
  const res = await fetch(node.rpc, { method: "POST", body: '{"jsonrpc":"2.0","id":1,"method":"rpc.discover"}', headers: { "content-type": "application/json" } });
  doc = ((await res.json()) as { result: Doc }).result;
});

afterAll(async () => {
  await cleanup();
});

// The meta-schema points at https://meta.json-schema.tools (JSON Schema draft 7 as a document) for
// every schema in the document; offline, Ajv's bundled draft-07 meta-schema is that document.
function offlineMetaSchema(): object {
  const swap = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(swap);
    if (v === null || typeof v !== "object") return v;
    const ref = (v as { $ref?: unknown }).$ref;
    if (ref === "https://meta.json-schema.tools") return { $ref: "http://json-schema.org/draft-07/schema#" };
    if (typeof ref === "string" && ref.startsWith("https://meta.json-schema.tools/")) return { type: "string" }; // the $ref keyword's own value
    return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "$schema").map(([k, x]) => [k, swap(x)]));
  };
  return swap(openrpcDocument) as object;
}

function method(name: string): Method {
  const m = doc.methods.find((x) => x.name === name);
  if (m === undefined) throw new Error(`${name} not in rpc.discover`);
  return m;
}

describe("rpc.discover on a node", () => {
  it("is a valid OpenRPC document", () => {
    const validate = ajv.compile(offlineMetaSchema());
    const ok = validate(doc);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5))).toEqual([]);
    expect(ok).toBe(true);
  });

  it("lists every method of every module the node registers, every subscription kind and unsubscribe", () => {
    const names = new Set(doc.methods.map((m) => m.name));
    const expected = MODULES.flatMap((m) => Object.keys(m.methods).map((k) => `${m.namespace}_${k}`));
    expected.push(...createHub().kinds().map((k) => `subscribe_${k}`), "unsubscribe");
    expect([...names].sort()).toEqual([...new Set(expected)].sort());
    expect(method("admin_disconnectPeers").tags?.map((t) => t.name)).toEqual(["admin"]);
    expect(method("subscribe_heads").tags?.map((t) => t.name)).toEqual(["websocket"]);
  });

  it("every param schema and result schema compiles, and every error $ref resolves", () => {
    for (const m of doc.methods) {
      for (const p of m.params) expect(() => ajv.compile(p.schema), `${m.name}.${p.name}`).not.toThrow();
      expect(() => ajv.compile(m.result.schema), `${m.name} result`).not.toThrow();
      for (const e of m.errors) expect(doc.components.errors[e.$ref.replace("#/components/errors/", "")], `${m.name} ${e.$ref}`).toBeDefined();
    }
  });

  it("param schemas come from the validators: they accept what the node accepts and refuse what it refuses", () => {
    const height = ajv.compile(method("chain_getCommit").params.find((p) => p.name === "height")!.schema);
    expect(height(3)).toBe(true);
    expect(height(-1)).toBe(false);
    expect(height(1.5)).toBe(false);
    const block = ajv.compile(method("chain_getBlock").params.find((p) => p.name === "block")!.schema);
    expect(block(3)).toBe(true);
    expect(block("0x" + "ab".repeat(32))).toBe(true);
    expect(block("three")).toBe(false);
    const txs = ajv.compile(method("chain_getBlock").params.find((p) => p.name === "txs")!.schema);
    expect(txs("full")).toBe(true);
    expect(txs("all")).toBe(false);
    const address = ajv.compile(method("account_get").params.find((p) => p.name === "address")!.schema);
    expect(address("ab".repeat(32))).toBe(true);
    expect(address("parley1nope")).toBe(false);
    const id = ajv.compile(method("tx_get").params[0]!.schema);
    expect(id("0x" + "00".repeat(32))).toBe(true);
    expect(id("0x00")).toBe(false);
  });

  it("answers the documented error codes with the codes the server uses", () => {
    expect(doc.components.errors["METHOD_NOT_FOUND"]!.code).toBe(-32601);
    expect(method("tx_get").errors.map((e) => e.$ref)).toContain("#/components/errors/INVALID_PARAMS");
  });
});
