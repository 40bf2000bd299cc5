// A stored identity whose key is not in memory: the passphrase opens it here, in the browser.
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { unlock } from "../state/session.js";
import { ErrorText, Field, ScreenTitle, useAction } from "./common.js";
import { ForgetDialog } from "./ForgetDialog.js";

export function Unlock({ address }: { address: string }) {
  const [pass, setPass] = useState("");
  const [busy, error, run] = useAction();
  const [forgetting, setForgetting] = useState(false);

  const submit = (e: Event): void => {
    e.preventDefault();
    void run(() => unlock(pass));
  };

  return (
    <main class="onboarding" id="main">
      <ScreenTitle>{t("unlock.title")}</ScreenTitle>
      <p class="lead">{t("unlock.lead")}</p>
      <p class="address" data-test="locked-address">{address}</p>
      <form onSubmit={submit} class="card">
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
