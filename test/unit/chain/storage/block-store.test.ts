// The block store as its readers use it: whole blocks back in order, single txs and pages of txs
// by id with their chain position, unknown ids as gaps, all still there after a reopen.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Chain, txIdOf } from "../../../../src/chain/chain.js";
import { parseGenesis } from "../../../../src/chain/genesis.js";
import { decodeTx } from "../../../../src/chain/tx/codec.js";
import { genesisJson } from "../../../../src/node/dev-chain.js";
import { CHAIN_ID, identity, sampleTx } from "../tx/fixtures.js";

const alice = identity("alice");
const validator = identity("validator");
const genesis = () => parseGenesis(genesisJson(CHAIN_ID, [validator], [{ address: alice.address, balance: 10n ** 15n }], { blockTimeMs: 100 }));

let dir: string;
let chain: Chain;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "parley-blocks-"));
  chain = await Chain.open(join(dir, "chain"), genesis());
});

afterEach(async () => {
  await chain.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/** Commits a block of `count` transfers from alice starting at `nonce`; returns their bytes. */
async function commitBlock(nonce: number, count: number): Promise<Uint8Array[]> {
  const txs = Array.from({ length: count }, (_, i) => sampleTx("transfer", { nonce: nonce + i, expiry: 500 }).bytes);
  const candidates = txs.map((b) => {
    const d = decodeTx(b, 1 << 20);
    if (!d.ok) throw d.error;
    return { stx: d.value, id: txIdOf(d.value) };
  });
  const { prepared } = await chain.buildBlock(candidates, validator.publicKey, null, Date.now());
  await chain.commit(prepared, null);
  return txs;
}

function idOf(bytes: Uint8Array): Uint8Array {
  const d = decodeTx(bytes, 1 << 20);
  if (!d.ok) throw d.error;
  return txIdOf(d.value);
}

describe("block store", () => {
  it("gives back whole blocks in order, and each tx with its height and index", async () => {
    const first = await commitBlock(0, 3);
    const second = await commitBlock(3, 2);
    const empty = await commitBlock(5, 0);
    expect((await chain.blocks.block(1))?.txs).toEqual(first);
    expect((await chain.blocks.block(2))?.txs).toEqual(second);
    expect((await chain.blocks.block(3))?.txs).toEqual(empty);
    expect(await chain.blocks.block(4)).toBeUndefined();

    const one = await chain.blocks.tx(idOf(second[1]!));
    expect(one).toEqual({ height: 2, index: 1, bytes: second[1] });
    const unknown = new Uint8Array(32).fill(7);
    const page = await chain.blocks.txs([idOf(first[2]!), unknown, idOf(second[0]!)]);
    expect(page).toEqual([{ height: 1, index: 2, bytes: first[2] }, undefined, { height: 2, index: 0, bytes: second[0] }]);
    expect(await chain.blocks.tx(unknown)).toBeUndefined();
  });

  it("reopens its own data dir with every block and tx in place", async () => {
    const txs = await commitBlock(0, 2);
    await chain.close();
    chain = await Chain.open(join(dir, "chain"), genesis());
    expect(chain.head.height).toBe(1);
    expect((await chain.blocks.block(1))?.txs).toEqual(txs);
    expect(await chain.blocks.tx(idOf(txs[1]!))).toEqual({ height: 1, index: 1, bytes: txs[1] });
  });
});
