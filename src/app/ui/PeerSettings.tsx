// The other nodes the app cross-checks with (the serving node's --app-peers), each switchable.
import { t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import { appConfig, disabledPeers, setPeerEnabled } from "../state/config.js";

export function PeerSettings() {
  const cfg = useStore(appConfig);
  const off = useStore(disabledPeers);
  if (cfg.peers.length === 0) return <p class="note">{t("settings.noPeers")}</p>;
  return (
    <fieldset>
      <legend>{t("settings.peers")}</legend>
      {cfg.peers.map((url) => (
        <label key={url} class="check">
          <input type="checkbox" checked={!off.includes(url)} onChange={(e) => setPeerEnabled(url, e.currentTarget.checked)} /> {url}
        </label>
      ))}
    </fieldset>
  );
}
