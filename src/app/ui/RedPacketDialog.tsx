// Sending a red packet from a chat, in the native token or in any asset the wallet holds. Each
// asset is offered by its symbol and its issuer (symbols are not unique); the amount is typed
// in that asset's decimals (state/amount-input.ts, bigints only). Before
// anything is signed, what the chain would refuse is said here: too many decimals, more than
// held, a frozen holding, points that only their admin may lock (client/lock-check.ts).
import { useState } from "preact/hooks";
import { nativeUnit, t, type TokenUnit } from "../i18n/i18n.js";
import { useStore, type Store } from "../lib/store.js";
import type { AssetHolding } from "../state/wallet.js";
import { readAmountInput } from "../state/amount-input.js";
import { RED_PACKET_BLOCKS } from "../state/actions.js";
import { assetLockRefusal } from "../../client/lock-check.js";
import { formatDecimalAmount } from "../../util/amount.js";
import { Dialog, ErrorText, Field, useShownError } from "./common.js";
import { assetLabel, type ChainNameOf } from "./AssetName.js";

/** What the dialog needs of an asset beyond the holding: asset_get's flags and admin. */
export type AssetFacts = (assetId: string) => Promise<{ flags: readonly string[]; admin: string }>;

export interface RedPacketDialogProps {
  open: boolean;
  me: string;
  assets: Store<AssetHolding[]>;
  assetFacts: AssetFacts;
  onClose: () => void;
  /** `asset` null: the native token; `amount` in base units of what was chosen. */
  onSubmit: (amount: bigint, asset: string | null) => void;
  /** Issuers by their primary name where they have one (AssetName.tsx). */
  nameOf?: ChainNameOf;
}

export function RedPacketDialog(props: RedPacketDialogProps) {
  const assets = useStore(props.assets);
  const native = useStore(nativeUnit);
  const [assetId, setAssetId] = useState("");
  const [amount, setAmount] = useState("");
  // Kept as a thunk and translated when shown, so it follows a change of language.
  const [error, setError] = useShownError();
  const fail = (message: () => string): void => setError(message);
  const [busy, setBusy] = useState(false);
  const held = assets.find((a) => a.assetId === assetId) ?? null;
  const unit: TokenUnit = held ? { symbol: held.symbol, decimals: held.decimals } : native;

  const refusal = async (n: bigint): Promise<(() => string) | null> => {
    if (!held) return null;
    const facts = await props.assetFacts(held.assetId);
    const r = assetLockRefusal(facts, held, props.me, n);
    const { symbol, decimals } = held;
    if (r?.code === "ASSET_NOT_TRANSFERABLE") return () => t("rp.assetPoints", { symbol });
    if (r?.code === "ASSET_FROZEN") return () => t("rp.assetFrozen", { symbol });
    if (r?.code === "ASSET_INSUFFICIENT") {
      const shown = { held: formatDecimalAmount(r.held, { decimals }), amount: formatDecimalAmount(n, { decimals }), symbol };
      return () => t("rp.assetTooMuch", shown);
    }
    return null;
  };

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const read = readAmountInput(amount, unit);
    const { symbol, decimals } = unit;
    if (!read.ok) return fail(read.code === "AMOUNT_TOO_PRECISE" ? () => t("rp.tooPrecise", { symbol, decimals }) : () => t("pay.badAmount"));
    setBusy(true);
    try {
      const refused = await refusal(read.amount);
      if (refused) return fail(refused);
    } catch {
      return fail(() => t("rp.assetUnknown"));
    } finally {
      setBusy(false);
    }
    props.onSubmit(read.amount, held ? held.assetId : null);
    setAmount("");
    setError(null);
    props.onClose();
  };

  return (
    <Dialog open={props.open} title={t("rp.sendTitle")} onClose={props.onClose} testId="red-packet">
      <form onSubmit={(e) => void submit(e)}>
        {assets.length > 0 && (
          <Field label={t("wallet.asset")} id="red-packet-asset">
            <select id="red-packet-asset" value={assetId} onChange={(e) => { setAssetId(e.currentTarget.value); setError(null); }} data-test="red-packet-asset">
              <option value="">{t("wallet.assetNative")}</option>
              {assets.map((a) => <option key={a.assetId} value={a.assetId} title={a.assetId}>{assetLabel(a, props.nameOf)} ({formatDecimalAmount(a.balance, { decimals: a.decimals })})</option>)}
            </select>
          </Field>
        )}
        <Field label={t("pay.amount")} id="red-packet-amount" hint={held ? t("rp.amountIn", { symbol: held.symbol, decimals: held.decimals }) : t("pay.amountHint")}>
          <input id="red-packet-amount" inputMode="decimal" required value={amount} aria-describedby="red-packet-amount-hint" onInput={(e) => setAmount(e.currentTarget.value)} />
        </Field>
        <p class="note">{t("rp.sendHint", { blocks: RED_PACKET_BLOCKS })}</p>
        <ErrorText error={error} />
        <div class="actions">
          <button type="submit" data-test="red-packet-submit" disabled={busy}>{t("rp.sendNow")}</button>
          <button type="button" class="secondary" onClick={props.onClose}>{t("common.cancel")}</button>
        </div>
      </form>
    </Dialog>
  );
}
