// A file in a message: the sender's thumbnail shown inline for images, name and size, and a
// Download button that fetches the blob from this node (which fetches it from a peer if it
// must), checks its hash, decrypts it here and hands it to the browser to save.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Progress } from "../../client/blobs.js";
import type { Attachment } from "../../messaging/crypto/index.js";
import { t } from "../i18n/i18n.js";
import { describeError } from "../state/errors.js";
import { saveBlob } from "../state/files.js";

function sizeText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

function pct(p: Progress): number {
  return p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total);
}

export function AttachmentView({ a, download }: { a: Attachment; download: (a: Attachment, onProgress: (p: Progress) => void) => Promise<Blob> }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const thumbUrl = useMemo(() => (a.thumbnail ? URL.createObjectURL(new Blob([a.thumbnail as BlobPart], { type: "image/jpeg" })) : null), [a.thumbnail]);
  useEffect(() => () => {
    if (thumbUrl) URL.revokeObjectURL(thumbUrl);
  }, [thumbUrl]);

  const start = (): void => {
    setError(null);
    setProgress({ done: 0, total: a.size });
    download(a, setProgress).then((blob) => {
      setProgress(null);
      saveBlob(blob, a.fileName);
    }, (e: unknown) => {
      setProgress(null);
      setError(t("file.downloadFailed", { reason: describeError(e) }));
    });
  };

  return (
    <div class="attachment" data-test="attachment" data-name={a.fileName}>
      {thumbUrl && <img src={thumbUrl} alt={a.fileName} class="thumb" data-test="attachment-thumb" />}
      <p>
        <span class="file-name">{a.fileName}</span> <span class="note">{sizeText(a.size)}</span>{" "}
        <button type="button" class="secondary" onClick={start} disabled={progress !== null} data-test="attachment-download">{t("file.download")}</button>
      </p>
      {progress && (
        <p>
          <progress max={100} value={pct(progress)} data-test="download-progress" /> <span class="note">{t("file.downloading", { pct: pct(progress) })}</span>
        </p>
      )}
      {error && <p class="error" role="alert" data-test="attachment-error">{error}</p>}
    </div>
  );
}

export function UploadProgress({ name, fraction }: { name: string; fraction: number }) {
  const p = Math.floor(fraction * 100);
  return (
    <p class="upload" data-test="upload-progress">
      <progress max={100} value={p} /> <span class="note">{t("file.uploading", { name, pct: p })}</span>
    </p>
  );
}

/**
 * "Attach a file" beside a post box: picks one file and hands it to `post` inside `run` (the
 * form's busy and error state), showing the upload's progress until it ends either way.
 */
export function AttachFile({ inputId, testId, run, post }: {
  inputId: string;
  testId: string;
  run: (fn: () => Promise<void>) => Promise<void>;
  post: (file: File, onProgress: (p: Progress) => void) => Promise<void>;
}) {
  const [upload, setUpload] = useState<{ name: string; fraction: number } | null>(null);
  return (
    <>
      {" "}<label for={inputId} class="button secondary">{t("file.attach")}</label>
      <input id={inputId} type="file" class="sr-only" data-test={testId} onChange={(e) => {
        const f = e.currentTarget.files?.[0];
        e.currentTarget.value = "";
        if (f) void run(() => post(f, (p) => setUpload({ name: f.name, fraction: p.total === 0 ? 1 : p.done / p.total }))).finally(() => setUpload(null));
      }} />
      {upload && <UploadProgress name={upload.name} fraction={upload.fraction} />}
    </>
  );
}
