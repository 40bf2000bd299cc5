// Works on the Anchors screen (docs/WORKS.md): for an anchored file, its work (creators with
// shares, offers, licences sold, which of them you hold) and a button per offer to buy a
// licence; for a file you anchored that is no work yet, a form to register it with co-creators
// and one offer. The chain splits each sale among the payees; the app only builds the txs.
import { useEffect, useState } from "preact/hooks";
import { parseAddress } from "../../chain/address.js";
import { toWorkId, type LicencePage, type WorkInfo } from "../../client/works.js";
import { fromHex } from "../../util/bytes.js";
import { t } from "../i18n/i18n.js";
import type { Session } from "../state/session.js";
import { describeError, reasonText } from "../state/errors.js";
import { trackTx } from "../state/tx-tracker.js";
import { Amount, ErrorText, Field } from "./common.js";
import { AssetAmount } from "./AssetName.js";
import { useStore } from "../lib/store.js";
import { parseAmountInput } from "../state/payment-request.js";

interface Loaded {
  work: WorkInfo | null;
  licences: LicencePage | null;
}

/** "ADDRESS BPS" per line -> shares; null when a line does not read. */
function parseShares(text: string): Array<{ address: Uint8Array; bps: number }> | null {
  const out: Array<{ address: Uint8Array; bps: number }> = [];
  for (const line of text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0)) {
    const [addr, bps, ...rest] = line.split(/\s+/);
    const address = addr ? parseAddress(addr) : null;
    if (!address || !bps || !/^\d{1,5}$/.test(bps) || rest.length > 0) return null;
    out.push({ address, bps: Number(bps) });
  }
  return out.length > 0 ? out : null;
}

function RegisterForm({ s, file, onDone }: { s: Session; file: File; onDone: () => void }) {
  const [creators, setCreators] = useState(`${s.identity.address} 10000`);
  const [price, setPrice] = useState("1");
  const [use, setUse] = useState("personal");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const shares = parseShares(creators);
    if (!shares) return setError(t("work.badCreators"));
    const base = parseAmountInput(price);
    if (base === null) return setError(t("work.badPrice"));
    setBusy(true);
    setError(null);
    try {
      const offers = [{ asset: null, price: base, use, term: { clock: "perpetual" as const } }];
      const sent = await s.chat.registerWork(s.identity, new Uint8Array(await file.arrayBuffer()), shares, { offers, wait: false });
      const out = await trackTx(s.chat.client, sent.id);
      if (out.status === "final") onDone();
      else setError(t("msg.failed", { reason: reasonText(out.reason ?? out.status) }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} data-test="work-register">
      <p>{t("work.notYet")}</p>
      <Field label={t("work.creators")} id="work-creators" hint={t("work.creatorsHint")}>
        <textarea id="work-creators" rows={3} value={creators} aria-describedby="work-creators-hint" onInput={(e) => setCreators(e.currentTarget.value)} />
      </Field>
      <Field label={t("work.price")} id="work-price">
        <input id="work-price" value={price} inputMode="decimal" onInput={(e) => setPrice(e.currentTarget.value)} />
      </Field>
      <Field label={t("work.use")} id="work-use">
        <input id="work-use" value={use} maxLength={64} onInput={(e) => setUse(e.currentTarget.value)} />
      </Field>
      <ErrorText error={error} />
      <button type="submit" disabled={busy}>{busy ? t("common.working") : t("work.register")}</button>
    </form>
  );
}

/** An offer's price: in the native token, or in its asset with the asset's symbol and issuer (AssetName.tsx). */
function OfferPrice({ s, o }: { s: Session; o: WorkInfo["offers"][number] }) {
  useStore(s.assets.version);
  useStore(s.names.version);
  if (o.asset === null) return <Amount value={BigInt(o.price)} />;
  return <AssetAmount value={BigInt(o.price)} id={o.asset} asset={s.assets.of(o.asset)} nameOf={(x) => s.names.nameOf(x)} />;
}

export function WorkPanel({ s, hash, file, anchorOwner }: { s: Session | null; hash: string; file: File | null; anchorOwner: string }) {
  const [r, setR] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const load = async (): Promise<void> => {
    if (!s) return;
    try {
      const work = await s.chat.work(hash);
      setR({ work, licences: work ? await s.chat.workLicences(hash, 0, 200) : null });
    } catch (e) {
      setError(describeError(e));
    }
  };
  useEffect(() => void load(), [hash, s]);
  if (!s || !r) return <ErrorText error={error} />;
  const w = r.work;
  if (!w) return anchorOwner === s.identity.address && file ? <RegisterForm s={s} file={file} onDone={() => void load()} /> : null;

  const buy = async (o: WorkInfo["offers"][number]): Promise<void> => {
    setBusy(o.index);
    setError(null);
    try {
      // The tx states the offer's asset and price exactly: the chain refuses it if the offer changed.
      const asset = o.asset === null ? null : (fromHex(o.asset) ?? null);
      const sent = await s.chat.workOp(s.identity, { op: "license", workId: toWorkId(hash), offer: o.index, asset, price: BigInt(o.price) }, { wait: false });
      const out = await trackTx(s.chat.client, sent.id);
      if (out.status !== "final") setError(t("msg.failed", { reason: reasonText(out.reason ?? out.status) }));
      await load();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  };
  const mine = (r.licences?.licences ?? []).filter((l) => l.holder === s.identity.address);
  return (
    <div data-test="work">
      <h3>{t("work.title")}</h3>
      <dl class="facts">
        <dt>{t("work.owner")}</dt><dd class="address">{w.owner}</dd>
        <dt>{t("work.creators")}</dt><dd>{w.creators.map((c) => <div class="address" key={c.address}>{c.address} · {c.bps / 100}%</div>)}</dd>
        <dt>{t("work.sold")}</dt><dd data-test="work-sold">{w.licenceCount}</dd>
        {mine.length > 0 && <><dt>{t("work.held")}</dt><dd data-test="work-held">{mine.map((l) => `#${l.serial} ${l.use}${l.valid ? "" : ` (${t("work.expired")})`}`).join(", ")}</dd></>}
      </dl>
      <ul class="offers">
        {w.offers.filter((o) => !o.withdrawn).map((o) => (
          <li key={o.index}>
            {o.use} · <OfferPrice s={s} o={o} /> · {o.term.clock === "perpetual" ? t("work.perpetual") : `${o.term.length} ${o.term.clock}`}{" "}
            <button type="button" disabled={busy !== null} data-test={`work-buy-${o.index}`} onClick={() => void buy(o)}>{busy === o.index ? t("common.working") : t("work.buy")}</button>
          </li>
        ))}
      </ul>
      <ErrorText error={error} />
    </div>
  );
}
