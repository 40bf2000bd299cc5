// Your name on chain (docs/NAMES.md), on the Contacts screen: your primary name if you have one,
// and a form to register a name for a year (the price, burned, comes from the node's fee table)
// and make it your primary name, so others see "@name" instead of your address.
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import type { Session } from "../state/session.js";
import type { Resolved } from "../state/names.js";
import { describeError } from "../state/errors.js";
import { ErrorText, Field } from "./common.js";

/** Why an address field's text did not resolve, in words. */
export function nameReasonText(reason: Extract<Resolved, { ok: false }>["reason"]): string {
  if (reason === "NAME_NOT_FOUND") return t("names.notFound");
  if (reason === "NAME_EXPIRED") return t("names.expired");
  if (reason === "BAD_NAME") return t("names.badName");
  if (reason === "UNAVAILABLE") return t("names.unavailable");
  return t("contacts.badAddress");
}

export function NamePanel({ s }: { s: Session }) {
  useStore(s.names.version);
  const mine = s.names.nameOf(s.identity.address);
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await s.chat.registerName(s.identity, name, 1);
      await s.chat.setPrimaryName(s.identity, r.name);
      s.names.remember(s.identity.address, r.name);
      setDone(t("names.registered", { name: r.name, pay: r.pay.toString() }));
      setName("");
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="my-chain-name" data-test="name-register">
      <h2 id="my-chain-name">{t("names.title")}</h2>
      <p data-test="my-chain-name">{mine ? `@${mine}` : t("names.none")}</p>
      <Field label={t("names.register")} id="name-input" hint={t("names.hint")}>
        <input id="name-input" value={name} maxLength={40} required aria-describedby="name-input-hint" onInput={(e) => setName(e.currentTarget.value)} data-test="name-input" />
      </Field>
      <ErrorText error={error} />
      {done && <p class="ok" role="status" data-test="name-done">{done}</p>}
      <button type="submit" disabled={busy} data-test="name-submit">{busy ? t("common.working") : t("names.registerButton")}</button>
    </form>
  );
}
