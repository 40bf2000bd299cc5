// How far the app has verified the chain itself (shown on the network page and in the banner).
import { Store } from "../lib/store.js";

export interface VerifyNode {
  url: string;
  dropped: boolean;
  reason: string | null;
}

export interface VerifyState {
  /** The last header verified from genesis; null while verification is off or not started. */
  height: number | null;
  /** The pinned genesis hash. */
  genesis: string | null;
  nodes: VerifyNode[];
  /** Every lie caught so far: which node, which rule, what it served. */
  reports: Array<{ url: string; reason: string; detail: string; at: number }>;
  /** Why verification is not running, if it is not. */
  off: string | null;
  /** Where this page load's verification started: headers stored by an earlier load, a pinned checkpoint, or genesis. */
  from: { height: number; source: "genesis" | "stored" | "checkpoint" } | null;
  /** Why headers stored by an earlier load were refused (then verification started again), if they were. */
  refusedStored: string | null;
}

export const verifyState = new Store<VerifyState>({ height: null, genesis: null, nodes: [], reports: [], off: null, from: null, refusedStored: null });
