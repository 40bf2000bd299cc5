// Wallet: the balance (with what the app could verify about it), every asset held, sending
// tokens or an asset, and the account's history.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import type { Session } from "../state/session.js";
import { nameReasonText } from "./NamePanel.js";
import { parseAmountInput } from "../state/payment-request.js";
import { describeError, reasonText } from "../state/errors.js";
import type { Payment } from "../state/wallet.js";
import { Amount, ErrorText, Field, ProofBadge, ScreenTitle, shortAddress, useShownError } from "./common.js";
import { AssetAmount, assetLabel, issuerText } from "./AssetName.js";
import { displayName } from "./Chats.js";
import { formatDecimalAmount, parseDecimalAmount } from "../../util/amount.js";

function PaymentStatus({ p }: { p: Payment }) {
  if (p.error) return <span class="status failed" data-status="rejected">{t("msg.rejected", { reason: p.error })}</span>;
  if (!p.outcome) return <span class="status pending" data-status="pending">{t("msg.pending")}</span>;
  const o = p.outcome;
  if (o.status === "final") return <span class="status final" data-status="final">{t("msg.finalAt", { height: o.height ?? "" })}</span>;
  if (o.status === "failed") return <span class="status failed" data-status="failed">{t("msg.failed", { reason: reasonText(o.reason ?? "") })}</span>;
  if (o.status === "rejected") return <span class="status failed" data-status="rejected">{t("msg.rejected", { reason: reasonText(o.reason ?? "") })}</span>;
  return <span class="status pending" data-status="pending">{t("msg.pending")}</span>;
}

/** Every asset held: symbol, the issuer (symbols are not unique: AssetName.tsx), decimal balance. */
function Assets({ s }: { s: Session }) {
  const assets = useStore(s.wallet.assets);
  useStore(s.names.version);
  if (assets.length === 0) return null;
  return (
    <section class="card" aria-labelledby="wallet-assets">
      <h2 id="wallet-assets">{t("wallet.assets")}</h2>
      <ul class="plain" data-test="assets">
        {assets.map((a) => (
          <li key={a.assetId} data-test="asset-row" title={a.assetId}>
            <strong>{formatDecimalAmount(a.balance, { decimals: a.decimals })} {a.symbol}</strong>{" "}
            <span class="small">{t("wallet.assetIssuer", { issuer: issuerText(a.issuer, (x) => s.names.nameOf(x)) })}</span>
            {a.frozen && <span class="status failed"> {t("wallet.assetFrozen")}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SendForm({ s }: { s: Session }) {
  const contacts = useStore(s.contacts.list);
  const assets = useStore(s.wallet.assets);
  useStore(s.names.version);
  const [asset, setAsset] = useState("");
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("");
  const [memo, setMemo] = useState("");
  const [error, setError] = useShownError();
  const chosen = assets.find((a) => a.assetId === asset);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    // "To" takes an address or "@name" (resolved now; the tx carries the address).
    const r = await s.names.resolve(to);
    if (!r.ok) return setError(() => nameReasonText(r.reason));
    let n: bigint | null;
    if (chosen) {
      // An asset's amount is decimal in its own unit (src/util/amount.ts: bigints, never floats).
      try {
        n = parseDecimalAmount(amount, { decimals: chosen.decimals, symbol: chosen.symbol });
      } catch {
        n = null;
      }
    } else n = parseAmountInput(amount);
    if (n === null || n === 0n) return setError(() => t("pay.badAmount"));
    setError(null);
    setAmount("");
    setMemo("");
    void s.wallet.send(r.address, n, memo, chosen ? chosen.assetId : null);
  };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="wallet-send">
      <h2 id="wallet-send">{t("wallet.send")}</h2>
      <Field label={t("wallet.to")} id="send-to" hint={t("wallet.toHint")}>
        <input id="send-to" list="send-contacts" required value={to} placeholder={t("names.addressPlaceholder")} aria-describedby="send-to-hint" onInput={(e) => setTo(e.currentTarget.value)} data-test="send-to" />
      </Field>
      <datalist id="send-contacts">{contacts.map((c) => <option key={c.address} value={c.address}>{c.name}</option>)}</datalist>
      {assets.length > 0 && (
        <Field label={t("wallet.asset")} id="send-asset">
          <select id="send-asset" value={asset} onChange={(e) => setAsset(e.currentTarget.value)} data-test="send-asset">
            <option value="">{t("wallet.assetNative")}</option>
            {assets.map((a) => <option key={a.assetId} value={a.assetId} title={a.assetId}>{assetLabel(a, (x) => s.names.nameOf(x))}</option>)}
          </select>
        </Field>
      )}
      <Field label={t("pay.amount")} id="send-amount" hint={chosen ? t("rp.amountIn", { symbol: chosen.symbol, decimals: chosen.decimals }) : t("pay.amountHint")}>
        <input id="send-amount" inputMode="numeric" required value={amount} aria-describedby="send-amount-hint" onInput={(e) => setAmount(e.currentTarget.value)} data-test="send-amount" />
      </Field>
      <Field label={t("wallet.memo")} id="send-memo" hint={t("wallet.memoHint")}>
        <input id="send-memo" value={memo} aria-describedby="send-memo-hint" onInput={(e) => setMemo(e.currentTarget.value)} />
      </Field>
      <ErrorText error={error} />
      <button type="submit" data-test="send-submit">{t("wallet.sendButton")}</button>
    </form>
  );
}

function History({ s }: { s: Session }) {
  const history = useStore(s.wallet.history);
  useStore(s.names.version);
  useStore(s.assets.version);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    s.wallet.loadHistory().catch((e: unknown) => setError(describeError(e)));
  }, [s]);
  return (
    <section class="card" aria-labelledby="wallet-history">
      <h2 id="wallet-history">{t("wallet.history")}</h2>
      <ErrorText error={error} />
      {history.length === 0 ? <p class="empty">{t("wallet.noHistory")}</p> : (
        <table data-test="history">
          <thead>
            <tr><th scope="col">{t("wallet.height")}</th><th scope="col">{t("wallet.what")}</th><th scope="col">{t("wallet.party")}</th><th scope="col" class="num">{t("pay.amount")}</th><th scope="col" class="num">{t("wallet.fee")}</th></tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id} data-test="history-row">
                <td>{h.height}</td>
                <td>{t(h.direction === "in" ? "wallet.in" : h.direction === "out" ? "wallet.out" : "wallet.self")} · {h.kind}</td>
                <td title={h.peer ?? ""}>{h.peer ? displayName(s, h.peer) : "—"}</td>
                <td class="num">{h.amount === null ? "—" : h.asset ? <AssetAmount value={h.amount} id={h.asset} asset={s.assets.of(h.asset)} nameOf={(x) => s.names.nameOf(x)} /> : <Amount value={h.amount} />}</td>
                <td class="num">{h.direction === "in" ? "—" : <Amount value={h.fee} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.wallet.hasOlderHistory() && <button type="button" class="secondary small" onClick={() => void s.wallet.loadHistory(true)}>{t("wallet.older")}</button>}
    </section>
  );
}

/** Payments sent from this browser, each with where it stands; one in an asset names its issuer. */
function Sent({ s }: { s: Session }) {
  const payments = useStore(s.wallet.payments);
  useStore(s.wallet.assets);
  useStore(s.assets.version);
  useStore(s.names.version);
  if (payments.length === 0) return null;
  return (
    <section class="card" aria-labelledby="wallet-sent">
      <h2 id="wallet-sent">{t("wallet.sent")}</h2>
      <ul class="plain">
        {payments.map((p, i) => (
          <li key={p.id ?? `p${i}`} data-test="payment-row">{p.asset ? <AssetAmount value={p.amount} id={p.asset} asset={s.assets.of(p.asset)} nameOf={(x) => s.names.nameOf(x)} /> : <Amount value={p.amount} />} → {displayName(s, p.to) || shortAddress(p.to)} · <PaymentStatus p={p} /></li>
        ))}
      </ul>
    </section>
  );
}

export function Wallet({ s }: { s: Session }) {
  const balance = useStore(s.wallet.balance);
  const error = useStore(s.wallet.error);
  return (
    <main class="page" id="main">
      <ScreenTitle>{t("nav.wallet")}</ScreenTitle>
      <section class="card" aria-labelledby="wallet-balance">
        <h2 id="wallet-balance">{t("wallet.balance")}</h2>
        {balance ? (
          <p class="big" data-test="balance" data-proof={balance.proof}>
            <Amount value={balance.balance} /> <span class="small">{t("wallet.atHeight", { height: balance.height })}</span> <ProofBadge proof={balance.proof} note={balance.proofNote} />
          </p>
        ) : <p class="empty">{t("common.working")}</p>}
        {balance?.proofNote && <p class="note" data-test="balance-note">{balance.proofNote}</p>}
        <ErrorText error={error} />
      </section>
      <Assets s={s} />
      <SendForm s={s} />
      <Sent s={s} />
      <History s={s} />
    </main>
  );
}
