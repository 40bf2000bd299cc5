// Conversations: the list (most recent first, unread counts) and the open conversation, paged
// so a long history opens at its newest messages.
import { useEffect, useRef, useState } from "preact/hooks";
import { formatNumber, t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import type { Session } from "../state/session.js";
import { nameReasonText } from "./NamePanel.js";
import { parseReceipt, parseRequest } from "../state/payment-request.js";
import type { ChatItem } from "../state/conversations.js";
import { CopyButton, ErrorText, Field, ScreenTitle, Time, shortAddress } from "./common.js";
import { Composer } from "./Composer.js";
import { Message, type OfferContext } from "./Message.js";
import { ActionsWith } from "./ActionCard.js";
import { go, href } from "./route.js";
import { useStickToBottom } from "./stick-to-bottom.js";

// Messages rendered at first; older ones come in steps of this many ("show older").
const WINDOW = 50;

/** The contact's name, else the address's primary name on chain (`@alice`), else the short address. */
export function displayName(s: Session, address: string): string {
  if (address === s.identity.address) return t("chat.noteToSelf");
  const onChain = s.names.nameOf(address);
  return s.contacts.nameOf(address) ?? (onChain ? `@${onChain}` : shortAddress(address));
}

function preview(item: ChatItem | null): string {
  if (!item) return t("chat.noMessages");
  if (item.kind === "redPacket") return t("rp.title");
  if (item.kind === "bounty") return t("bty.title");
  if (parseRequest(item.text)) return t("pay.requestPreview");
  if (parseReceipt(item.text) || (item.amount > 0n && !item.text)) return t("pay.paymentPreview");
  return item.text ?? t("msg.encrypted");
}

function NewChat({ s, onStart }: { s: Session; onStart: (address: string) => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form class="new-chat" onSubmit={(e) => {
      e.preventDefault();
      // An address, or "@name" resolved to its holder (state/names.ts).
      void s.names.resolve(text).then((r) => {
        if (!r.ok) return setError(nameReasonText(r.reason));
        setError(null);
        setText("");
        onStart(r.address);
      });
    }}>
      <Field label={t("chat.newChat")} id="new-chat-address" error={error}>
        <input id="new-chat-address" value={text} placeholder={t("names.addressPlaceholder")} onInput={(e) => setText(e.currentTarget.value)} data-test="new-chat-address" />
      </Field>
      <button type="submit" class="secondary" data-test="new-chat-start">{t("chat.start")}</button>
    </form>
  );
}

function ConversationList({ s, current }: { s: Session; current: string | null }) {
  useStore(s.conversations.version);
  useStore(s.names.version);
  const contacts = useStore(s.contacts.list);
  const list = s.conversations.summaries(contacts.map((c) => c.address));
  return (
    <nav class="conv-list" aria-label={t("chat.listLabel")}>
      <NewChat s={s} onStart={(a) => go({ page: "chats", peer: a })} />
      {list.length === 0 ? <p class="empty">{t("chat.empty")}</p> : (
        <ul>
          {list.map((c) => (
            <li key={c.peer}>
              <a href={href({ page: "chats", peer: c.peer })} aria-current={c.peer === current ? "page" : undefined} data-test="conversation" data-peer={c.peer}>
                <span class="name">{displayName(s, c.peer)}</span>
                <span class="preview">{preview(c.last)}</span>
                {c.last && <span class="when"><Time ms={c.last.time} /></span>}
                {c.unread > 0 && <span class="badge" data-test="unread" aria-label={t("chat.unread", { count: c.unread })}>{formatNumber(c.unread)}</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}

function AddContactInline({ s, peer }: { s: Session; peer: string }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  if (!open) return <button type="button" class="secondary small" onClick={() => setOpen(true)} data-test="add-contact-inline">{t("contacts.addThis")}</button>;
  return (
    <form class="inline" onSubmit={(e) => { e.preventDefault(); s.contacts.put(peer, name); }}>
      <label for="inline-contact-name">{t("contacts.name")}</label>
      <input id="inline-contact-name" value={name} onInput={(e) => setName(e.currentTarget.value)} data-test="inline-contact-name" />
      <button type="submit" class="small" data-test="inline-contact-save">{t("common.save")}</button>
    </form>
  );
}

function Conversation({ s, peer }: { s: Session; peer: string }) {
  useStore(s.conversations.version);
  useStore(s.names.version);
  useStore(s.assets.version);
  useStore(s.contacts.list);
  const conv = s.conversations;
  const [shown, setShown] = useState(WINDOW);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const items = conv.items(peer);
  const visible = items.slice(Math.max(0, items.length - shown));
  const name = displayName(s, peer);
  const offers: OfferContext = {
    actions: s.actions, me: s.identity.address, name: (a) => displayName(s, a),
    assetOf: (id) => s.assets.of(id), chainName: (a) => s.names.nameOf(a),
  };
  const inChat = new Set(items.flatMap((i) => (i.offer ? [i.offer.id] : [])));

  useEffect(() => setShown(WINDOW), [peer]);
  // Reading the conversation marks it read; new messages while it is open are read too, and
  // so is one that becomes final while it is open (the count of items does not change then, so
  // keying on it alone left such a message unread).
  const finalIn = items.filter((i) => i.direction === "in" && i.status === "final").length;
  useEffect(() => conv.markRead(peer), [peer, items.length, finalIn]);
  const toEnd = useStickToBottom(listRef);
  useEffect(toEnd, [peer, items.length]);

  const older = async (): Promise<void> => {
    setLoading(true);
    try {
      if (items.length <= shown) await conv.loadOlder(peer, WINDOW);
      setShown((n) => n + WINDOW);
    } catch (e) {
      setError(String(e));
    } finally {
      setLoading(false);
    }
  };

  const canOlder = items.length > shown || conv.hasOlder();
  return (
    <section class="conversation" aria-labelledby="conv-title">
      <header class="conv-header">
        <ScreenTitle><span id="conv-title">{name}</span></ScreenTitle>
        <p class="address small">{peer} <CopyButton text={peer} label={t("common.copy")} /></p>
        {!s.contacts.nameOf(peer) && peer !== s.identity.address && <AddContactInline s={s} peer={peer} />}
      </header>
      {canOlder && <button type="button" class="secondary small older" disabled={loading} onClick={() => void older()} data-test="show-older">{loading ? t("common.working") : t("chat.showOlder")}</button>}
      <ErrorText error={error} />
      <ActionsWith actions={s.actions} peer={peer} me={s.identity.address} name={offers.name} chainName={offers.chainName} inChat={inChat} />
      <ol class="messages" ref={listRef} aria-label={t("chat.messagesWith", { name })} aria-live="polite" aria-relevant="additions" data-test="messages">
        {visible.length === 0 && <li class="empty">{t("chat.noMessages")}</li>}
        {visible.map((i) => <Message key={i.id} item={i} conv={conv} peerName={name} offers={offers} />)}
      </ol>
      <Composer conv={conv} peer={peer} actions={s.actions} wallet={s.wallet} me={s.identity.address} nameOf={offers.chainName} />
    </section>
  );
}

export function Chats({ s, peer }: { s: Session; peer: string | null }) {
  return (
    <div class={peer ? "chats open" : "chats"}>
      <ConversationList s={s} current={peer} />
      {peer ? <Conversation s={s} peer={peer} /> : (
        <section class="conversation placeholder">
          <ScreenTitle>{t("nav.chats")}</ScreenTitle>
          <p>{t("chat.pick")}</p>
        </section>
      )}
    </div>
  );
}
