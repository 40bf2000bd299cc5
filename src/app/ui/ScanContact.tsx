// Adding a contact from their QR code: with the camera (where the browser has one and the user
// allows it) or from an image file (a photo or screenshot, chosen or dropped). The code must be
// a Parley contact code (state/contact-uri.ts); anything else is refused and said so.
import { useEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { cameraAvailable, decodeImageFile, QrScanError, scanCamera } from "../lib/qr-scan.js";
import { parseContactUri } from "../state/contact-uri.js";
import type { Contacts } from "../state/contacts.js";
import { describeError } from "../state/errors.js";
import { Dialog, ErrorText } from "./common.js";
import { DropZone } from "./DropZone.js";

function scanErrorText(e: unknown): string {
  if (!(e instanceof QrScanError)) return describeError(e);
  if (e.code === "NOT_AN_IMAGE") return t("scan.notImage");
  if (e.code === "NO_CAMERA") return t("scan.noCamera");
  return t("scan.noCode");
}

function CameraDialog({ open, onText, onError, onClose }: { open: boolean; onText: (s: string) => void; onError: (e: unknown) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!open || !video.current) return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    scanCamera(video.current, onText).then((s) => (cancelled ? s() : (stop = s)), (e: unknown) => {
      onError(e);
      onClose();
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [open]);
  return (
    <Dialog open={open} title={t("scan.cameraTitle")} onClose={onClose} testId="scan-camera-dialog">
      <video ref={video} class="scan-video" muted playsInline aria-label={t("scan.cameraLabel")} data-test="scan-video" />
      <p class="note">{t("scan.cameraHint")}</p>
      <div class="actions"><button type="button" class="secondary" onClick={onClose}>{t("common.cancel")}</button></div>
    </Dialog>
  );
}

export function ScanContact({ contacts }: { contacts: Contacts }) {
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);

  const accept = (text: string): void => {
    setCamera(false);
    const card = parseContactUri(text);
    if (!card) {
      setAdded(null);
      return setError(t("scan.notParley"));
    }
    const c = contacts.put(card.address, card.name || (contacts.nameOf(card.address) ?? ""));
    setError(null);
    setAdded(t("scan.added", { name: c.name }));
  };
  const fail = (e: unknown): void => {
    setAdded(null);
    setError(scanErrorText(e));
  };

  return (
    <section class="card" aria-labelledby="scan-contact">
      <h2 id="scan-contact">{t("scan.title")}</h2>
      {cameraAvailable() && <button type="button" class="secondary scan-camera" onClick={() => { setError(null); setCamera(true); }} data-test="scan-camera">{t("scan.camera")}</button>}
      <DropZone id="scan-file" accept="image/*" dropText={t("scan.drop")} chooseText={t("scan.choose")} note={t("scan.private")}
        onFile={(f) => void decodeImageFile(f).then(accept, fail)} />
      <div data-test="scan-error"><ErrorText error={error} /></div>
      {added && <p class="ok" role="status" data-test="scan-added">{added}</p>}
      <CameraDialog open={camera} onText={accept} onError={fail} onClose={() => setCamera(false)} />
    </section>
  );
}
