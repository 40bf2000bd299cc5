// Where the browser's light client starts verifying (docs/APP.md 6): the headers it stored on an
// earlier page load, a checkpoint the user pinned, or genesis. Neither a stored chain nor a pin is
// taken on faith: a pin is trusted only for the header whose bytes hash to it (checkpoint.ts),
// and a stored head only while the node serves the same header at its height. A stored chain
// the node contradicts is refused, reported and emptied; verification then starts from the pin
// or genesis again and finds out who is wrong (a node on another chain fails there). A pin that
// contradicts a stored chain the node agrees with is refused.
import { sha256 } from "../../crypto/native.js";
import { parseAddress } from "../../chain/address.js";
import type { Genesis } from "../../chain/genesis.js";
import { HeaderChain } from "../../light/header-chain.js";
import type { GenesisAnchor } from "../../light/genesis.js";
import { CheckpointError, parseCheckpoint, trustCheckpoint, type Checkpoint, type CheckpointStart } from "../../light/checkpoint.js";
import type { ResettableHeaderStore } from "../../light/store.js";
import type { TrustedHead } from "../../light/verify-header.js";
import { LIGHT_PROTOCOLS, decodeHeadersResponse, encodeHeadersRequest, type HeaderEntry } from "../../network/light-protocol.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import { HttpRpcClient } from "../rpc-client.js";
import type { RpcProofNetwork } from "./rpc-network.js";

export type StartSource = "genesis" | "stored" | "checkpoint";

export interface StartPoint {
  chain: HeaderChain;
  /** The height verification resumed from (0 = genesis) and what gave it. */
  from: { height: number; source: StartSource };
  /** Why headers stored by an earlier page load were not used, when they were refused. */
  refusedStored: string | null;
}

/** A node's header entry at `height` (bytes, certificate, next set), or null when it has none. */
async function entryAt(net: RpcProofNetwork, node: string, height: number): Promise<HeaderEntry | null> {
  try {
    const bytes = await net.request(node, LIGHT_PROTOCOLS.headers, encodeHeadersRequest({ from: height, count: 1, waitMs: 0 }));
    return decodeHeadersResponse(bytes)?.[0] ?? null;
  } catch {
    return null;
  }
}

/** The pinned checkpoint's trusted head, from the first node that serves its header. */
async function pinnedHead(genesis: Genesis, pin: Checkpoint, nodes: readonly string[], net: RpcProofNetwork): Promise<TrustedHead> {
  for (const node of nodes) {
    const entry = await entryAt(net, node, pin.height);
    if (!entry) continue;
    // The set that signs the next height, when unchanged at the pin, is the node's current one if
    // nothing changed since: only a set that hashes to the header's nextValidatorsHash is used.
    const info = await new HttpRpcClient(node, 10_000).call<{ validators?: string[] }>("node_info").catch(() => null);
    const current = (info?.validators ?? []).map(parseAddress).filter((a): a is Uint8Array => a !== null);
    const head = trustCheckpoint(genesis.chainId, pin, entry, [current, genesis.validators]);
    if (!head.ok) throw head.error;
    return head.value;
  }
  throw new CheckpointError({ code: "CHECKPOINT_UNAVAILABLE", height: pin.height, reason: "no node served that header" }, `no node served header ${pin.height} of the pinned checkpoint`);
}

/** Null when the stored head agrees with the primary's header at its height (or the node cannot say), else why not. */
async function checkStored(store: ResettableHeaderStore, primary: string, net: RpcProofNetwork): Promise<string | null> {
  const height = await store.headHeight();
  if (height === undefined || height === 0) return null;
  const bytes = await store.header(height);
  if (!bytes) return `stored head ${height} is missing`;
  const served = await entryAt(net, primary, height);
  // A node that is behind (or down) cannot contradict it; the header sync waits for it.
  if (!served) return null;
  return bytesEqual(sha256(served.header), sha256(bytes)) ? null : `the node's header ${height} is ${toHex(sha256(served.header)).slice(0, 16)}…, not the stored ${toHex(sha256(bytes)).slice(0, 16)}…`;
}

export async function openStartPoint(genesis: Genesis, anchor: GenesisAnchor, store: ResettableHeaderStore, net: RpcProofNetwork, nodes: readonly string[], checkpoint: string | null): Promise<StartPoint> {
  const parsed = checkpoint ? parseCheckpoint(checkpoint) : null;
  if (parsed && !parsed.ok) throw parsed.error;
  const pin = parsed?.value ?? null;
  // [REJECT] a pin that is not the node's header is refused before anything is stored
  let pinFailed = false;
  const pinned: CheckpointStart | null = pin && {
    pin,
    head: () => pinnedHead(genesis, pin, nodes, net).catch((e: unknown) => {
      pinFailed = true;
      throw e;
    }),
  };
  let refusedStored = await checkStored(store, nodes[0]!, net);
  const before = await store.headHeight();
  let chain: HeaderChain | null = null;
  if (!refusedStored) {
    try {
      chain = await HeaderChain.open(genesis, anchor, store, pinned);
    } catch (e) {
      // The pin itself was refused by the node: nothing to do with what is stored.
      if (pinFailed) throw e;
      // [REJECT] a pin that contradicts headers this browser verified (and the node agrees with)
      // is refused: a link cannot replace a verified chain.
      if (e instanceof CheckpointError) throw e;
      // The stored chain is unreadable: start again from the pin or genesis.
      refusedStored = e instanceof Error ? e.message : String(e);
    }
  }
  if (!chain) {
    await store.clear();
    chain = await HeaderChain.open(genesis, anchor, store, pinned);
  }
  const resumed = refusedStored === null && before !== undefined && before > 0 && before >= (pin?.height ?? 0);
  const source: StartSource = resumed ? "stored" : pinned ? "checkpoint" : "genesis";
  return { chain, from: { height: chain.head.height, source }, refusedStored };
}
