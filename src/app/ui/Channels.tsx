// Group channels: the known ones, creating one with members, and a channel's log, members,
// invites and removals. Removing a member starts a new key epoch given only to those who stay:
// the screen says that the removed member cannot read what is posted afterwards.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import type { Session } from "../state/session.js";
import type { ChannelEntry } from "../../client/channels.js";
import { AttachFile, AttachmentView } from "./Attachment.js";
import { downloadFile } from "../state/files.js";
import { reasonText } from "../state/errors.js";
import { CopyButton, Dialog, ErrorText, Field, ProofBadge, ScreenTitle, Time, useAction } from "./common.js";
import type { ProofMark } from "../state/conversations.js";
import { displayName } from "./Chats.js";
import { ActionCard } from "./ActionCard.js";

import { go, href } from "./route.js";
import { memberName, parseMembers } from "./members.js";


function MembersInput({ id, label, value, onInput, s }: { id: string; label: string; value: string; onInput: (v: string) => void; s: Session }) {
  const contacts = useStore(s.contacts.list);
  return (
    <Field label={label} id={id} hint={t("channel.membersHint")}>
      <>
        <textarea id={id} rows={3} value={value} aria-describedby={`${id}-hint`} onInput={(e) => onInput(e.currentTarget.value)} data-test={id} />
        {contacts.length > 0 && (
          <p class="small">{t("channel.fromContacts")} {contacts.map((c) => (
            <button key={c.address} type="button" class="secondary small" onClick={() => onInput((value ? value + "\n" : "") + c.address)}>{c.name}</button>
          ))}</p>
        )}
      </>
    </Field>
  );
}

function ChannelList({ s }: { s: Session }) {
  const known = useStore(s.channels.known);
  const [name, setName] = useState("");
  const [members, setMembers] = useState("");
  const [openId, setOpenId] = useState("");
  const [busy, error, run, setError] = useAction();
  const create = (e: Event): void => {
    e.preventDefault();
    const m = parseMembers(members);
    if (m.bad.length > 0) return setError(() => t("channel.badMembers", { list: m.bad.join(", ") }));
    void run(async () => {
      const id = await s.channels.create(name.trim(), m.ok);
      setName("");
      setMembers("");
      go({ page: "channels", id });
    });
  };
  return (
    <main class="page" id="main">
      <ScreenTitle>{t("nav.channels")}</ScreenTitle>
      <section class="card" aria-labelledby="ch-list">
        <h2 id="ch-list">{t("channel.yours")}</h2>
        {known.length === 0 ? <p class="empty">{t("channel.none")}</p> : (
          <ul class="plain">{known.map((c) => <li key={c.id}><a href={href({ page: "channels", id: c.id })} data-test="channel-link">{c.name ?? c.id.slice(0, 18) + "…"}</a></li>)}</ul>
        )}
        <p class="note">{t("channel.discovery")}</p>
      </section>
      <form class="card" onSubmit={create} aria-labelledby="ch-create">
        <h2 id="ch-create">{t("channel.create")}</h2>
        <Field label={t("channel.name")} id="channel-name" hint={t("channel.nameHint")}>
          <input id="channel-name" required value={name} aria-describedby="channel-name-hint" onInput={(e) => setName(e.currentTarget.value)} data-test="channel-name" />
        </Field>
        <MembersInput id="channel-members" label={t("channel.members")} value={members} onInput={setMembers} s={s} />
        <ErrorText error={error} />
        <button type="submit" disabled={busy} data-test="channel-create">{busy ? t("common.working") : t("channel.createButton")}</button>
      </form>
      <form class="card" onSubmit={(e) => { e.preventDefault(); const id = openId.trim().toLowerCase(); if (/^(0x)?[0-9a-f]{64}$/.test(id)) { const full = id.startsWith("0x") ? id : "0x" + id; s.channels.remember(full, null); go({ page: "channels", id: full }); } }}>
        <Field label={t("channel.openById")} id="channel-open">
          <input id="channel-open" value={openId} placeholder="0x…" onInput={(e) => setOpenId(e.currentTarget.value)} data-test="channel-open" />
        </Field>
        <button type="submit" class="secondary" data-test="channel-open-go">{t("channel.open")}</button>
      </form>
    </main>
  );
}

function EntryLine({ s, e, mark }: { s: Session; e: ChannelEntry; mark: { proof: ProofMark; note: string | null } | undefined }) {
  const who = memberName(s, e.from);
  const names = e.members.map((m) => memberName(s, m)).join(", ");
  let body;
  switch (e.kind) {
    case "create":
      body = <p class="event">{t("channel.created", { who, name: e.text ?? "?" })}</p>;
      break;
    case "invite":
      body = <p class="event">{t("channel.invited", { who, names })}</p>;
      break;
    case "remove":
      body = <p class="event">{t("channel.removed", { who, names })} {t("channel.removedNote")}</p>;
      break;
    case "post":
      body = e.text !== null
        ? <>
          <p><strong>{who}:</strong> {e.text}</p>
          {e.attachments.map((a) => <AttachmentView key={a.fileName + a.size} a={a} download={(x, onProgress) => downloadFile(s.chat.client, x, onProgress)} />)}
        </>
        : <p class="undecryptable">{who}: {t("channel.cannotRead", { reason: reasonText(e.failure ?? "") })}</p>;
      break;
    default:
      // A red packet or bounty offered in the channel: its live state, claim for members.
      body = e.offer ? <ActionCard actions={s.actions} id={e.offer.id} me={s.identity.address} name={(a) => memberName(s, a)} chainName={(a) => s.names.nameOf(a)} /> : null;
  }
  return <li class={`channel-entry ${e.kind === "post" ? "post" : "event"}`} data-test="channel-entry" data-kind={e.kind}>{body}<p class="meta small"><Time ms={e.time} /> · {t("msg.finalAt", { height: e.height })} · <ProofBadge proof={mark?.proof ?? "unverified"} note={mark?.note ?? null} /></p></li>;
}

function ChannelView({ s, id }: { s: Session; id: string }) {
  const views = useStore(s.channels.views);
  const v = views[id];
  const [text, setText] = useState("");
  const [invite, setInvite] = useState("");
  const [removing, setRemoving] = useState<string | null>(null);
  const [busy, error, run, setError] = useAction();
  useEffect(() => void s.channels.refresh(id), [id]);
  const info = v?.info ?? null;
  const owner = info?.owner === s.identity.address;
  const member = info?.members.includes(s.identity.address) ?? false;
  return (
    <main class="page" id="main">
      <ScreenTitle>{info?.name ?? t("channel.untitled")}</ScreenTitle>
      <p class="hash small">{id} <CopyButton text={id} label={t("channel.copyId")} /></p>
      <ErrorText error={v?.error ?? null} />
      {info && !member && <p class="note" data-test="not-member">{t("channel.notMember")}</p>}
      <section class="card" aria-labelledby="ch-log">
        <h2 id="ch-log">{t("channel.posts")}</h2>
        {v?.older && <button type="button" class="secondary small" onClick={() => void s.channels.loadOlder(id)}>{t("chat.showOlder")}</button>}
        <ol class="plain" data-test="channel-log" aria-live="polite">{(v?.entries ?? []).map((e) => <EntryLine key={e.id} s={s} e={e} mark={v?.marks[e.id]} />)}</ol>
        {member && (
          <form onSubmit={(e) => { e.preventDefault(); const body = text.trim(); if (body) void run(async () => { await s.channels.post(id, body); setText(""); }); }}>
            <label for="channel-post" class="sr-only">{t("channel.postLabel")}</label>
            <textarea id="channel-post" rows={2} value={text} placeholder={t("channel.postLabel")} onInput={(e) => setText(e.currentTarget.value)} data-test="channel-post" />
            <button type="submit" disabled={busy} data-test="channel-post-send">{busy ? t("common.working") : t("channel.post")}</button>
            <AttachFile inputId="channel-file" testId="channel-file" run={run} post={async (f, onProgress) => {
              await s.channels.postFile(id, f, text.trim(), onProgress);
              setText("");
            }} />
          </form>
        )}
        <ErrorText error={error} />
      </section>
      {info && (
        <section class="card" aria-labelledby="ch-members">
          <h2 id="ch-members">{t("channel.membersTitle", { count: info.members.length, epoch: info.epoch })}</h2>
          <ul class="plain" data-test="channel-members">
            {info.members.map((m) => (
              <li key={m} data-test="channel-member">
                {memberName(s, m)}{m === info.owner ? ` (${t("channel.owner")})` : ""}
                {owner && m !== info.owner && <> <button type="button" class="secondary small" onClick={() => setRemoving(m)} data-test="member-remove" aria-label={t("channel.removeNamed", { name: displayName(s, m) })}>{t("contacts.remove")}</button></>}
              </li>
            ))}
          </ul>
          {owner && (
            <form onSubmit={(e) => {
              e.preventDefault();
              const m = parseMembers(invite);
              if (m.bad.length > 0 || m.ok.length === 0) return setError(() => t("channel.badMembers", { list: m.bad.join(", ") || "—" }));
              void run(async () => { await s.channels.invite(id, m.ok); setInvite(""); });
            }}>
              <MembersInput id="channel-invite" label={t("channel.invite")} value={invite} onInput={setInvite} s={s} />
              <button type="submit" class="secondary" disabled={busy} data-test="channel-invite-send">{t("channel.inviteButton")}</button>
            </form>
          )}
        </section>
      )}
      <Dialog open={removing !== null} title={t("channel.removeTitle")} onClose={() => setRemoving(null)} testId="remove-dialog">
        <p>{t("channel.removeText", { name: removing ? displayName(s, removing) : "" })}</p>
        <div class="actions">
          <button type="button" class="danger" data-test="remove-confirm" onClick={() => { const m = removing!; setRemoving(null); void run(() => s.channels.remove(id, [m])); }}>{t("contacts.remove")}</button>
          <button type="button" class="secondary" onClick={() => setRemoving(null)}>{t("common.cancel")}</button>
        </div>
      </Dialog>
    </main>
  );
}

export function Channels({ s, id }: { s: Session; id: string | null }) {
  return id ? <ChannelView s={s} id={id} /> : <ChannelList s={s} />;
}
