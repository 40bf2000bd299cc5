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
}

export const verifyState = new Store<VerifyState>({ height: null, genesis: null, nodes: [], reports: [], off: null });
