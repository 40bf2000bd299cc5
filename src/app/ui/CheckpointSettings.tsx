// Settings: the checkpoint this browser starts verifying from instead of genesis (docs/APP.md 6).
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { pinnedCheckpoint, setPinnedCheckpoint } from "../state/checkpoint-pin.js";
import { Field } from "./common.js";

export function CheckpointSettings() {
  const [value, setValue] = useState(() => pinnedCheckpoint() ?? "");
  const [saved, setSaved] = useState(false);
  const submit = (e: Event): void => {
    e.preventDefault();
    setPinnedCheckpoint(value);
    setSaved(true);
  };
  return (
    <form onSubmit={submit}>
      <p>{t("settings.checkpointText")}</p>
      <Field label={t("settings.checkpoint")} id="checkpoint">
        <input id="checkpoint" class="address" spellcheck={false} autocomplete="off" placeholder="1200:ab12…" value={value} onInput={(e) => { setValue(e.currentTarget.value); setSaved(false); }} data-test="checkpoint" />
      </Field>
      <div class="actions">
        <button type="submit" class="secondary" data-test="checkpoint-save">{t("settings.checkpointSave")}</button>
      </div>
      {saved && <p role="status" class="note">{t("settings.checkpointSaved")}</p>}
    </form>
  );
}
