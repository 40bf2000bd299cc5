// Deleting the stored identity from this browser, after saying what that means.
import { t } from "../i18n/i18n.js";
import { forgetIdentity } from "../state/session.js";
import { Dialog } from "./common.js";

export function ForgetDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title={t("settings.forgetTitle")} onClose={onClose}>
      <p>{t("settings.forgetText")}</p>
      <div class="actions">
        <button type="button" class="danger" onClick={() => forgetIdentity()}>{t("settings.forgetButton")}</button>
        <button type="button" class="secondary" onClick={onClose}>{t("common.cancel")}</button>
      </div>
    </Dialog>
  );
}
