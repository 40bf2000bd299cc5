// One entry of a conversation: text, payment, payment request (with its one-click Pay) or
// receipt, with where it stands (pending, final at a height, failed, rejected) and what the
// app could verify about it.
import { t } from "../i18n/i18n.js";
import type { AssetInfo } from "../state/asset-book.js";
import { AssetAmount, type ChainNameOf } from "./AssetName.js";
import type { ChatItem, Conversations } from "../state/conversations.js";
import { formatReceipt, parseReceipt, parseRequest } from "../state/payment-request.js";
import { reasonText } from "../state/errors.js";
import { Amount, ProofBadge, Time } from "./common.js";
import { ActionCard } from "./ActionCard.js";
import type { ChatActions } from "../state/actions.js";
import { AttachmentView, UploadProgress } from "./Attachment.js";

function StatusLine({ item }: { item: ChatItem }) {
  switch (item.status) {
    case "pending":
      return <span class="status pending" data-status="pending">{t("msg.pending")}</span>;
    case "final":
      return <span class="status final" data-status="final">{item.height !== null ? t("msg.finalAt", { height: item.height }) : t("msg.final")}</span>;
    case "failed":
      return <span class="status failed" data-status="failed">{t("msg.failed", { reason: reasonText(item.reason ?? "") })}</span>;
    case "rejected":
      return <span class="status failed" data-status="rejected">{t("msg.rejected", { reason: reasonText(item.reason ?? "") })}</span>;
  }
}

/** The receipt (ours or theirs) that pays request `id`, if any. */
function receiptFor(conv: Conversations, item: ChatItem): ChatItem | null {
  return conv.items(item.peer).find((i) => i.direction !== item.direction && i.amount > 0n && parseReceipt(i.text)?.request === item.id && i.status !== "failed" && i.status !== "rejected") ?? null;
}

function RequestCard({ item, conv }: { item: ChatItem; conv: Conversations }) {
  const req = parseRequest(item.text)!;
  const paid = item.status === "final" ? receiptFor(conv, item) : null;
  const mine = item.direction === "out";
  return (
    <div class="request" data-test="payment-request">
      <p>{mine ? t("pay.youRequested") : t("pay.theyRequest")} <Amount value={req.amount} />{req.note && <> — {req.note}</>}</p>
      {paid ? <p class="paid" data-test="request-paid">{paid.status === "final" ? t("pay.requestPaid", { height: paid.height ?? "" }) : t("pay.paying")}</p>
        : !mine && item.status === "final" && (
          <button type="button" data-test="pay-request" onClick={() => void conv.send(item.peer, formatReceipt({ request: item.id, note: req.note }), req.amount)}>
            {t("pay.payButton")} <Amount value={req.amount} />
          </button>
        )}
    </div>
  );
}

function Body({ item, conv }: { item: ChatItem; conv: Conversations }) {
  if (item.text === null) {
    if (item.failure === null) return null;
    return <p class="undecryptable">{item.failure === "NO_SELF_COPY" ? t("msg.noSelfCopy") : t("msg.undecryptable", { reason: reasonText(item.failure) })}</p>;
  }
  if (item.text === "") return null;
  if (parseRequest(item.text)) return <RequestCard item={item} conv={conv} />;
  const receipt = parseReceipt(item.text);
  if (receipt) return <p class="receipt">{t("pay.receipt")}{receipt.note && <> — {receipt.note}</>}</p>;
  return <p class="text">{item.text}</p>;
}

/** A payment's amount: in its asset, with the asset's issuer, when it names one (AssetName.tsx). */
function PaidAmount({ item, offers }: { item: ChatItem; offers: OfferContext }) {
  if (item.asset === null) return <Amount value={item.amount} />;
  return <AssetAmount value={item.amount} id={item.asset} asset={offers.assetOf(item.asset)} nameOf={offers.chainName} />;
}

/** Where an offer shows its live state; `name` names an address for the person. */
export interface OfferContext {
  actions: ChatActions;
  me: string;
  name: (address: string) => string;
  /** An asset's symbol, decimals and issuer once the app knows them (state/asset-book.ts). */
  assetOf: (assetId: string) => AssetInfo | undefined;
  /** An issuer's primary name on chain (state/names.ts). */
  chainName: ChainNameOf;
}

export function Message({ item, conv, peerName, offers }: { item: ChatItem; conv: Conversations; peerName: string; offers: OfferContext }) {
  const who = item.direction === "out" ? t("msg.you") : peerName;
  const isOffer = item.kind === "redPacket" || item.kind === "bounty";
  return (
    <li class={`msg ${item.direction}`} data-test="message" data-direction={item.direction} data-id={item.id}>
      <span class="sr-only">{who}: </span>
      {item.offer ? <ActionCard actions={offers.actions} id={item.offer.id} me={offers.me} name={offers.name} chainName={offers.chainName} />
        : isOffer ? <p class="action-card" data-test="action-card" data-kind="pending">{t(item.kind === "redPacket" ? "rp.sending" : "bty.title")} <PaidAmount item={item} offers={offers} /></p>
          : <Body item={item} conv={conv} />}
      {item.upload && <UploadProgress name={item.upload.name} fraction={item.upload.fraction} />}
      {item.attachments.map((a) => <AttachmentView key={a.fileName + a.size} a={a} download={(x, onProgress) => conv.download(x, onProgress)} />)}
      {item.amount > 0n && !isOffer && (
        <p class="payment" data-test="payment">
          {item.direction === "out" ? t("pay.youPaid") : t("pay.theyPaid")} <PaidAmount item={item} offers={offers} />
        </p>
      )}
      <p class="meta">
        <Time ms={item.time} /> · <StatusLine item={item} />
        {item.status === "final" && <> · <ProofBadge proof={item.proof} note={item.proofNote} /></>}
      </p>
    </li>
  );
}
