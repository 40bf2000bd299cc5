import { describe, expect, it } from "vitest";
import type { BlockHeader } from "../../../src/chain/block/types.js";
import type { StateKeyRef } from "../../../src/network/light-protocol.js";
import { NotVerifiedError } from "../../../src/light/errors.js";
import { provenRead, stateProofJson, type FetchState } from "../../../src/light/state-read.js";
import { toHex } from "../../../src/util/bytes.js";

const header = (height: number) => ({ height, time: height * 1000, stateRoot: new Uint8Array(32).fill(height) }) as unknown as BlockHeader;
const k = (n: number) => Uint8Array.of(n);

/** A fake light-state source: `state(round)` gives the values at each fetch; records what was asked. */
function source(state: (round: number) => Map<number, Uint8Array>) {
  const asked: number[][] = [];
  const fetch: FetchState = async (keys: readonly StateKeyRef[]) => {
    const values = state(asked.length);
    asked.push(keys.map((x) => x.key[0]!));
    return { header: header(10 + asked.length), entries: keys.map((x) => ({ ns: x.ns, key: x.key, value: values.get(x.key[0]!) ?? null, proof: Uint8Array.of(0) })) };
  };
  return { fetch, asked };
}

// A list: key 0 holds the count n, keys 1..n the items.
const readList = (get: (ns: 0x0c, key: Uint8Array) => Uint8Array | undefined) => {
  const n = get(0x0c, k(0))?.[0] ?? 0;
  const items: number[] = [];
  for (let i = 1; i <= n; i++) items.push(get(0x0c, k(i))?.[0] ?? -1);
  return items;
};

describe("provenRead", () => {
  it("fetches the keys a run lacks, with every earlier key, until a run lacks nothing; one header for all", async () => {
    const { fetch, asked } = source(() => new Map([[0, Uint8Array.of(2)], [1, Uint8Array.of(7)], [2, Uint8Array.of(9)]]));
    const r = await provenRead(fetch, readList);
    expect(r.value).toEqual([7, 9]);
    expect(asked).toEqual([[0], [0, 1, 2]]);
    expect(r.header.height).toBe(12);
    const json = stateProofJson(r);
    expect(json.entries.map((e) => e.key)).toEqual(["0x00", "0x01", "0x02"]);
    expect(json.stateRoot).toBe("0x" + toHex(new Uint8Array(32).fill(12)));
  });

  it("a proven absence ends the read (nothing lacking), and an answer never mixes rounds", async () => {
    const none = source(() => new Map());
    expect((await provenRead(none.fetch, readList)).value).toEqual([]);
    expect(none.asked).toEqual([[0]]);
    // The list grows (to 3) between fetches: the last round's values only, all of one height.
    const growing = source((round) => new Map([[0, Uint8Array.of(Math.min(round + 1, 3))], [1, Uint8Array.of(5)], [2, Uint8Array.of(6)], [3, Uint8Array.of(8)]]));
    const r = await provenRead(growing.fetch, readList);
    expect(r.value).toEqual([5, 6, 8]);
    expect(growing.asked).toEqual([[0], [0, 1], [0, 1, 2], [0, 1, 2, 3]]);
  });

  it("a state that keeps changing is STATE_CHANGING after 5 rounds, not a mixed answer", async () => {
    const forever = source((round) => new Map([[0, Uint8Array.of(round + 1)]]));
    const e = await provenRead(forever.fetch, readList).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotVerifiedError);
    expect((e as NotVerifiedError).type).toEqual({ code: "STATE_CHANGING", rounds: 5 });
    expect(forever.asked.length).toBe(5);
  });
});
