// "@name" in an address param on a light node (docs/LIGHT.md): resolved by the chain's own lookup
// (src/chain/names/lookup.ts) over name records proven under one verified header (light-state),
// never by a peer's word. The dispatcher hands over every name a call's address params hold
// (ParamEnv.prefetch); they are proven together, and the env it gets back answers from them.
import type { NameResolution, ParamEnv } from "../rpc/params.js";
import { normalizeName } from "../chain/names/rules.js";
import { lookupName } from "../chain/names/lookup.js";
import { badNameParam, nameResolution } from "../rpc/modules/name.js";
import { provenRead } from "./state-read.js";
import type { LightServices } from "./services.js";

// A call names a handful of addresses at most (a multisig's members are the widest); each name
// is one proven entry, and LIGHT_LIMITS.maxStateKeys guards the request itself.
const MAX_NAMES_PER_CALL = 32;

/** An env that answers only the names it was built with (anything else: not resolved here). */
function answered(results: ReadonlyMap<string, NameResolution>): ParamEnv {
  return { resolveName: (typed) => results.get(typed) ?? { ok: false, reason: "BAD_FORMAT", detail: `"@${typed}" was not resolved` } };
}

export function lightNameEnv(node: LightServices): ParamEnv {
  return {
    // Only reached through prefetch; a caller binding without it gets a clear refusal.
    resolveName: (typed) => ({ ok: false, reason: "BAD_FORMAT", detail: `"@${typed}" must be proven first` }),
    async prefetch(typedNames) {
      const results = new Map<string, NameResolution>();
      const wanted = [...new Set(typedNames)];
      if (wanted.length > MAX_NAMES_PER_CALL) {
        for (const t of wanted) results.set(t, { ok: false, reason: "BAD_FORMAT", detail: `at most ${MAX_NAMES_PER_CALL} @names in one call` });
        return answered(results);
      }
      const valid: Array<{ typed: string; name: string }> = [];
      for (const typed of wanted) {
        const bad = badNameParam(typed);
        if (bad) results.set(typed, bad);
        else valid.push({ typed, name: normalizeName(typed) });
      }
      if (valid.length > 0) {
        const grace = node.genesis.params.nameGraceBlocks;
        const read = await provenRead((keys) => node.queries.stateEntries(keys), (get, at) => valid.map((v) => lookupName(get, v.name, at.height, grace)));
        valid.forEach((v, i) => results.set(v.typed, nameResolution(v.name, read.value[i]!)));
      }
      return answered(results);
    },
  };
}
