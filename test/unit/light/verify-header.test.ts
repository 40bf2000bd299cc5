import { describe, expect, it } from "vitest";
import { decodeHeader, encodeHeader } from "../../../src/chain/block/codec.js";
import { verifyNextHeader, type TrustedHead } from "../../../src/light/verify-header.js";
import type { HeaderEntry } from "../../../src/network/light-protocol.js";
import { CHAIN_ID, commitFor, keys, makeChain, sortedAddrs } from "./fixtures.js";
import { sha256 } from "../../../src/crypto/native.js";

const vals = keys(4);

function code(trusted: TrustedHead, e: HeaderEntry): string {
  const r = verifyNextHeader(CHAIN_ID, trusted, e);
  return r.ok ? "ok" : r.error.code;
}

function reheader(e: HeaderEntry, change: (h: ReturnType<typeof decode>) => ReturnType<typeof decode>, signers = vals): HeaderEntry {
  const h = change(decode(e.header));
  const bytes = encodeHeader(h);
  return { ...e, header: bytes, commit: commitFor(h.height, sha256(bytes), signers) };
}

function decode(b: Uint8Array) {
  const d = decodeHeader(b);
  if (!d.ok) throw d.error;
  return d.value;
}

describe("verifying the next header", () => {
  const c = makeChain(3, vals);

  it("a header signed by more than two thirds of the announced set extends the chain", () => {
    const r = verifyNextHeader(CHAIN_ID, c.genesis, c.entries[0]!);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.height).toBe(1);
  });

  it("a certificate with too few signatures is refused", () => {
    const e = { ...c.entries[0]!, commit: commitFor(1, sha256(c.entries[0]!.header), vals.slice(0, 2)) };
    expect(code(c.genesis, e)).toBe("BAD_COMMIT");
  });

  it("signatures from outside the validator set do not count", () => {
    const e = { ...c.entries[0]!, commit: commitFor(1, sha256(c.entries[0]!.header), keys(3)) };
    expect(code(c.genesis, e)).toBe("BAD_COMMIT");
  });

  it("a header changed after it was signed (forged state root) is refused", () => {
    const h = decode(c.entries[0]!.header);
    const forged = { ...c.entries[0]!, header: encodeHeader({ ...h, stateRoot: new Uint8Array(32).fill(7) }) };
    expect(code(c.genesis, forged)).toBe("BAD_COMMIT");
  });

  it("a header that skips a height or names another parent is refused even when signed", () => {
    expect(code(c.genesis, c.entries[1]!)).toBe("BAD_HEADER");
    expect(code(c.genesis, reheader(c.entries[0]!, (h) => ({ ...h, parentHash: new Uint8Array(32).fill(1) })))).toBe("BAD_HEADER");
    expect(code(c.genesis, reheader(c.entries[0]!, (h) => ({ ...h, chainId: "other" })))).toBe("BAD_HEADER");
    expect(code(c.genesis, reheader(c.entries[0]!, (h) => ({ ...h, time: 1 })))).toBe("BAD_HEADER");
  });

  it("a header whose validators are not the set its parent announced is refused", () => {
    const other = keys(4);
    const e = reheader(c.entries[0]!, (h) => ({ ...h, validatorsHash: sha256(Uint8Array.of(9)) }), other);
    expect(code(c.genesis, e)).toBe("BAD_HEADER");
  });

  it("follows a validator-set change announced by nextValidatorsHash", () => {
    const next = keys(3);
    const ch = makeChain(4, vals, (h) => (h >= 3 ? next : vals));
    let t: TrustedHead = ch.genesis;
    for (const e of ch.entries) {
      const r = verifyNextHeader(CHAIN_ID, t, e);
      if (!r.ok) throw r.error;
      t = r.value;
    }
    expect(t.height).toBe(4);
    expect([...t.nextSet.addresses]).toEqual(sortedAddrs(next));
  });

  it("a set change without the new addresses, or with addresses that do not hash to it, is refused", () => {
    const ch = makeChain(3, vals, (h) => (h >= 3 ? keys(3) : vals));
    const r1 = verifyNextHeader(CHAIN_ID, ch.genesis, ch.entries[0]!);
    if (!r1.ok) throw r1.error;
    const announcing = ch.entries[1]!;
    expect(announcing.nextValidators).not.toBeNull();
    expect(code(r1.value, { ...announcing, nextValidators: null })).toBe("BAD_VALIDATOR_SET");
    expect(code(r1.value, { ...announcing, nextValidators: sortedAddrs(keys(3)) })).toBe("BAD_VALIDATOR_SET");
  });

  it("after a change, the old set can no longer finalize headers", () => {
    const next = keys(3);
    const ch = makeChain(3, vals, (h) => (h >= 3 ? next : vals));
    let t: TrustedHead = ch.genesis;
    for (const e of ch.entries.slice(0, 2)) {
      const r = verifyNextHeader(CHAIN_ID, t, e);
      if (!r.ok) throw r.error;
      t = r.value;
    }
    const byOld = { ...ch.entries[2]!, commit: commitFor(3, sha256(ch.entries[2]!.header), vals) };
    expect(code(t, byOld)).toBe("BAD_COMMIT");
    expect(code(t, ch.entries[2]!)).toBe("ok");
  });
});
