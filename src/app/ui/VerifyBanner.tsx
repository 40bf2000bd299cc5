// What the app's own verification found, where every screen shows it: each node caught
// serving data that failed verification (which rule, what), and when verification is off.
import { t, type MessageKey } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import { verifyState } from "../state/verify-state.js";
import { en } from "../i18n/en.js";

function ruleText(reason: string): string {
  const key = `verify.rule.${reason}`;
  return Object.hasOwn(en, key) ? t(key as MessageKey) : reason;
}

export function VerifyBanner() {
  const v = useStore(verifyState);
  return (
    <div aria-live="assertive">
      {v.off && <div class="banner" role="status" data-test="verify-off"><p>{v.off}</p></div>}
      {v.refusedStored && <div class="banner" role="status" data-test="verify-stored-refused"><p>{t("verify.storedRefused", { detail: v.refusedStored })}</p></div>}
      {v.reports.map((r) => (
        <section key={r.url} class="banner bad" data-test="verify-report" data-reason={r.reason} data-node={r.url} aria-labelledby={`report-${r.at}`}>
          <h2 id={`report-${r.at}`}>{t("verify.caught")}</h2>
          <p>{t("verify.caughtText", { url: r.url, rule: ruleText(r.reason) })}</p>
          <p class="small">{r.detail}</p>
        </section>
      ))}
    </div>
  );
}
