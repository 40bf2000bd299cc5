// Writing to a conversation: text (Enter sends, Shift+Enter is a new line), paying in the same
// tx as a message, asking the other side for a payment, a red packet in the native token or an
// asset held (RedPacketDialog.tsx), and files (dropped on the composer or chosen; what is typed
// goes with the file as its caption).
import { useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import type { Conversations } from "../state/conversations.js";
import type { ChatActions } from "../state/actions.js";
import type { Wallet } from "../state/wallet.js";
import { RedPacketDialog } from "./RedPacketDialog.js";
import type { ChainNameOf } from "./AssetName.js";
import { formatRequest, parseAmountInput } from "../state/payment-request.js";
import { Dialog, ErrorText, Field, useShownError } from "./common.js";

function AmountDialog(props: { open: boolean; title: string; noteLabel?: string; submitLabel: string; testId: string; onClose: () => void; onSubmit: (amount: bigint, note: string) => void }) {
  const [amount, setAmount] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useShownError();
  const submit = (e: Event): void => {
    e.preventDefault();
    const n = parseAmountInput(amount);
    if (n === null) return setError(() => t("pay.badAmount"));
    props.onSubmit(n, note);
    setAmount("");
    setNote("");
    setError(null);
    props.onClose();
  };
  return (
    <Dialog open={props.open} title={props.title} onClose={props.onClose} testId={props.testId}>
      <form onSubmit={submit}>
        <Field label={t("pay.amount")} id={`${props.testId}-amount`} hint={t("pay.amountHint")}>
          <input id={`${props.testId}-amount`} inputMode="decimal" required value={amount} aria-describedby={`${props.testId}-amount-hint`} onInput={(e) => setAmount(e.currentTarget.value)} />
        </Field>
        {props.noteLabel && (
          <Field label={props.noteLabel} id={`${props.testId}-note`}>
            <input id={`${props.testId}-note`} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </Field>
        )}
        <ErrorText error={error} />
        <div class="actions">
          <button type="submit" data-test={`${props.testId}-submit`}>{props.submitLabel}</button>
          <button type="button" class="secondary" onClick={props.onClose}>{t("common.cancel")}</button>
        </div>
      </form>
    </Dialog>
  );
}

export function Composer({ conv, peer, actions, wallet, me, nameOf }: { conv: Conversations; peer: string; actions: ChatActions; wallet: Wallet; me: string; nameOf?: ChainNameOf }) {
  const [text, setText] = useState("");
  const [dialog, setDialog] = useState<"pay" | "request" | "redPacket" | null>(null);

  const [over, setOver] = useState(false);
  const send = (): void => {
    const body = text.trim();
    if (!body) return;
    setText("");
    void conv.send(peer, body);
  };
  // A dropped or chosen file goes with what is typed as its caption.
  const sendFile = (f: File): void => {
    const caption = text.trim();
    setText("");
    void conv.sendFile(peer, f, caption);
  };

  return (
    <div class={`composer${over ? " over" : ""}`} data-test="composer-drop"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); const f = e.dataTransfer?.files[0]; if (f) sendFile(f); }}>
      <form onSubmit={(e) => { e.preventDefault(); send(); }}>
        <label for="composer-text" class="sr-only">{t("chat.messageLabel")}</label>
        <textarea id="composer-text" rows={2} value={text} placeholder={t("chat.placeholder")} data-test="composer"
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              send();
            }
          }} />
        <div class="composer-actions">
          <button type="submit" data-test="send">{t("chat.send")}</button>
          <button type="button" class="secondary" onClick={() => setDialog("pay")} data-test="open-pay">{t("pay.pay")}</button>
          <button type="button" class="secondary" onClick={() => setDialog("request")} data-test="open-request">{t("pay.request")}</button>
          <button type="button" class="secondary" onClick={() => setDialog("redPacket")} data-test="open-red-packet">{t("rp.send")}</button>
          <label for="composer-file" class="button secondary" title={t("file.drop")}>{t("file.attach")}</label>
          <input id="composer-file" type="file" class="sr-only" data-test="composer-file"
            onChange={(e) => { const f = e.currentTarget.files?.[0]; e.currentTarget.value = ""; if (f) sendFile(f); }} />
        </div>
      </form>
      <AmountDialog open={dialog === "pay"} title={t("pay.payTitle")} noteLabel={t("pay.message")} submitLabel={t("pay.payNow")} testId="pay"
        onClose={() => setDialog(null)} onSubmit={(amount, note) => void conv.send(peer, note, amount)} />
      <AmountDialog open={dialog === "request"} title={t("pay.requestTitle")} noteLabel={t("pay.note")} submitLabel={t("pay.sendRequest")} testId="request"
        onClose={() => setDialog(null)} onSubmit={(amount, note) => void conv.send(peer, formatRequest({ amount, note }))} />
      <RedPacketDialog open={dialog === "redPacket"} me={me} assets={wallet.assets} nameOf={nameOf} assetFacts={(id) => wallet.assetFacts(id)} onClose={() => setDialog(null)}
        onSubmit={(amount, asset) => void conv.sendOffer(peer, "redPacket", amount, () => actions.sendRedPacket(peer, amount, asset), asset)} />
    </div>
  );
}
