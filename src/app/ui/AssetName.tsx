// How an asset is named wherever the app shows one: its symbol and who issued it, since symbols
// are not unique (issue 14: two issuers may both call theirs "PTS"). The issuer is its primary
// name on chain ("@tea-shop") when the node knows one, else its short address; a contact's
// local label is not used, so the same asset reads the same on every screen and to everyone.
import { formatAmount, t } from "../i18n/i18n.js";
import type { AssetInfo } from "../state/asset-book.js";
import { shortAddress } from "./common.js";

/** An address's primary name on chain: null when it has none, undefined while unknown (NameBook.nameOf). */
export type ChainNameOf = (address: string) => string | null | undefined;

/** "@tea-shop", else "parley1qxy…abcdef"; "?" when the issuer is not known. */
export function issuerText(issuer: string | null, nameOf?: ChainNameOf): string {
  if (!issuer) return "?";
  const name = nameOf?.(issuer);
  return name ? `@${name}` : shortAddress(issuer);
}

/** "PTS · issued by @tea-shop": how an asset is named wherever a person reads or picks one. */
export function assetLabel(a: { symbol: string; issuer: string | null }, nameOf?: ChainNameOf): string {
  return `${a.symbol} · ${t("wallet.assetIssuer", { issuer: issuerText(a.issuer, nameOf) })}`;
}

/**
 * An amount in an asset, in its decimals, with its symbol and issuer ("12.34 PTS · issued by
 * @tea-shop"); while the asset is not known, the base units and the asset's short id.
 */
export function AssetAmount({ value, id, asset, nameOf }: { value: bigint; id: string; asset: AssetInfo | undefined; nameOf?: ChainNameOf }) {
  if (!asset) return <span class="amount" title={id} data-test="asset-amount">{value.toString()} ({shortAddress(id)})</span>;
  return (
    <span class="amount" title={id} data-test="asset-amount">
      {formatAmount(value, asset)} {asset.symbol} <span class="issuer">· {t("wallet.assetIssuer", { issuer: issuerText(asset.issuer, nameOf) })}</span>
    </span>
  );
}
