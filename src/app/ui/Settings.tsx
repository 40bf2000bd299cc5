// Settings: language, the key (export, lock, forget) and which nodes the app talks to.
import { useState } from "preact/hooks";
import { LANGUAGES, lang, setLang, t, type Lang } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import { exportKeyFile, lock, type Session } from "../state/session.js";
import { describeError } from "../state/errors.js";
import { nodeUrl } from "../state/config.js";
import { Dialog, ErrorText, Field, ScreenTitle, download, useShownError } from "./common.js";
import { PeerSettings } from "./PeerSettings.js";
import { ForgetDialog } from "./ForgetDialog.js";
import { CheckpointSettings } from "./CheckpointSettings.js";
import { Devices } from "./Devices.js";

export function LanguagePicker({ id = "lang-picker" }: { id?: string }) {
  const current = useStore(lang);
  return (
    <span class="lang-picker">
      <label for={id} class="sr-only">{t("settings.language")}</label>
      <select id={id} value={current} onChange={(e) => setLang(e.currentTarget.value as Lang)} data-test="lang">
        {Object.entries(LANGUAGES).map(([code, l]) => <option key={code} value={code} lang={code}>{l.name}</option>)}
      </select>
    </span>
  );
}

function ExportKey() {
  const [open, setOpen] = useState(false);
  const [pass, setPass] = useState("");
  // Shown in the dialog; put into words when drawn, so it follows a change of language.
  const [error, setError] = useShownError();
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    try {
      const f = await exportKeyFile(pass);
      download(f.name, f.text);
      setOpen(false);
      setPass("");
      setError(null);
    } catch (err) {
      setError(() => describeError(err));
    }
  };
  return (
    <>
      <button type="button" class="secondary" onClick={() => setOpen(true)} data-test="export-key">{t("settings.export")}</button>
      <Dialog open={open} title={t("settings.exportTitle")} onClose={() => setOpen(false)} testId="export-dialog">
        <p>{t("settings.exportText")}</p>
        <form onSubmit={(e) => void submit(e)}>
          <Field label={t("onboard.passphrase")} id="export-pass">
            <input id="export-pass" type="password" autocomplete="current-password" required value={pass} onInput={(e) => setPass(e.currentTarget.value)} />
          </Field>
          <ErrorText error={error} />
          <div class="actions">
            <button type="submit" data-test="export-submit">{t("settings.exportButton")}</button>
            <button type="button" class="secondary" onClick={() => setOpen(false)}>{t("common.cancel")}</button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

export function Settings({ s }: { s: Session }) {
  const [forgetting, setForgetting] = useState(false);
  return (
    <main class="page" id="main">
      <ScreenTitle>{t("nav.settings")}</ScreenTitle>
      <section class="card" aria-labelledby="set-lang">
        <h2 id="set-lang">{t("settings.language")}</h2>
        <LanguagePicker id="settings-lang" />
      </section>
      <section class="card" aria-labelledby="set-key">
        <h2 id="set-key">{t("settings.key")}</h2>
        <p class="address">{s.identity.address}</p>
        <p>{t("settings.keyText")}</p>
        <div class="actions">
          <ExportKey />
          <button type="button" class="secondary" onClick={() => lock()} data-test="lock">{t("settings.lock")}</button>
          <button type="button" class="danger" onClick={() => setForgetting(true)}>{t("settings.forget")}</button>
        </div>
      </section>
      <Devices s={s} />
      <section class="card" aria-labelledby="set-node">
        <h2 id="set-node">{t("settings.node")}</h2>
        <p>{t("settings.nodeText", { url: nodeUrl() })}</p>
        <PeerSettings />
        <CheckpointSettings />
      </section>
      <ForgetDialog open={forgetting} onClose={() => setForgetting(false)} />
    </main>
  );
}
