// First run: make a new identity (its 24-word recovery phrase is shown once), bring one back
// from its phrase, or bring a key file (from `parley keys new` or another device), and choose
// the passphrase that seals it in this browser.
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { createIdentity, enter, importKeyFile, recoverIdentity } from "../state/session.js";
import type { Identity } from "../../client/keys.js";
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

function checkPassphrase(pass: string, confirm: string): (() => string) | null {
  if (pass.length < MIN_PASSPHRASE) return () => t("error.weakPassphrase", { min: MIN_PASSPHRASE });
  if (pass !== confirm) return () => t("onboard.mismatch");
  return null;
}

type Mode = "create" | "recover" | "import";

/** The words of a new identity, shown once; the app opens only after the person confirms. */
function PhraseCard(props: { phrase: string; identity: Identity }) {
  const [saved, setSaved] = useState(false);
  const [busy, error, run] = useAction();
  const words = props.phrase.split(" ");
  return (
    <main class="onboarding" id="main">
      <ScreenTitle>{t("onboard.phraseTitle")}</ScreenTitle>
      <p class="lead">{t("onboard.phraseLead")}</p>
      <ol class="card phrase" data-test="recovery-phrase" lang="en">
        {words.map((w, i) => <li key={i}>{w}</li>)}
      </ol>
      <form class="card" onSubmit={(e) => { e.preventDefault(); void run(() => enter(props.identity)); }}>
        <label class="check">
          <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} data-test="phrase-saved" />
          {t("onboard.phraseSaved")}
        </label>
        <ErrorText error={error} />
        <button type="submit" disabled={!saved || busy} data-test="phrase-continue">{t("onboard.phraseContinue")}</button>
      </form>
    </main>
  );
}

export function Onboarding() {
  const [mode, setMode] = useState<Mode>("create");
  const [pass, setPass] = useState("");
  const [confirm, setConfirm] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [words, setWords] = useState("");
  const [created, setCreated] = useState<{ identity: Identity; phrase: string } | null>(null);
  const [busy, error, run, setError] = useAction();

  const submit = (e: Event): void => {
    e.preventDefault();
    const bad = checkPassphrase(pass, confirm);
    if (bad) return setError(bad);
    if (mode === "import" && !file) return setError(() => t("onboard.chooseFile"));
    if (mode === "recover" && words.trim() === "") return setError(() => t("onboard.enterPhrase"));
    void run(async () => {
      if (mode === "create") setCreated(await createIdentity(pass));
      else if (mode === "recover") await recoverIdentity(words, pass);
      else await importKeyFile(await file!.text(), pass);
    });
  };

  if (created) return <PhraseCard phrase={created.phrase} identity={created.identity} />;
  const tab = (m: Mode, label: string) => (
    <button role="tab" type="button" id={`tab-${m}`} aria-selected={mode === m} aria-controls="onboard-form" onClick={() => setMode(m)} data-test={`tab-${m}`}>{label}</button>
  );
  const submitLabel = mode === "create" ? t("onboard.createButton") : mode === "recover" ? t("onboard.recoverButton") : t("onboard.importButton");
  return (
    <main class="onboarding" id="main">
      <ScreenTitle>{t("onboard.title")}</ScreenTitle>
      <p class="lead">{t("onboard.lead")}</p>
      <div role="tablist" aria-label={t("onboard.how")} class="tabs">
        {tab("create", t("onboard.create"))}
        {tab("recover", t("onboard.recover"))}
        {tab("import", t("onboard.import"))}
      </div>
      <div id="onboard-form" role="tabpanel" aria-labelledby={`tab-${mode}`}>
      <form onSubmit={submit} class="card">
        {mode === "create" ? <p>{t("onboard.createText")}</p> : mode === "recover" ? (
          <Field label={t("onboard.phrase")} id="recover-phrase" hint={t("onboard.phraseHint")}>
            <textarea id="recover-phrase" rows={4} autocomplete="off" spellcheck={false} aria-describedby="recover-phrase-hint" value={words}
              onInput={(e) => setWords(e.currentTarget.value)} data-test="recover-phrase" />
          </Field>
        ) : (
          <Field label={t("onboard.keyFile")} id="key-file" hint={t("onboard.keyFileHint")}>
            <input id="key-file" type="file" accept=".key,.json,application/json" aria-describedby="key-file-hint" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} data-test="key-file" />
          </Field>
        )}
        <PassphraseFields prefix="onboard" pass={pass} confirm={confirm} setPass={setPass} setConfirm={setConfirm} />
        <ErrorText error={error} />
        <button type="submit" disabled={busy} data-test="onboard-submit">{busy ? t("common.working") : submitLabel}</button>
      </form>
      </div>
      <p class="note">{t("onboard.keyStays")}</p>
    </main>
  );
}
