// A pinned checkpoint (src/light/checkpoint.ts) is trusted for exactly one header: the one whose
// bytes hash to the pin, with the validator set its nextValidatorsHash names; and HeaderChain
// starts there, verifying onwards as after genesis, or refuses a pin its stored chain contradicts.
import { describe, expect, it } from "vitest";
import { CheckpointError, parseCheckpoint, trustCheckpoint, formatCheckpoint } from "../../../src/light/checkpoint.js";
import { HeaderChain } from "../../../src/light/header-chain.js";
import { MemoryHeaderStore } from "../../../src/client/verify/memory-store.js";
import { DEFAULT_PARAMS } from "../../../src/chain/params.js";
import type { Genesis } from "../../../src/chain/genesis.js";
import { sha256 } from "../../../src/crypto/native.js";
import { CHAIN_ID, keys, makeChain, sortedAddrs } from "./fixtures.js";

const vals = keys(4);
const others = keys(4);
// The set changes at height 6 (announced by header 5): a pin at 5 carries the new set in its entry.
const c = makeChain(10, vals, (h) => (h <= 5 ? vals : others));
const genesis: Genesis = { chainId: CHAIN_ID, genesisTime: 1_000, params: DEFAULT_PARAMS, validators: sortedAddrs(vals), accounts: [] };
const anchor = { header: c.genesis.header, bytes: c.genesis.bytes, hash: c.genesis.hash };
const pinAt = (h: number) => ({ height: h, hash: sha256(c.entries[h - 1]!.header) });

describe("parseCheckpoint", () => {
  it("reads height:hash (0x optional) and round-trips", () => {
    const pin = pinAt(3);
    const text = formatCheckpoint(pin);
    expect(parseCheckpoint(text)).toEqual({ ok: true, value: pin });
    expect(parseCheckpoint(text.replace(":", ":0x"))).toEqual({ ok: true, value: pin });
  });

  it("refuses anything else with BAD_CHECKPOINT", () => {
    for (const bad of ["", "3", "0:" + "ab".repeat(32), "3:" + "ab".repeat(31), "x:" + "ab".repeat(32), "3:" + "zz".repeat(32)]) {
      const r = parseCheckpoint(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.type.code).toBe("BAD_CHECKPOINT");
    }
  });
});

describe("trustCheckpoint", () => {
  it("trusts the pinned header with the set it names (unchanged: from the candidates)", () => {
    const r = trustCheckpoint(CHAIN_ID, pinAt(3), c.entries[2]!, [sortedAddrs(vals)]);
    expect(r.ok && r.value.height).toBe(3);
    expect(r.ok && r.value.nextSet.addresses).toEqual(sortedAddrs(vals));
  });

  it("takes a changing set from the entry itself", () => {
    const r = trustCheckpoint(CHAIN_ID, pinAt(5), c.entries[4]!, []);
    expect(r.ok && r.value.nextSet.addresses).toEqual(sortedAddrs(others));
  });

  it("refuses another header than the pinned one, another chain, or an unknown set", () => {
    const wrong = trustCheckpoint(CHAIN_ID, pinAt(3), c.entries[3]!, [sortedAddrs(vals)]);
    expect(!wrong.ok && wrong.error.type.code).toBe("CHECKPOINT_MISMATCH");
    const chain = trustCheckpoint("another-chain", pinAt(3), c.entries[2]!, [sortedAddrs(vals)]);
    expect(!chain.ok && chain.error.type.code).toBe("CHECKPOINT_MISMATCH");
    const set = trustCheckpoint(CHAIN_ID, pinAt(3), c.entries[2]!, [sortedAddrs(others)]);
    expect(!set.ok && set.error.type.code).toBe("CHECKPOINT_SET_UNKNOWN");
  });
});

describe("HeaderChain from a checkpoint", () => {
  const start = (h: number) => {
    const head = trustCheckpoint(CHAIN_ID, pinAt(h), c.entries[h - 1]!, [sortedAddrs(vals)]);
    if (!head.ok) throw head.error;
    return { pin: pinAt(h), head: async () => head.value };
  };

  it("starts at the pin, stores nothing below it, and verifies onwards across the set change", async () => {
    const store = new MemoryHeaderStore();
    const chain = await HeaderChain.open(genesis, anchor, store, start(3));
    expect(chain.head.height).toBe(3);
    expect(await store.header(2)).toBeUndefined();
    const r = await chain.extend(c.entries.slice(3));
    expect(r).toEqual({ ok: true, value: 7 });
    expect(chain.head.height).toBe(10);
  });

  it("resumes a stored chain at or above the pin without asking for the pinned head", async () => {
    const store = new MemoryHeaderStore();
    await (await HeaderChain.open(genesis, anchor, store)).extend(c.entries.slice(0, 8));
    const chain = await HeaderChain.open(genesis, anchor, store, { pin: pinAt(3), head: () => Promise.reject(new Error("not asked")) });
    expect(chain.head.height).toBe(8);
  });

  it("refuses a pin that contradicts the stored chain", async () => {
    const store = new MemoryHeaderStore();
    await (await HeaderChain.open(genesis, anchor, store)).extend(c.entries.slice(0, 8));
    const e = await HeaderChain.open(genesis, anchor, store, { pin: { height: 3, hash: new Uint8Array(32) }, head: () => Promise.reject(new Error("not asked")) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CheckpointError);
    expect((e as CheckpointError).type.code).toBe("CHECKPOINT_MISMATCH");
  });
});
