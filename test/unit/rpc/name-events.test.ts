// subscribe_names: a name's txs reach whoever follows the name (typed with or without "@", any
// case) and the addresses they name (sender, new holder); failed txs and other kinds reach nobody.
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { createHub, publishBlock } from "../../../src/rpc/modules/events.js";
import type { Subscriber } from "../../../src/rpc/subscriptions.js";
import type { CommittedBlock } from "../../../src/chain/chain.js";
import type { ExecTx } from "../../../src/chain/execution/executor.js";
import { txError } from "../../../src/chain/tx/errors.js";
import type { TxKindName } from "../../../src/chain/tx/kinds.js";
import type { TxBodies } from "../../../src/chain/tx/types.js";
import { bindParams } from "../../../src/rpc/params.js";
import { identity, sampleTx } from "../chain/tx/fixtures.js";

const [alice, bob, dave] = ["alice", "bob", "dave"].map(identity) as [ReturnType<typeof identity>, ReturnType<typeof identity>, ReturnType<typeof identity>];

class Inbox implements Subscriber {
  readonly got: string[] = [];
  alive = true;
  send(text: string): boolean {
    this.got.push((JSON.parse(text) as { params: { result: { body: { op: string } } } }).params.result.body.op);
    return true;
  }
}

function execTx<K extends TxKindName>(kind: K, from: ReturnType<typeof identity>, body?: TxBodies[K], failed = false): ExecTx {
  const stx = sampleTx(kind, body === undefined ? { from } : { from, body }).stx;
  return { stx, id: sha256(stx.payload), ...(failed ? { failure: txError({ code: "NAME_TAKEN", expiry: 9 }) } : {}) };
}

const block = (txs: ExecTx[]): CommittedBlock => ({ block: { header: { height: 7, time: 7_000 } }, hash: new Uint8Array(32), txs, actions: [] }) as unknown as CommittedBlock;

describe("subscribe_names", () => {
  it("sends a name's txs to the name and to the addresses they name, nothing failed or of another kind", () => {
    const hub = createHub();
    const [byName, byAt, byNew, byOther] = [new Inbox(), new Inbox(), new Inbox(), new Inbox()];
    const params = (target: string) => bindParams(hub.paramsOf("names")!, [target]);
    hub.subscribe("names", params("alice"), byName, 10);
    hub.subscribe("names", params("@Alice"), byAt, 10);
    hub.subscribe("names", params(bob.address), byNew, 10);
    hub.subscribe("names", params("someone-else"), byOther, 10);
    publishBlock(hub, block([
      execTx("name", alice),
      execTx("name", alice, { op: "transfer", name: "alice", to: bob.publicKey }),
      execTx("name", dave, { op: "register", name: "alice", years: 1, pay: 400_000n }, true),
      execTx("anchor", alice),
    ]));
    expect(byName.got).toEqual(["register", "transfer"]);
    expect(byAt.got).toEqual(["register", "transfer"]);
    expect(byNew.got).toEqual(["transfer"]);
    expect(byOther.got).toEqual([]);
  });
});
