// The identity's devices (docs/CLI.md "Devices"): which device keys may read its direct messages,
// proven under a header this browser verified when the light client is on. Revoking one stops
// new messages to it from the next block; adding one needs the device's consent (parley device).
import { useEffect, useState } from "preact/hooks";
import { formatAddress } from "../../chain/address.js";
import { listDevices, revokeDevice } from "../../client/devices.js";
import { t } from "../i18n/i18n.js";
import type { Session } from "../state/session.js";
import { provenDevices } from "../state/verifier.js";
import { describeError } from "../state/errors.js";
import { ErrorText } from "./common.js";

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
  return (
    <section class="card" aria-labelledby="set-devices" data-test="devices">
      <h2 id="set-devices">{t("settings.devices")}</h2>
      <p>{t("settings.devicesText")}</p>
      {state === null ? <p>{t("common.working")}</p> : state.rows.length === 0 ? <p data-test="no-devices">{t("settings.noDevices")}</p> : (
        <ul class="devices">
          {state.rows.map((d) => (
            <li key={d.device} data-test="device">
              <strong>{d.label || t("settings.deviceNoLabel")}</strong> <span class="address">{d.device}</span>{" "}
              <span>{t("settings.deviceAdded", { height: d.addedHeight })}{state.verified ? ` · ${t("settings.deviceVerified")}` : ""}</span>{" "}
              <button type="button" class="danger" disabled={busy !== null} onClick={() => void revoke(d.device)}>{t("settings.deviceRevoke")}</button>
            </li>
          ))}
        </ul>
      )}
      <ErrorText error={error} />
    </section>
  );
}
