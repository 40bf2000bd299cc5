// A place to drop a file or choose one (anchors, contact QR codes); the file stays in the browser.
import { useState } from "preact/hooks";

export function DropZone(props: { id: string; dropText: string; chooseText: string; note: string; accept?: string; onFile: (f: File) => void }) {
  const [over, setOver] = useState(false);
  return (
    <div class={`drop${over ? " over" : ""}`} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); const f = e.dataTransfer?.files[0]; if (f) props.onFile(f); }}>
      <p>{props.dropText}</p>
      <label for={props.id} class="button secondary">{props.chooseText}</label>
      <input id={props.id} type="file" class="sr-only" accept={props.accept}
        onChange={(e) => { const f = e.currentTarget.files?.[0]; e.currentTarget.value = ""; if (f) props.onFile(f); }} data-test={props.id} />
      <p class="note">{props.note}</p>
    </div>
  );
}
