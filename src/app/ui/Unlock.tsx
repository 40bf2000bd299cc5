// A stored identity whose key is not in memory: the passphrase opens it here, in the browser.
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { unlock } from "../state/session.js";
import { describeError } from "../state/errors.js";
import { ErrorText, Field, ScreenTitle } from "./common.js";
import { ForgetDialog } from "./ForgetDialog.js";

export function Unlock({ address }: { address: string }) {
  const [pass, setPass] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [forgetting, setForgetting] = useState(false);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unlock(pass);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <main class="onboarding" id="main">
      <ScreenTitle>{t("unlock.title")}</ScreenTitle>
      <p class="lead">{t("unlock.lead")}</p>
      <p class="address" data-test="locked-address">{address}</p>
      <form onSubmit={(e) => void submit(e)} class="card">
        <Field label={t("onboard.passphrase")} id="unlock-pass">
          <input id="unlock-pass" type="password" autocomplete="current-password" required value={pass} onInput={(e) => setPass(e.currentTarget.value)} />
        </Field>
        <ErrorText error={error} />
        <button type="submit" disabled={busy} data-test="unlock-submit">{busy ? t("common.working") : t("unlock.button")}</button>
      </form>
      <button type="button" class="link" onClick={() => setForgetting(true)}>{t("unlock.other")}</button>
      <ForgetDialog open={forgetting} onClose={() => setForgetting(false)} />
    </main>
  );
}
