// First run: make a new identity or bring one (a key file from `parley keys new` or another
// device), and choose the passphrase that seals it in this browser.
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { createIdentity, importKeyFile } from "../state/session.js";
import { ErrorText, Field, ScreenTitle, useAction } from "./common.js";
import { MIN_PASSPHRASE } from "../../client/vault.js";

function PassphraseFields(props: { prefix: string; pass: string; confirm: string; setPass: (s: string) => void; setConfirm: (s: string) => void }) {
  return (
    <>
      <Field label={t("onboard.passphrase")} id={`${props.prefix}-pass`} hint={t("onboard.passphraseHint", { min: MIN_PASSPHRASE })}>
        <input id={`${props.prefix}-pass`} type="password" autocomplete="new-password" required minLength={MIN_PASSPHRASE} value={props.pass}
          aria-describedby={`${props.prefix}-pass-hint`} onInput={(e) => props.setPass(e.currentTarget.value)} />
      </Field>
      <Field label={t("onboard.confirm")} id={`${props.prefix}-confirm`}>
        <input id={`${props.prefix}-confirm`} type="password" autocomplete="new-password" required value={props.confirm} onInput={(e) => props.setConfirm(e.currentTarget.value)} />
      </Field>
    </>
  );
}

function checkPassphrase(pass: string, confirm: string): string | null {
  if (pass.length < MIN_PASSPHRASE) return t("error.weakPassphrase", { min: MIN_PASSPHRASE });
  if (pass !== confirm) return t("onboard.mismatch");
  return null;
}

export function Onboarding() {
  const [mode, setMode] = useState<"create" | "import">("create");
  const [pass, setPass] = useState("");
  const [confirm, setConfirm] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, error, run, setError] = useAction();

  const submit = (e: Event): void => {
    e.preventDefault();
    const bad = checkPassphrase(pass, confirm);
    if (bad) return setError(bad);
    if (mode === "import" && !file) return setError(t("onboard.chooseFile"));
    void run(async () => {
      if (mode === "create") await createIdentity(pass);
      else await importKeyFile(await file!.text(), pass);
    });
  };

  return (
    <main class="onboarding" id="main">
      <ScreenTitle>{t("onboard.title")}</ScreenTitle>
      <p class="lead">{t("onboard.lead")}</p>
      <div role="tablist" aria-label={t("onboard.how")} class="tabs">
        <button role="tab" type="button" id="tab-create" aria-selected={mode === "create"} aria-controls="onboard-form" onClick={() => setMode("create")} data-test="tab-create">{t("onboard.create")}</button>
        <button role="tab" type="button" id="tab-import" aria-selected={mode === "import"} aria-controls="onboard-form" onClick={() => setMode("import")} data-test="tab-import">{t("onboard.import")}</button>
      </div>
      <div id="onboard-form" role="tabpanel" aria-labelledby={mode === "create" ? "tab-create" : "tab-import"}>
      <form onSubmit={submit} class="card">
        {mode === "create" ? <p>{t("onboard.createText")}</p> : (
          <Field label={t("onboard.keyFile")} id="key-file" hint={t("onboard.keyFileHint")}>
            <input id="key-file" type="file" accept=".key,.json,application/json" aria-describedby="key-file-hint" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} data-test="key-file" />
          </Field>
        )}
        <PassphraseFields prefix="onboard" pass={pass} confirm={confirm} setPass={setPass} setConfirm={setConfirm} />
        <ErrorText error={error} />
        <button type="submit" disabled={busy} data-test="onboard-submit">{busy ? t("common.working") : mode === "create" ? t("onboard.createButton") : t("onboard.importButton")}</button>
      </form>
      </div>
      <p class="note">{t("onboard.keyStays")}</p>
    </main>
  );
}
