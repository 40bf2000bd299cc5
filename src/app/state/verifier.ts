// The app does not trust the node (docs/APP.md 6). One light client per page load
// (src/client/verify: the same rules as `parley light`) follows headers from the pinned
// genesis, and this file puts its answers next to what the node claimed: each message,
// payment and channel post is checked against a tx inclusion proof under a certified header,
// the balance against a state proof, the newest inbox and sent pages against the other nodes'
// (a left-out message is found and shown). What cannot be checked is marked "not verified";
// what fails is marked, replaced by the proven value where there is one, and reported.
import { openDirectEntries } from "../../client/chat.js";
import { VerifiedChain, VerifiedChainError } from "../../client/verify/verified-chain.js";
import type { NodeReport } from "../../client/verify/node-book.js";
import { NotVerifiedError } from "../../client/verify/verified-chain.js";
import { parseAddress } from "../../chain/address.js";
import type { DeviceEntry } from "../../chain/tx/kinds/device-state.js";
import { bytesEqual, fromHex, toHex } from "../../util/bytes.js";
import { t, formatAmount } from "../i18n/i18n.js";
import { loadJson, saveJson } from "../lib/storage.js";
import type { ChatItem, ProofMark } from "./conversations.js";
import { appConfig, disabledPeers, nodeUrl } from "./config.js";
import { setAnchorCheck } from "./anchors.js";
import { verifyState } from "./verify-state.js";
import { IndexedDbHeaderStore } from "./header-db.js";
import { pinnedCheckpoint } from "./checkpoint-pin.js";
import type { Session } from "./session.js";

export interface Mark {
  proof: ProofMark;
  note: string | null;
}

// Pages are re-read through the light client at most this often while headers arrive: enough
// to find a left-out message within seconds, cheap for the nodes.
const CROSS_CHECK_MS = 2_000;
// How long a check waits for the header sync to reach the height it needs.
const HEADER_WAIT_MS = 30_000;
const PAGE = 50;

let vc: VerifiedChain | null = null;
// Checks asked for before the light client is open wait for it (or for its failure).
let settle: (v: VerifiedChain | null) => void = () => undefined;
const ready = new Promise<VerifiedChain | null>((r) => (settle = r));
let session: Session | null = null;
let lastCrossCheck = 0;
let crossTimer: ReturnType<typeof setTimeout> | null = null;

function publish(): void {
  const v = vc;
  const reports = v?.reports() ?? [];
  verifyState.set({
    ...verifyState.get(),
    height: v ? v.height : null,
    genesis: v ? v.genesisHash : verifyState.get().genesis,
    nodes: v ? v.book.all.map((url) => ({ url, dropped: v.book.isBanned(url), reason: reports.find((r) => r.url === url)?.reason ?? null })) : [],
    reports: reports.map((r: NodeReport) => ({ url: r.url, reason: r.reason, detail: r.detail, at: r.at })),
    from: v ? v.startedAt.from : null,
    refusedStored: v ? v.startedAt.refusedStored : null,
  });
}

/**
 * Opens the light client: genesis pinned on first use in this browser, then followed by
 * certificates from the headers this browser stored last time (IndexedDB), a pinned checkpoint,
 * or genesis.
 */
export function startVerifier(): Promise<VerifiedChain | null> {
  const pinned = loadJson<string | null>("genesis", null, (v): v is string => typeof v === "string");
  const witnesses = appConfig.get().peers.filter((u) => !disabledPeers.get().includes(u));
  const store = (chainId: string, genesisHash: string) => IndexedDbHeaderStore.open(chainId, genesisHash);
  const opened = VerifiedChain.open({ primary: nodeUrl(), witnesses, pinnedGenesis: pinned, checkpoint: pinnedCheckpoint(), store }).then((v) => {
    if (!pinned) saveJson("genesis", v.genesisHash);
    vc = v;
    v.onHeaders(() => {
      publish();
      scheduleCrossCheck();
    });
    v.onReport(() => publish());
    v.start();
    publish();
    return v;
  }, (e: unknown) => {
    const off = e instanceof VerifiedChainError && e.type.code === "GENESIS_MISMATCH"
      ? t("verify.genesisMismatch", { pinned: e.type.pinned.slice(0, 16), served: e.type.served.slice(0, 16) })
      : e instanceof VerifiedChainError && e.type.code === "CHECKPOINT_REFUSED"
        ? t("verify.checkpointRefused", { detail: e.message })
        : t("verify.unavailable");
    verifyState.set({ ...verifyState.get(), off, genesis: e instanceof VerifiedChainError && e.type.code === "GENESIS_MISMATCH" ? e.type.pinned : null });
    return null;
  });
  void opened.then(settle);
  return opened;
}

function notVerified(e: unknown): Mark {
  if (e instanceof NotVerifiedError && e.type.code === "NO_VERIFIED_ANSWER") return { proof: "refused", note: t("verify.allFailed") };
  return { proof: "unverified", note: t("verify.cannotCheck") };
}

/** A final message or payment: its tx must be proven at the height and index the node gave. */
async function checkItem(item: Pick<ChatItem, "id" | "height" | "index">): Promise<Mark> {
  const v = await ready;
  if (!v || item.height === null) return { proof: "unverified", note: verifyState.get().off };
  await v.header(item.height, HEADER_WAIT_MS);
  try {
    const tx = await v.tx(item.id);
    if (!tx) return { proof: "unverified", note: t("verify.notProven") };
    // [REJECT] the proof puts the tx elsewhere than the node said, or in the block as failed
    if (tx.height !== item.height || tx.index !== item.index || tx.failed) return { proof: "refused", note: t("verify.wrongPlace", { height: tx.height }) };
    return { proof: "verified", note: t("verify.provenAt", { height: tx.height }) };
  } catch (e) {
    return notVerified(e);
  }
}

/** The balance: the proven one is shown; a node that claimed another at the same height lied. */
async function checkBalance(address: string, claimed: { balance: bigint; height: number }): Promise<Mark & { balance?: bigint; height?: number }> {
  const v = await ready;
  const bytes = parseAddress(address);
  if (!v || !bytes) return { proof: "unverified", note: verifyState.get().off };
  try {
    const a = await v.account(bytes);
    const proven = { balance: a.account.balance, height: a.height };
    if (a.height === claimed.height && a.account.balance !== claimed.balance)
      return { proof: "refused", note: t("verify.balanceLie", { claimed: formatAmount(claimed.balance), proven: formatAmount(a.account.balance), height: a.height }), ...proven };
    return { proof: "verified", note: t("verify.provenAt", { height: a.height }), ...proven };
  } catch (e) {
    return notVerified(e);
  }
}

/** An anchor: its tx must be proven in its block, anchoring this hash, by its owner. */
async function checkAnchor(hash: string, claimed: { txId: string; owner: string; height: number } | null): Promise<Mark> {
  const v = await ready;
  if (!v) return { proof: "unverified", note: verifyState.get().off };
  if (!claimed) return { proof: "unverified", note: t("verify.absence") };
  await v.header(claimed.height, HEADER_WAIT_MS);
  try {
    const tx = await v.tx(claimed.txId);
    if (!tx) return { proof: "unverified", note: t("verify.notProven") };
    const body = tx.stx.tx.kind === "anchor" ? (tx.stx.tx.body as { hash: Uint8Array }) : null;
    const owner = parseAddress(claimed.owner);
    if (!body || "0x" + toHex(body.hash) !== hash || !owner || !bytesEqual(owner, tx.stx.tx.from) || tx.height !== claimed.height)
      return { proof: "refused", note: t("verify.anchorLie") };
    return { proof: "verified", note: t("verify.anchorProven", { height: tx.height }) };
  } catch (e) {
    return notVerified(e);
  }
}

function scheduleCrossCheck(): void {
  if (crossTimer || !session) return;
  const wait = Math.max(0, lastCrossCheck + CROSS_CHECK_MS - Date.now());
  crossTimer = setTimeout(() => {
    crossTimer = null;
    lastCrossCheck = Date.now();
    void crossCheck();
  }, wait);
}

/** The newest inbox and sent pages through the light client: anything the node left out appears here, proven. */
async function crossCheck(): Promise<void> {
  const s = session;
  const v = vc;
  if (!s || !v || v.height === 0) return;
  try {
    const keyring = await s.chat.keyring(s.identity);
    for (const kind of ["inbox", "sent"] as const) {
      const page = await v.page(kind, s.identity.publicKey, { limit: PAGE });
      const unseen = page.entries.filter((e) => s.conversations.item("0x" + e.id)?.status !== "final");
      for (const m of await openDirectEntries(unseen, s.identity.publicKey, keyring)) s.conversations.addFinal(m);
    }
    s.conversations.version.update((n) => n + 1);
  } catch {
    // No node could answer verifiably: the items keep their own marks.
  }
  // Channels open on screen: their newest log page, cross-checked between nodes the same way.
  for (const id of Object.keys(s.channels.views.get())) {
    const key = fromHex(id);
    if (!key || key.length !== 32) continue;
    try {
      const page = await v.page("channelLog", key, { limit: PAGE });
      const opened = await s.chat.openChannelEntries(s.identity, id, page.entries);
      s.channels.addProven(id, opened, (e) => ({ proof: "verified", note: t("verify.provenAt", { height: e.height }) }));
    } catch {
      // As above; one channel's failure does not stop the others' checks.
    }
  }
}

export const verifier = {
  attach(s: Session): void {
    session = s;
    s.conversations.verify = checkItem;
    s.wallet.check = checkBalance;
    s.channels.verify = checkItem;
    scheduleCrossCheck();
  },
  detach(): void {
    session = null;
  },
};

setAnchorCheck((hash, claimed) => checkAnchor(hash, claimed));

/**
 * An identity's active devices, proven under a header this browser verified (the devices
 * protocol); null while the light client is off (then the caller shows the node's answer, unmarked).
 */
export async function provenDevices(identity: Uint8Array): Promise<DeviceEntry[] | null> {
  const v = await ready;
  return v ? (await v.devices(identity)).devices : null;
}
