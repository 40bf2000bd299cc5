// The param schemas rpc.discover publishes come from the validators that check the params: every
// value a validator of a real method accepts, its published schema must accept too (a client
// generated from the document never refuses a call the node would serve), and the values the
// schema refuses, the validator refuses. Checked on every param of every module the node serves.
import { describe, expect, it } from "vitest";
import { Ajv } from "ajv";
import { ChainModule } from "../../../src/rpc/modules/chain.js";
import { TxModule } from "../../../src/rpc/modules/tx.js";
import { AccountModule } from "../../../src/rpc/modules/account.js";
import { NodeModule } from "../../../src/rpc/modules/node.js";
import { ConsensusModule } from "../../../src/rpc/modules/consensus.js";
import { MsgModule } from "../../../src/rpc/modules/msg.js";
import { ChannelModule } from "../../../src/rpc/modules/channel.js";
import { AnchorModule } from "../../../src/rpc/modules/anchor.js";
import { ActionModule } from "../../../src/rpc/modules/action.js";
import { AdminModule } from "../../../src/rpc/modules/admin.js";
import { ProofModule } from "../../../src/rpc/modules/proof.js";
import { WorkModule } from "../../../src/rpc/modules/work.js";
import { NameModule } from "../../../src/rpc/modules/name.js";
import { AssetModule } from "../../../src/rpc/modules/asset.js";
import { createHub } from "../../../src/rpc/modules/events.js";
import type { ParamList } from "../../../src/rpc/params.js";
import { newIdentity } from "../../../src/client/keys.js";

const MODULES = [ChainModule, TxModule, AccountModule, NodeModule, ConsensusModule, MsgModule, ChannelModule, AnchorModule, ActionModule, AdminModule, ProofModule, WorkModule, NameModule, AssetModule];
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

const HASH = "ab".repeat(32);
const ADDRESS = newIdentity().address;
// Values of every shape the params take, valid and not: each validator accepts some of them.
const SCALARS: unknown[] = [
  null, true, false, 0, 1, 7, 50, 200, 201, 1000, 10_000, 2 ** 53 - 1, 2 ** 53, -1, 1.5, "", "x", "ids", "full", "none", "in", "out",
  "heads", "0", "42", "0042", "-1", "1.0", "3.1", "12.0", HASH, "0x" + HASH, "0x" + HASH.slice(2), "0x", "0x00", "0xzz", ADDRESS, ADDRESS.slice(0, -1) + "q",
  "parley1nope", "@alice", "@", "a".repeat(5000), ["0x00"], [HASH], [], {},
];
const OBJECTS: unknown[] = [
  { limit: 5 }, { limit: null }, { limit: 0 }, { before: "3.1" }, { after: "12.0", limit: 200 }, { before: "x" }, { limit: 5, extra: 1 },
  { cursor: "3.1" }, { kind: "escrow" }, { role: "from" }, { limit: 10, before: null },
];
const CANDIDATES = [...SCALARS, ...OBJECTS];

function paramsOfEveryMethod(): Array<[string, ParamList<readonly unknown[]>[number]]> {
  const out: Array<[string, ParamList<readonly unknown[]>[number]]> = [];
  for (const m of MODULES) {
    for (const [method, params] of Object.entries(m.methods as Record<string, ParamList<readonly unknown[]>>)) for (const param of params) out.push([`${m.namespace}_${method}`, param]);
  }
  const hub = createHub();
  for (const kind of hub.kinds()) for (const param of hub.paramsOf(kind) ?? []) out.push([`subscribe_${kind}`, param]);
  return out;
}

describe("published param schemas agree with the validators", () => {
  const all = paramsOfEveryMethod();

  it("covers the params of every method", () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it("every value a validator accepts, its schema accepts; every value its schema refuses, it refuses", () => {
    let accepted = 0;
    for (const [method, [name, validator]] of all) {
      const schemaAccepts = ajv.compile(validator.schema);
      for (const value of CANDIDATES) {
        // Absent and null mean "not given" for an optional positional param: OpenRPC's
        // `required: false` says that, not the schema.
        if (validator.optional && (value === null || value === undefined)) continue;
        const ok = validator.check(value).ok;
        if (ok) accepted++;
        if (ok !== schemaAccepts(value) && ok) throw new Error(`${method}.${name}: the node accepts ${JSON.stringify(value)?.slice(0, 80)} but the schema refuses it: ${JSON.stringify(schemaAccepts.errors)}`);
      }
    }
    // The candidates exercise the validators (a list of values nobody accepts would prove nothing).
    expect(accepted).toBeGreaterThan(all.length);
  });
});
