// The spec table: one complete spec per kind (the compiler checks the members; this checks the
// values that must agree across kinds), and block hooks gathered from the kinds in byte order.
import { describe, expect, it } from "vitest";
import { TxKind, type TxKindName } from "../../../../src/chain/tx/kinds.js";
import { BLOCK_HOOKS, TX_SPECS, kindByByte } from "../../../../src/chain/tx/registry.js";

const kinds = Object.keys(TxKind) as TxKindName[];

describe("tx spec table", () => {
  it("holds each kind's own spec under its name and type byte", () => {
    for (const k of kinds) {
      expect(TX_SPECS[k].name).toBe(k);
      expect(kindByByte(TxKind[k])).toBe(k);
    }
  });

  it("gives every kind a distinct label", () => {
    const labels = kinds.map((k) => TX_SPECS[k].label);
    expect(new Set(labels).size).toBe(kinds.length);
  });

  it("runs the block hooks the kinds declare, in type-byte order", () => {
    const declared = [...kinds].sort((a, b) => TxKind[a] - TxKind[b]).flatMap((k) => (TX_SPECS[k].blockHooks ? [TX_SPECS[k].blockHooks] : []));
    expect(BLOCK_HOOKS).toEqual(declared);
    expect(BLOCK_HOOKS).toContain(TX_SPECS.validatorVote.blockHooks);
  });
});
