// The identity's devices (docs/APP.md "Devices"): which device keys may read its direct messages
// and be its leaves in groups, proven under a header this browser verified when the light client
// is on; this browser is one of them (app-device.ts). Revoking one stops new messages to it from
// the next block and removes it from every group at the group's next commit; adding one needs the
// device's consent (parley device). A history bundle another device sealed to this browser's
// device (parley device export-history) brings the messages this browser could not open.
import { useEffect, useState } from "preact/hooks";
import { useStore } from "../lib/store.js";
import { openHistoryBundle } from "../state/app-device.js";
import { formatAddress } from "../../chain/address.js";
import { listDevices, revokeDevice } from "../../client/devices.js";
import { ChatError } from "../../client/chat-errors.js";
import { t } from "../i18n/i18n.js";
import type { Session } from "../state/session.js";
import { provenDevices } from "../state/verifier.js";
import { describeError } from "../state/errors.js";
import { CopyButton, ErrorText } from "./common.js";

interface Row {
  device: string;
  label: string;
  addedHeight: number;
}

async function load(s: Session): Promise<{ rows: Row[]; verified: boolean }> {
  const proven = await provenDevices(s.identity.publicKey).catch(() => null);
  if (proven) return { rows: proven.map((d) => ({ device: formatAddress(d.device), label: d.label, addedHeight: d.addedHeight })), verified: true };
  return { rows: await listDevices(s.chat, s.identity.address), verified: false };
}

export function Devices({ s }: { s: Session }) {
  const [state, setState] = useState<{ rows: Row[]; verified: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [imported, setImported] = useState<string | null>(null);
  const mine = useStore(s.groups.deviceAddress);
  const refresh = () => load(s).then(setState, (e: unknown) => setError(describeError(e)));
  useEffect(() => void refresh(), [s]);
  const revoke = async (device: string): Promise<void> => {
    setBusy(device);
    try {
      await revokeDevice(s.chat, s.identity, device);
      await refresh();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };
  const importBundle = async (file: File): Promise<void> => {
    setError(null);
    setImported(null);
    try {
      const { from, messages } = await openHistoryBundle(s.chat, s.identity, s.groups.currentDevice(), await file.text());
      s.conversations.addImported(messages);
      setImported(t("settings.historyImported", { count: messages.length, from }));
    } catch (e) {
      // The SDK says why a bundle is refused (not for this device, altered, another person's).
      setError(e instanceof ChatError && e.type.code === "BAD_INPUT" ? t("settings.historyRefused", { reason: e.type.reason }) : describeError(e));
    }
  };
  return (
    <section class="card" aria-labelledby="set-devices" data-test="devices">
      <h2 id="set-devices">{t("settings.devices")}</h2>
      <p>{t("settings.devicesText")}</p>
      {state === null ? <p>{t("common.working")}</p> : state.rows.length === 0 ? <p data-test="no-devices">{t("settings.noDevices")}</p> : (
        <ul class="devices">
          {state.rows.map((d) => (
            <li key={d.device} data-test="device" data-address={d.device}>
              <strong>{d.label || t("settings.deviceNoLabel")}</strong> <span class="address">{d.device}</span>{" "}
              <span>{t("settings.deviceAdded", { height: d.addedHeight })}{state.verified ? ` · ${t("settings.deviceVerified")}` : ""}</span>{" "}
              {d.device === mine
                ? <strong data-test="device-this">{t("settings.deviceThis")}</strong>
                : <button type="button" class="danger" disabled={busy !== null} onClick={() => void revoke(d.device)} data-test="device-revoke">{t("settings.deviceRevoke")}</button>}
            </li>
          ))}
        </ul>
      )}
      <p class="small">{t("settings.deviceMine")} <span class="address" data-test="device-mine">{mine}</span> <CopyButton text={mine} label={t("settings.deviceCopy")} /></p>
      <p class="note">{t("settings.historyText")}</p>
      <label for="history-file" class="button secondary">{t("settings.historyImport")}</label>
      <input id="history-file" type="file" accept=".json,application/json" class="sr-only" data-test="history-file" onChange={(e) => {
        const f = e.currentTarget.files?.[0];
        e.currentTarget.value = "";
        if (f) void importBundle(f);
      }} />
      {imported && <p role="status" data-test="history-imported">{imported}</p>}
      <ErrorText error={error} />
    </section>
  );
}
