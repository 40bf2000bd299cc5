// Anchors: drop a file, its SHA-256 is computed here (the file never leaves the browser), then
// see who anchored it first and when, or anchor it; each anchor has a shareable certificate
// page (#/anchors/<hash>) that anyone can open, with or without an identity. An anchored file
// shows its work and licence offers (WorkPanel), or lets its anchorer register it as one.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import type { Session } from "../state/session.js";
import { describeError, reasonText } from "../state/errors.js";
import { lookupAnchor, sha256File, type AnchorLookup } from "../state/anchors.js";
import { trackTx, type TxOutcome } from "../state/tx-tracker.js";
import { CopyButton, ErrorText, Field, ProofBadge, ScreenTitle, Time } from "./common.js";
import { DropZone } from "./DropZone.js";
import { WorkPanel } from "./WorkPanel.js";
import { href, go } from "./route.js";

function AnchorDrop({ onFile }: { onFile: (f: File) => void }) {
  return <DropZone id="anchor-file" dropText={t("anchor.drop")} chooseText={t("anchor.choose")} note={t("anchor.private")} onFile={onFile} />;
}

function AnchorFacts({ a }: { a: NonNullable<AnchorLookup["anchor"]> }) {
  return (
    <dl class="facts" data-test="anchor-facts">
      <dt>{t("anchor.owner")}</dt><dd class="address">{a.owner}</dd>
      <dt>{t("anchor.height")}</dt><dd>{a.height}</dd>
      <dt>{t("anchor.time")}</dt><dd><Time ms={a.time} /></dd>
      {a.tag && <><dt>{t("anchor.tag")}</dt><dd>{a.tag}</dd></>}
      <dt>{t("anchor.tx")}</dt><dd class="hash">{a.txId}</dd>
    </dl>
  );
}

function AnchorForm({ s, file, hash, onDone }: { s: Session; file: File; hash: string; onDone: () => void }) {
  const [tag, setTag] = useState(file.name);
  const [outcome, setOutcome] = useState<TxOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const sent = await s.chat.anchor(s.identity, new Uint8Array(await file.arrayBuffer()), tag, { wait: false });
      const out = await trackTx(s.chat.client, sent.id);
      setOutcome(out);
      if (out.status === "final") onDone();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p>{t("anchor.notYet")}</p>
      <Field label={t("anchor.tag")} id="anchor-tag" hint={t("anchor.tagHint")}>
        <input id="anchor-tag" value={tag} maxLength={256} aria-describedby="anchor-tag-hint" onInput={(e) => setTag(e.currentTarget.value)} />
      </Field>
      <ErrorText error={error} />
      {outcome && outcome.status !== "final" && <ErrorText error={t("msg.failed", { reason: reasonText(outcome.reason ?? outcome.status) })} />}
      <button type="submit" disabled={busy} data-test="anchor-submit">{busy ? t("common.working") : t("anchor.anchorIt", { hash: hash.slice(0, 10) })}</button>
    </form>
  );
}

/** The public certificate of an anchor. */
function Certificate({ hash }: { hash: string }) {
  const [r, setR] = useState<AnchorLookup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [check, setCheck] = useState<boolean | null>(null);
  useEffect(() => {
    lookupAnchor(hash).then(setR, (e: unknown) => setError(describeError(e)));
  }, [hash]);
  return (
    <main class="page" id="main">
      <ScreenTitle>{t("anchor.certificate")}</ScreenTitle>
      <section class="card">
        <p class="hash" data-test="cert-hash">SHA-256 {hash}</p>
        <ErrorText error={error} />
        {r && (r.anchor ? <><p>{t("anchor.certText")}</p><AnchorFacts a={r.anchor} /><ProofBadge proof={r.proof} note={r.note} /></> : <p data-test="cert-none">{t("anchor.none")}</p>)}
        <div class="actions">
          <CopyButton text={location.href} label={t("anchor.copyLink")} />
          <button type="button" class="secondary" onClick={() => print()}>{t("anchor.print")}</button>
        </div>
      </section>
      <section class="card" aria-labelledby="cert-check">
        <h2 id="cert-check">{t("anchor.checkFile")}</h2>
        <AnchorDrop onFile={(f) => void sha256File(f).then((h) => setCheck(h === hash))} />
        {check !== null && <p class={check ? "proof-verified" : "error"} role="status" data-test="cert-check">{check ? t("anchor.matches") : t("anchor.differs")}</p>}
      </section>
    </main>
  );
}

export function Anchors({ s, hash }: { s: Session | null; hash: string | null }) {
  const [file, setFile] = useState<File | null>(null);
  const [fileHash, setFileHash] = useState<string | null>(null);
  const [r, setR] = useState<AnchorLookup | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState("");

  if (hash) return <Certificate hash={hash} />;

  const look = async (h: string): Promise<void> => {
    setError(null);
    setR(null);
    try {
      setR(await lookupAnchor(h));
    } catch (e) {
      setError(describeError(e));
    }
  };
  const onFile = async (f: File): Promise<void> => {
    setFile(f);
    const h = await sha256File(f);
    setFileHash(h);
    await look(h);
  };

  return (
    <main class="page" id="main">
      <ScreenTitle>{t("nav.anchors")}</ScreenTitle>
      <p>{t("anchor.lead")}</p>
      <section class="card" aria-labelledby="anchor-file-h">
        <h2 id="anchor-file-h">{t("anchor.file")}</h2>
        <AnchorDrop onFile={(f) => void onFile(f)} />
        {file && fileHash && <p class="hash" data-test="file-hash">{file.name}: SHA-256 {fileHash}</p>}
        <ErrorText error={error} />
        {r && fileHash && (r.anchor ? (
          <div data-test="anchor-found">
            <p>{t("anchor.already")}</p>
            <AnchorFacts a={r.anchor} />
            <ProofBadge proof={r.proof} note={r.note} />
            <p><a href={href({ page: "anchors", hash: fileHash })} data-test="cert-link">{t("anchor.openCertificate")}</a></p>
            <WorkPanel s={s} hash={fileHash} file={file} anchorOwner={r.anchor.owner} />
          </div>
        ) : s && file ? <AnchorForm s={s} file={file} hash={fileHash} onDone={() => void look(fileHash)} /> : <p>{t("anchor.none")}</p>)}
      </section>
      <form class="card" onSubmit={(e) => { e.preventDefault(); const h = typed.trim().toLowerCase().replace(/^0x/, ""); if (/^[0-9a-f]{64}$/.test(h)) go({ page: "anchors", hash: "0x" + h }); else setError(t("anchor.badHash")); }}>
        <Field label={t("anchor.byHash")} id="anchor-hash">
          <input id="anchor-hash" value={typed} placeholder="0x…" onInput={(e) => setTyped(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="secondary">{t("anchor.lookUp")}</button>
      </form>
    </main>
  );
}
