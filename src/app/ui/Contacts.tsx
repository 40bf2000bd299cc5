// Contacts: people by address, named by the user; and this identity's own address to share.
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import type { Session } from "../state/session.js";
import { normalizeAddress } from "../state/contacts.js";
import { CopyButton, ErrorText, Field, ScreenTitle } from "./common.js";
import { href } from "./route.js";
import { QrCode } from "./QrCode.js";
import { ScanContact } from "./ScanContact.js";
import { NamePanel } from "./NamePanel.js";
import { formatContactUri } from "../state/contact-uri.js";

export function Contacts({ s }: { s: Session }) {
  const list = useStore(s.contacts.list);
  const myName = useStore(s.contacts.myName);
  const [address, setAddress] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);

  const add = (e: Event): void => {
    e.preventDefault();
    const a = normalizeAddress(address);
    if (!a) return setError(t("contacts.badAddress"));
    s.contacts.put(a, name);
    setAddress("");
    setName("");
    setError(null);
  };

  return (
    <main class="page" id="main">
      <ScreenTitle>{t("nav.contacts")}</ScreenTitle>
      <section class="card" aria-labelledby="my-address">
        <h2 id="my-address">{t("contacts.mine")}</h2>
        <p class="address" data-test="my-address">{s.identity.address}</p>
        <CopyButton text={s.identity.address} label={t("common.copy")} />
        <QrCode text={formatContactUri({ address: s.identity.address, name: myName })} label={t("contacts.qrLabel")} />
        <Field label={t("contacts.myName")} id="my-name" hint={t("contacts.myNameHint")}>
          <input id="my-name" value={myName} maxLength={64} aria-describedby="my-name-hint" onInput={(e) => s.contacts.setMyName(e.currentTarget.value)} data-test="my-name" />
        </Field>
      </section>
      <NamePanel s={s} />
      <ScanContact contacts={s.contacts} />
      <form class="card" onSubmit={add} aria-labelledby="add-contact">
        <h2 id="add-contact">{t("contacts.add")}</h2>
        <Field label={t("contacts.address")} id="contact-address">
          <input id="contact-address" required value={address} placeholder="parley1…" onInput={(e) => setAddress(e.currentTarget.value)} data-test="contact-address" />
        </Field>
        <Field label={t("contacts.name")} id="contact-name">
          <input id="contact-name" value={name} onInput={(e) => setName(e.currentTarget.value)} data-test="contact-name" />
        </Field>
        <ErrorText error={error} />
        <button type="submit" data-test="contact-add">{t("contacts.addButton")}</button>
      </form>
      <section aria-labelledby="contact-list">
        <h2 id="contact-list">{t("contacts.list")}</h2>
        {list.length === 0 ? <p class="empty">{t("contacts.none")}</p> : (
          <ul class="contacts">
            {list.map((c) => (
              <li key={c.address} data-test="contact">
                <span class="name">{c.name}</span>
                <span class="address small">{c.address}</span>
                <a class="button secondary small" href={href({ page: "chats", peer: c.address })}>{t("contacts.chat")}</a>
                <button type="button" class="secondary small" onClick={() => s.contacts.remove(c.address)} aria-label={t("contacts.removeNamed", { name: c.name })}>{t("contacts.remove")}</button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
