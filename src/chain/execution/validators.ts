// Which validators govern a height, derived from state: the current set, replaced by a
// scheduled change once its height arrives.
import { encode } from "../codec.js";
import { sha256 } from "../../crypto/native.js";
import { StateNs } from "../tx/spec.js";
import type { Address } from "../tx/types.js";
import type { StateReader } from "../state/state-store.js";
import { GOV_KEY_SCHEDULED, GOV_KEY_SET, decodeAddressList, decodeScheduled } from "../tx/kinds/governance-state.js";

/** The set for `height`, read from the state left by block `height - 1`. */
export function validatorsForHeight(state: StateReader, height: number): Address[] {
  let set = decodeAddressList(state.get(StateNs.governance, GOV_KEY_SET));
  for (const c of decodeScheduled(state.get(StateNs.governance, GOV_KEY_SCHEDULED))) if (c.height <= height) set = c.validators;
  return set;
}

export function validatorsHash(set: readonly Address[]): Uint8Array {
  return sha256(encode(set));
}
