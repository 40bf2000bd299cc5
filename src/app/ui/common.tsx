// Small pieces every screen uses: headings that take focus when a screen opens (so keyboard
// and screen-reader users land on it), labelled fields, dialogs, amounts, times and the marks
// that say what the app could verify.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { formatAmount, formatTime, nativeUnit, t, type TokenUnit } from "../i18n/i18n.js";
import type { ProofMark } from "../state/conversations.js";
import { describeError } from "../state/errors.js";
import { useStore } from "../lib/store.js";


export function shortAddress(a: string): string {
  return a.length > 20 ? `${a.slice(0, 12)}…${a.slice(-6)}` : a;
}

/** The screen's title; it receives focus when the screen opens. */
export function ScreenTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return <h1 ref={ref} tabIndex={-1} class="screen-title">{children}</h1>;
}

export function Field(props: { label: string; id: string; hint?: string; error?: string | null; children: JSX.Element }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && <p class="hint" id={`${props.id}-hint`}>{props.hint}</p>}
      {props.error && <p class="error" role="alert">{props.error}</p>}
    </div>
  );
}

/** An amount in base units, shown in whole tokens of `unit` (the native token unless given: an action or payment in an asset passes its own). */
export function Amount({ value, unit }: { value: bigint; unit?: TokenUnit }) {
  const native = useStore(nativeUnit);
  const u = unit ?? native;
  return <span class="amount">{formatAmount(value, u)} {unit ? u.symbol : <abbr title={t("asset.native")}>{u.symbol}</abbr>}</span>;
}

export function Time({ ms }: { ms: number }) {
  return <time dateTime={new Date(ms).toISOString()}>{formatTime(ms)}</time>;
}

export function ProofBadge({ proof, note }: { proof: ProofMark; note?: string | null }) {
  const label = proof === "verified" ? t("proof.verified") : proof === "refused" ? t("proof.refused") : t("proof.unverified");
  return <span class={`proof proof-${proof}`} data-proof={proof} title={note ?? label}>{proof === "verified" ? "✓ " : proof === "refused" ? "⚠ " : ""}{label}</span>;
}

export function ErrorText({ error }: { error: string | null }) {
  return error ? <p class="error" role="alert">{error}</p> : null;
}

/** A modal <dialog>: the browser traps focus inside it and Escape closes it. */
export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: ComponentChildren; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} aria-labelledby="dialog-title" onClose={props.onClose} data-test={props.testId}>
      <h2 id="dialog-title">{props.title}</h2>
      {props.open && props.children}
    </dialog>
  );
}

/** Copies text; the button says so for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  const copy = async (): Promise<void> => {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    if (ref.current) {
      ref.current.textContent = t("common.copied");
      setTimeout(() => ref.current && (ref.current.textContent = label), 1500);
    }
  };
  return <button type="button" class="secondary small" ref={ref} onClick={() => void copy()}>{label}</button>;
}

/** Saves text as a file the user downloads (key files, certificates). */
export function download(name: string, text: string, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * An error to show, kept as a thunk and put into words when drawn, so that a message already on
 * screen follows a change of language (a string made when the error happened would stay in the
 * old one). [the message in today's language or null, set (null clears)].
 */
export function useShownError(): [string | null, (message: (() => string) | null) => void] {
  const [error, setError] = useState<(() => string) | null>(null);
  // A function given to a state setter is an updater: wrap the message so it is stored as is.
  const set = (message: (() => string) | null): void => setError(() => message);
  return [error?.() ?? null, set];
}

/** A form's action: busy while it runs, its failure as one sentence; setError for checks before it runs (a thunk: useShownError). */
export function useAction(): [boolean, string | null, (fn: () => Promise<void>) => Promise<void>, (e: (() => string) | null) => void] {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useShownError();
  const run = async (fn: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(() => describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return [busy, error, run, setError];
}
