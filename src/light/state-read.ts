// Reading any part of the state the way the full node's RPC does, but from proven entries only:
// `read` is a pure function over a state getter (the same shape as the chain's own readers,
// e.g. src/chain/names/lookup.ts). It runs over what is proven so far; every key it asks for
// and lacks is fetched, with all earlier keys, in one light-state request, until a run asks for
// nothing new. What it returns then rests on values proven together under one verified header.
import type { BlockHeader } from "../chain/block/types.js";
import type { StateNsByte } from "../chain/tx/spec.js";
import { LIGHT_LIMITS, type StateKeyRef } from "../network/light-protocol.js";
import { hexJson } from "../util/json.js";
import { toHex } from "../util/bytes.js";
import { NotVerifiedError } from "./errors.js";
import type { ProvenStateEntry } from "./verify-proof.js";

export type StateGet = (ns: StateNsByte, key: Uint8Array) => Uint8Array | undefined;

/** Fetches entries for `keys`, all proven under one verified header (LightQueries.stateEntries). */
export type FetchState = (keys: readonly StateKeyRef[]) => Promise<{ header: BlockHeader; entries: ProvenStateEntry[] }>;

// A reader follows at most a few links (a list's count, its items, their records); a value that
// keeps changing between rounds would otherwise make it chase the head for ever.
const MAX_ROUNDS = 5;

export interface ProvenRead<T> {
  value: T;
  header: BlockHeader;
  entries: ProvenStateEntry[];
}

const id = (ns: number, key: Uint8Array): string => `${ns}:${toHex(key)}`;

/** Where the values read stand: the verified header's height and time (0, 0 before the first fetch). */
export interface ReadAt {
  height: number;
  time: number;
}

export async function provenRead<T>(fetch: FetchState, read: (get: StateGet, at: ReadAt) => T): Promise<ProvenRead<T>> {
  const keys = new Map<string, StateKeyRef>();
  let proven: { header: BlockHeader; entries: ProvenStateEntry[] } | null = null;
  let values = new Map<string, Uint8Array | null>();
  for (let round = 0; round <= MAX_ROUNDS; round++) {
    let lacking = 0;
    const at = proven ? { height: proven.header.height, time: proven.header.time } : { height: 0, time: 0 };
    const value = read((ns, key) => {
      const v = values.get(id(ns, key));
      if (v !== undefined) return v ?? undefined;
      if (!keys.has(id(ns, key))) keys.set(id(ns, key), { ns, key });
      lacking++;
      return undefined;
    }, at);
    if (lacking === 0 && proven) return { value, header: proven.header, entries: proven.entries };
    if (round === MAX_ROUNDS) break;
    // The readers served are bounded by their params (a page of at most 200); this is the guard.
    if (keys.size > LIGHT_LIMITS.maxStateKeys) throw new NotVerifiedError({ code: "NOT_AVAILABLE_ON_LIGHT_NODE", what: `an answer resting on more than ${LIGHT_LIMITS.maxStateKeys} state entries` });
    proven = await fetch([...keys.values()]);
    values = new Map(proven.entries.map((e) => [id(e.ns, e.key), e.value]));
  }
  throw new NotVerifiedError({ code: "STATE_CHANGING", rounds: MAX_ROUNDS });
}

/** The `proof` member of an answer, in the full node's shape (src/rpc/modules/state-proof.ts). */
export function stateProofJson(r: { header: BlockHeader; entries: readonly ProvenStateEntry[] }): { height: number; stateRoot: string; entries: Array<{ ns: number; key: string; value: string | null; smtProof: string }> } {
  return {
    height: r.header.height,
    stateRoot: hexJson(r.header.stateRoot),
    entries: r.entries.map((e) => ({ ns: e.ns, key: hexJson(e.key), value: e.value === null ? null : hexJson(e.value), smtProof: hexJson(e.proof) })),
  };
}
