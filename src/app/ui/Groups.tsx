// MLS groups (docs/ENCRYPTION.md 12): the groups this browser is in, creating one with members,
// and a group's posts, members, adds, removals and key updates. Unlike a channel, a group has
// forward secrecy and post-compromise security, and nobody owns it: any member may add, remove
// or update, and the chain orders the commits so that every member sees the same epochs.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import type { Session } from "../state/session.js";
import { CopyButton, ErrorText, Field, ScreenTitle, useAction } from "./common.js";
import { displayName } from "./Chats.js";
import { go, href } from "./route.js";
import { memberName, parseMembers } from "./members.js";
import { AttachFile, AttachmentView } from "./Attachment.js";
import { downloadFile } from "../state/files.js";
import { attachmentOf } from "../../client/mls/attachments.js";

function Readiness({ s }: { s: Session }) {
  const r = useStore(s.groups.readiness);
  const [busy, error, run] = useAction();
  if (r === "ready") return <p class="note" data-test="group-ready">{t("group.ready")}</p>;
  return (
    <div>
      <p class="note" data-test="group-not-ready">{r === "needs-funds" ? t("group.needsFunds") : t("group.notReady")}</p>
      <button type="button" class="secondary" disabled={busy || r === "publishing"} onClick={() => void run(() => s.groups.ensureKeyPackage())} data-test="group-publish">{t("group.publish")}</button>
      <ErrorText error={error} />
    </div>
  );
}

function GroupList({ s }: { s: Session }) {
  // Opening Groups is asking to be reachable in groups: publish a key package if none is out.
  useEffect(() => void s.groups.ensureKeyPackage().catch(() => undefined), []);
  const known = useStore(s.groups.known);
  const views = useStore(s.groups.views);
  const [members, setMembers] = useState("");
  const [busy, error, run, setError] = useAction();
  const create = (e: Event): void => {
    e.preventDefault();
    const m = parseMembers(members);
    if (m.bad.length > 0) return setError(() => t("channel.badMembers", { list: m.bad.join(", ") }));
    void run(async () => {
      const id = await s.groups.create(m.ok);
      setMembers("");
      go({ page: "groups", id });
    });
  };
  return (
    <main class="page" id="main">
      <ScreenTitle>{t("nav.groups")}</ScreenTitle>
      <section class="card" aria-labelledby="gr-list">
        <h2 id="gr-list">{t("group.yours")}</h2>
        {known.length === 0 ? <p class="empty">{t("group.none")}</p> : (
          <ul class="plain">{known.map((id) => {
            const info = views[id]?.info;
            const label = info ? info.members.filter((m) => m !== s.identity.address).map((m) => displayName(s, m)).join(", ") || t("msg.you") : id.slice(0, 16) + "…";
            return <li key={id}><a href={href({ page: "groups", id })} data-test="group-link">{label}</a></li>;
          })}</ul>
        )}
        <Readiness s={s} />
        <p class="note">{t("group.about")}</p>
      </section>
      <form class="card" onSubmit={create} aria-labelledby="gr-create">
        <h2 id="gr-create">{t("group.create")}</h2>
        <Field label={t("channel.members")} id="group-members" hint={t("group.membersHint")}>
          <textarea id="group-members" rows={3} value={members} aria-describedby="group-members-hint" onInput={(e) => setMembers(e.currentTarget.value)} data-test="group-members" />
        </Field>
        <ErrorText error={error} />
        <button type="submit" disabled={busy} data-test="group-create">{busy ? t("common.working") : t("group.createButton")}</button>
      </form>
    </main>
  );
}

function GroupView({ s, id }: { s: Session; id: string }) {
  const views = useStore(s.groups.views);
  const v = views[id];
  const [text, setText] = useState("");
  const [add, setAdd] = useState("");
  const [busy, error, run, setError] = useAction();
  useEffect(() => void s.groups.refresh(id), [id]);
  const info = v?.info ?? null;
  return (
    <main class="page" id="main">
      <ScreenTitle>{t("group.title")}</ScreenTitle>
      <p class="hash small">0x{id} <CopyButton text={"0x" + id} label={t("group.copyId")} /></p>
      <ErrorText error={v?.error ?? null} />
      <section class="card" aria-labelledby="gr-log">
        <h2 id="gr-log">{t("channel.posts")}</h2>
        <ol class="plain" data-test="group-log" aria-live="polite">
          {(v?.posts ?? []).map((p) => (
            <li key={p.id} class="channel-entry post" data-test="group-post"><p><strong>{memberName(s, p.from)}:</strong> {p.text}</p>
              {(p.attachments ?? []).map(attachmentOf).map((a) => a && <AttachmentView key={a.fileName + a.size} a={a} download={(x, onProgress) => downloadFile(s.chat.client, x, onProgress)} />)}<p class="meta small">{t("group.epochAt", { epoch: p.epoch, height: p.height })}</p></li>
          ))}
        </ol>
        {info && (
          <form onSubmit={(e) => { e.preventDefault(); const body = text.trim(); if (body) void run(async () => { await s.groups.post(id, body); setText(""); }); }}>
            <label for="group-post" class="sr-only">{t("channel.postLabel")}</label>
            <textarea id="group-post" rows={2} value={text} placeholder={t("channel.postLabel")} onInput={(e) => setText(e.currentTarget.value)} data-test="group-post-text" />
            <button type="submit" disabled={busy} data-test="group-post-send">{busy ? t("common.working") : t("channel.post")}</button>
            <AttachFile inputId="group-file" testId="group-file" run={run} post={async (f, onProgress) => {
              await s.groups.postFile(id, f, text.trim(), onProgress);
              setText("");
            }} />
          </form>
        )}
        <ErrorText error={error} />
      </section>
      {info && (
        <section class="card" aria-labelledby="gr-members">
          <h2 id="gr-members">{t("group.membersTitle", { count: info.members.length, epoch: info.epoch })}</h2>
          <ul class="plain" data-test="group-members-list">
            {info.members.map((m) => (
              <li key={m} data-test="group-member" data-address={m}>
                {memberName(s, m)}
                {m !== s.identity.address && <> <button type="button" class="secondary small" disabled={busy} onClick={() => void run(() => s.groups.remove(id, [m]))} data-test="group-member-remove" aria-label={t("channel.removeNamed", { name: displayName(s, m) })}>{t("contacts.remove")}</button></>}
              </li>
            ))}
          </ul>
          <p class="small hash" data-test="group-auth">{t("group.authenticator")} {info.epochAuthenticator.slice(0, 18)}…</p>
          <form onSubmit={(e) => {
            e.preventDefault();
            const m = parseMembers(add);
            if (m.bad.length > 0 || m.ok.length === 0) return setError(() => t("channel.badMembers", { list: m.bad.join(", ") || "—" }));
            void run(async () => { await s.groups.add(id, m.ok); setAdd(""); });
          }}>
            <Field label={t("group.add")} id="group-add" hint={t("group.membersHint")}>
              <textarea id="group-add" rows={2} value={add} aria-describedby="group-add-hint" onInput={(e) => setAdd(e.currentTarget.value)} data-test="group-add" />
            </Field>
            <button type="submit" class="secondary" disabled={busy} data-test="group-add-send">{t("group.addButton")}</button>
            {" "}<button type="button" class="secondary" disabled={busy} onClick={() => void run(() => s.groups.update(id))} data-test="group-update">{t("group.update")}</button>
          </form>
          <p class="note">{t("group.updateNote")}</p>
        </section>
      )}
    </main>
  );
}

export function Groups({ s, id }: { s: Session; id: string | null }) {
  return id ? <GroupView s={s} id={id} /> : <GroupList s={s} />;
}
