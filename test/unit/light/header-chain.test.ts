import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeaderChain } from "../../../src/light/header-chain.js";
import { LightStore } from "../../../src/light/store.js";
import type { GenesisAnchor } from "../../../src/light/genesis.js";
import type { Genesis } from "../../../src/chain/genesis.js";
import { DEFAULT_PARAMS } from "../../../src/chain/params.js";
import { commitFor, keys, makeChain, sortedAddrs, CHAIN_ID, type TestChain } from "./fixtures.js";
import { sha256 } from "../../../src/crypto/native.js";
import { encodeHeader } from "../../../src/chain/block/codec.js";

const dirs: string[] = [];
const stores: LightStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const vals = keys(4);

function genesisOf(c: TestChain): { genesis: Genesis; anchor: GenesisAnchor } {
  const genesis: Genesis = { chainId: CHAIN_ID, genesisTime: 1_000, params: DEFAULT_PARAMS, validators: sortedAddrs(vals), accounts: [] };
  return { genesis, anchor: { header: c.genesis.header, bytes: c.genesis.bytes, hash: c.genesis.hash } };
}

async function open(c: TestChain, dir?: string): Promise<{ chain: HeaderChain; dir: string }> {
  const d = dir ?? mkdtempSync(join(tmpdir(), "light-store-"));
  if (!dir) dirs.push(d);
  const { genesis, anchor } = genesisOf(c);
  const store = await LightStore.open(d, anchor.hash);
  stores.push(store);
  return { chain: await HeaderChain.open(genesis, anchor, store), dir: d };
}

describe("the verified header chain", () => {
  it("stores verified headers and resumes from the last one, with the validator set it announced", async () => {
    const next = keys(3);
    const c = makeChain(6, vals, (h) => (h >= 4 ? next : vals));
    const { chain, dir } = await open(c);
    const r = await chain.extend(c.entries);
    expect(r).toEqual({ ok: true, value: 6 });
    await stores.pop()!.close();
    const { chain: again } = await open(c, dir);
    expect(again.head.height).toBe(6);
    expect(Buffer.from(again.head.hash)).toEqual(Buffer.from(sha256(c.entries[5]!.header)));
    expect([...again.head.nextSet.addresses]).toEqual(sortedAddrs(next));
    expect((await again.header(3))?.stateRoot).toEqual(c.headers[2]!.stateRoot);
  });

  it("keeps the headers that verified before a bad one, and reports the bad one", async () => {
    const c = makeChain(4, vals);
    const { chain } = await open(c);
    const bad = { ...c.entries[2]!, commit: commitFor(3, sha256(c.entries[2]!.header), vals.slice(0, 1)) };
    const r = await chain.extend([c.entries[0]!, c.entries[1]!, bad, c.entries[3]!]);
    expect(r.ok ? "ok" : r.error.code).toBe("BAD_COMMIT");
    expect(chain.head.height).toBe(2);
  });

  it("accepts a second peer's identical copy of a verified header, and refuses a different one or one with a bad certificate", async () => {
    const c = makeChain(3, vals);
    const { chain } = await open(c);
    await chain.extend(c.entries);
    expect(await chain.extend(c.entries.slice(1))).toEqual({ ok: true, value: 0 });
    const weakCopy = { ...c.entries[2]!, commit: commitFor(3, sha256(c.entries[2]!.header), vals.slice(0, 2)) };
    const weak = await chain.extend([weakCopy]);
    expect(weak.ok ? "ok" : weak.error.code).toBe("BAD_COMMIT");
    const forged = encodeHeader({ ...c.headers[1]!, stateRoot: new Uint8Array(32).fill(3) });
    const r = await chain.extend([{ header: forged, commit: commitFor(2, sha256(forged), vals), nextValidators: null }]);
    expect(r.ok ? "ok" : r.error.code).toBe("CONFLICTING_HEADER");
  });

  it("a data dir made for another genesis is refused", async () => {
    const c = makeChain(1, vals);
    const { dir } = await open(c);
    await stores.pop()!.close();
    await expect(LightStore.open(dir, new Uint8Array(32).fill(1))).rejects.toMatchObject({ code: "WRONG_GENESIS" });
  });

  it("waitForHeight resolves when a header arrives, and false on timeout", async () => {
    const c = makeChain(2, vals);
    const { chain } = await open(c);
    const waiting = chain.waitForHeight(2, 5_000);
    await chain.extend(c.entries);
    expect(await waiting).toBe(true);
    expect(await chain.waitForHeight(9, 20)).toBe(false);
  });
});
