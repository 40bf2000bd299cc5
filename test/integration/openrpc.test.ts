// rpc.discover on a real node: a valid OpenRPC document (checked against the OpenRPC meta-schema)
// that lists every method the node serves, each param's schema taken from its validator.
import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { Ajv } from "ajv";
import * as metaSchemaModule from "@open-rpc/meta-schema";
import { ParleyNode } from "../../src/node/node.js";
import { cleanup, devChain } from "./harness.js";

afterAll(cleanup);

interface Method {
  name: string;
  summary?: string;
  params: Array<{ name: string; required: boolean; schema: Record<string, unknown> }>;
  result: { schema: Record<string, unknown> };
  "x-notification"?: unknown;
}

async function discover(url: string): Promise<{ openrpc: string; methods: Method[] }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "rpc.discover" }) });
  return ((await res.json()) as { result: { openrpc: string; methods: Method[] } }).result;
}

describe("rpc.discover on a node", () => {
  it("is a valid OpenRPC document listing every served method and subscription, with param schemas", async () => {
    const chain = devChain();
    const node = await ParleyNode.start({ dataDir: join(chain.dir, "node"), genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0, enableAdmin: true }, logLevel: "warn", app: null });
    try {
      const doc = await discover(node.rpcUrl);
      // The meta-schema names a $schema ajv does not know (validate with it, not against it) and
      // refers to JSON Schema's own meta-schema at meta.json-schema.tools, which is JSON Schema
      // draft 7 (ajv's built-in) plus the one definition it points into.
      const { $schema: _ignored, ...schema } = (metaSchemaModule as unknown as { openrpcDocument: Record<string, unknown> }).openrpcDocument;
      const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
      // (It is named both with and without the trailing slash.)
      for (const $id of ["https://meta.json-schema.tools", "https://meta.json-schema.tools/"]) {
        ajv.addSchema({ $id, allOf: [{ $ref: "http://json-schema.org/draft-07/schema#" }], definitions: { JSONSchemaObject: { properties: { $ref: { type: "string" } } } } });
      }
      const valid = ajv.validate(schema, doc);
      expect(ajv.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(ajv.validate(schema, { ...doc, methods: [{ name: "x" }] })).toBe(false); // the check can fail

      const names = doc.methods.map((m) => m.name);
      for (const served of node.rpcMethodNames()) expect(names).toContain(served);
      for (const sub of ["subscribe_heads", "subscribe_tx", "subscribe_messages", "subscribe_actions", "unsubscribe"]) expect(names).toContain(sub);
      expect(names).toContain("admin_networkStatus");

      const byName = new Map(doc.methods.map((m) => [m.name, m]));
      // Param schemas say what the validators enforce.
      expect(byName.get("chain_getBlock")!.params[1]).toMatchObject({ name: "txs", required: false, schema: { enum: ["none", "ids", "full"], default: "ids" } });
      expect(byName.get("account_history")!.params[1]!.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 200, default: 50 });
      // Every method has a summary and a described result; every subscription its event schema.
      for (const m of doc.methods) expect(m.summary, m.name).toBeTruthy();
      for (const name of names.filter((n) => n.startsWith("subscribe_"))) expect(byName.get(name)!["x-notification"], name).toBeDefined();
    } finally {
      await node.stop();
    }
  });
});
