// subscribe_works: a creator following a work by its id hears every sale and tip of it; an
// address hears the work txs that name it; failed txs and other kinds reach nobody here.
import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { createHub, publishBlock } from "../../../src/rpc/modules/events.js";
import type { Subscriber } from "../../../src/rpc/subscriptions.js";
import type { CommittedBlock } from "../../../src/chain/chain.js";
import type { ExecTx } from "../../../src/chain/execution/executor.js";
import { txError } from "../../../src/chain/tx/errors.js";
import type { TxKindName } from "../../../src/chain/tx/kinds.js";
import type { TxBodies } from "../../../src/chain/tx/types.js";
import { bytes32, identity, sampleTx } from "../chain/tx/fixtures.js";

const [alice, bob, dave] = ["alice", "bob", "dave"].map(identity) as [ReturnType<typeof identity>, ReturnType<typeof identity>, ReturnType<typeof identity>];
const song = bytes32("song.flac");

class Inbox implements Subscriber {
  readonly got: Array<{ body: { op: string }; height: number }> = [];
  alive = true;
  send(text: string): boolean {
    this.got.push((JSON.parse(text) as { params: { result: { body: { op: string }; height: number } } }).params.result);
    return true;
  }
}

function execTx<K extends TxKindName>(kind: K, from: ReturnType<typeof identity>, body?: TxBodies[K], failed = false): ExecTx {
  const stx = sampleTx(kind, body === undefined ? { from } : { from, body }).stx;
  return { stx, id: sha256(stx.payload), ...(failed ? { failure: txError({ code: "WORK_PRICE_MISMATCH", price: 1n, got: 2n }) } : {}) };
}

function block(txs: ExecTx[]): CommittedBlock {
  return { block: { header: { height: 7, time: 7_000 } }, hash: new Uint8Array(32), txs, actions: [] } as unknown as CommittedBlock;
}

describe("subscribe_works", () => {
  it("sends a work's txs to its id and to the addresses they name, and nothing failed or of another kind", () => {
    const hub = createHub();
    const [byWork, byCreator, byBuyer, other] = [new Inbox(), new Inbox(), new Inbox(), new Inbox()];
    // params as the server binds them (bytes)
    hub.subscribe("works", [song], byWork, 10);
    hub.subscribe("works", [bob.publicKey], byCreator, 10);
    hub.subscribe("works", [dave.publicKey], byBuyer, 10);
    hub.subscribe("works", [bytes32("another work")], other, 10);
    publishBlock(hub, block([
      execTx("work", alice),
      execTx("work", dave, { op: "license", workId: song, offer: 0, asset: null, price: 1_000n }),
      execTx("work", dave, { op: "license", workId: song, offer: 0, asset: null, price: 2n }, true),
      execTx("anchor", alice),
    ]));
    expect(byWork.got.map((e) => [e.body.op, e.height])).toEqual([["register", 7], ["license", 7]]);
    // bob is a co-creator in the registration; a sale's body names only its buyer
    expect(byCreator.got.map((e) => e.body.op)).toEqual(["register"]);
    expect(byBuyer.got.map((e) => e.body.op)).toEqual(["license"]);
    expect(other.got).toEqual([]);
  });
});
