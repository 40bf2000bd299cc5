// What can go wrong in the chaos harness itself (as opposed to an invariant that failed, which
// is a finding and goes into the report). main.ts exits 2 on any of these.
import { ParleyError } from "../src/util/errors.js";

export type ChaosErrorType =
  | { code: "BAD_MANIFEST"; field: string; reason: string }
  | { code: "BAD_ARGS"; reason: string }
  | { code: "NODE_START_FAILED"; node: string; reason: string }
  | { code: "UNSUPPORTED"; what: string }
  // The network never finalized the first probe tx: nothing later could be measured.
  | { code: "NETWORK_NOT_LIVE"; waitedMs: number; dir: string }
  // A node answered a request with neither a result nor an error.
  | { code: "NO_RESULT"; node: string; request: string }
  // Reads that must come from one height kept straddling new blocks.
  | { code: "UNSTABLE_READ"; node: string; what: string; attempts: number }
  | { code: "NO_NODE_SERVING" }
  | { code: "CHANNEL_KEY_MISSING"; channel: string }
  | { code: "EMPTY_CHOICE" }
  | { code: "INTERRUPTED" };

export class ChaosError extends ParleyError<ChaosErrorType> {}

export function badManifest(field: string, reason: string): ChaosError {
  return new ChaosError({ code: "BAD_MANIFEST", field, reason }, `manifest: ${field}: ${reason}`);
}
