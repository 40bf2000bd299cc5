// What can go wrong in the chaos harness itself (as opposed to an invariant that failed, which
// is a finding and goes into the report).
import { ParleyError } from "../src/util/errors.js";

export type ChaosErrorType =
  | { code: "BAD_MANIFEST"; field: string; reason: string }
  | { code: "BAD_ARGS"; reason: string }
  | { code: "NODE_START_FAILED"; node: string; reason: string }
  | { code: "UNSUPPORTED"; what: string };

export class ChaosError extends ParleyError<ChaosErrorType> {}

export function badManifest(field: string, reason: string): ChaosError {
  return new ChaosError({ code: "BAD_MANIFEST", field, reason }, `manifest: ${field}: ${reason}`);
}
