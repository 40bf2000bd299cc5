// Automatic actions through the real Chain: blocks built by one node and checked by another
// agree (header time and parent hash reach execution the same way on both), emptied action
// state is deleted from the store and the state tree, and a restart reads the same state.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { Chain, INLINE_TX_SOURCE } from "../../../src/chain/chain.js";
import { parseGenesis } from "../../../src/chain/genesis.js";
import { dueKey, recordKey } from "../../../src/chain/actions/state-keys.js";
import { Clock } from "../../../src/chain/actions/types.js";
import { smtKey } from "../../../src/chain/state/state-store.js";
import { StateNs } from "../../../src/chain/tx/spec.js";
import type { TxKindName } from "../../../src/chain/tx/kinds.js";
import type { TxBodies } from "../../../src/chain/tx/types.js";
import { buildTx } from "../../../src/client/tx-builder.js";
import { genesisJson } from "../../../src/node/dev-chain.js";
import { CHAIN_ID, identity } from "./tx/fixtures.js";

const alice = identity("alice");
const bob = identity("bob");
const validator = identity("validator");
const GENESIS = genesisJson(CHAIN_ID, [validator], [{ address: alice.address, balance: 10n ** 12n }], { blockTimeMs: 100 });

let dir: string;
let builder: Chain;
let checker: Chain;
let nonce = 0;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "parley-actions-chain-"));
  builder = await Chain.open(join(dir, "a"), parseGenesis(GENESIS));
  checker = await Chain.open(join(dir, "b"), parseGenesis(GENESIS));
  nonce = 0;
});
afterEach(async () => {
  await builder.close();
  await checker.close();
  rmSync(dir, { recursive: true, force: true });
});

function signed<K extends TxKindName>(kind: K, body: TxBodies[K]) {
  const built = buildTx(alice, kind, body, { chainId: CHAIN_ID, nonce: nonce++, fee: 200_000n, expiry: 1_000 });
  return { stx: built.stx, id: sha256(built.stx.payload) };
}

/** Builds the next block on one chain, checks it on the other, commits it on both. */
async function block(txs: ReturnType<typeof signed>[] = []): Promise<void> {
  const time = builder.head.header.time + 1_000;
  const { prepared } = await builder.buildBlock(txs, validator.publicKey, null, time);
  const checked = await checker.checkBlock(prepared.block, INLINE_TX_SOURCE, time);
  if (!checked.ok) throw checked.error;
  await builder.commit(prepared, null);
  await checker.commit(checked.value, null);
}

describe("actions on the chain", () => {
  it("a recurring payment runs with no tx, identically on builder and checker, and its emptied queue entries are deleted", async () => {
    const create = signed("scheduledPayment", { op: "create", to: bob.publicKey, amount: 7n, clock: "height", start: 2, interval: 1, runs: 3 });
    await block([create]);
    expect(builder.state.get(StateNs.schedule, dueKey(Clock.height, 2))).toBeDefined();
    for (let i = 0; i < 4; i++) await block();
    expect(builder.state.account(bob.publicKey).balance).toBe(21n);
    expect(checker.head.hash).toEqual(builder.head.hash);
    for (const h of [2, 3, 4]) {
      expect(builder.state.get(StateNs.schedule, dueKey(Clock.height, h))).toBeUndefined();
      // Gone from the tree as well.
      expect(await builder.smt.get(builder.head.header.stateRoot, smtKey(StateNs.schedule, dueKey(Clock.height, h)))).toBeNull();
    }
    // The closed record stays, as the provable outcome.
    expect(await builder.smt.get(builder.head.header.stateRoot, smtKey(StateNs.action, recordKey(create.id)))).not.toBeNull();
    await builder.close();
    builder = await Chain.open(join(dir, "a"), parseGenesis(GENESIS));
    expect(builder.state.get(StateNs.schedule, dueKey(Clock.height, 2))).toBeUndefined();
    expect(builder.state.account(bob.publicKey).balance).toBe(21n);
  });

  it("a time-clock payment follows the header time the proposer chose", async () => {
    // Blocks come 1 s apart: the second after this one is the first at or past a whole second
    // `due` (the time queue counts whole seconds and never fires early).
    const due = Math.floor((builder.head.header.time + 3_000) / 1_000) * 1_000;
    await block([signed("scheduledPayment", { op: "create", to: bob.publicKey, amount: 5n, clock: "time", start: due, interval: 0, runs: 1 })]);
    await block();
    expect(builder.state.account(bob.publicKey).balance).toBe(0n);
    await block();
    expect(builder.state.account(bob.publicKey).balance).toBe(5n);
    expect(checker.state.account(bob.publicKey).balance).toBe(5n);
  });
});
