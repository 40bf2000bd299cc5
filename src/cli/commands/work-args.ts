// Parsing and printing for `parley work`: co-creator shares ("ADDR:BPS"), offers
// ("PRICE:USE:TERM[:ASSET]", TERM = perpetual | <n>b (blocks) | <n>s (seconds), PRICE a decimal
// amount in the offer's asset: 5 = five whole tokens), and how a verified work reads in a terminal.
import { formatAddress } from "../../chain/address.js";
import type { LicenceTerm, Share } from "../../chain/works/records.js";
import type { OfferTerms } from "../../chain/works/rules.js";
import type { VerifiedWork } from "../../client/works.js";
import { fromHex, toHex } from "../../util/bytes.js";
import type { ParleyClient } from "../../client/parley-client.js";
import type { AmountUnit } from "../../util/amount.js";
import { amountIn, unitOf } from "../amounts.js";
import { cliError } from "../common.js";
import { addressArg, when } from "./chat.js";

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** "ADDR:BPS" pairs; the chain checks they are distinct and sum to 10,000. */
export function sharesArg(v: string | string[] | undefined, what: string): Share[] {
  return asList(v).map((text) => {
    const i = text.lastIndexOf(":");
    const bps = i > 0 ? text.slice(i + 1) : "";
    if (!/^\d{1,5}$/.test(bps)) throw cliError(`--${what} is ADDRESS:BPS (basis points, all summing to 10000); got "${text}"`);
    return { address: addressArg(text.slice(0, i), `${what} address`), bps: Number(bps) };
  });
}

export function termArg(text: string): LicenceTerm {
  if (text === "perpetual") return { clock: "perpetual" };
  const m = /^(\d{1,10})([bs])$/.exec(text);
  if (!m) throw cliError(`a term is perpetual, <n>b (blocks) or <n>s (seconds); got "${text}"`);
  return { clock: m[2] === "b" ? "blocks" : "seconds", length: Number(m[1]) };
}

export function assetArg(text: string | undefined): Uint8Array | null {
  if (text === undefined || text === "native") return null;
  const b = fromHex(text);
  if (!b || b.length !== 32) throw cliError(`an asset is "native" or its id (64 hex digits); got "${text}"`);
  return b;
}

function offerParts(text: string): { price: string; use: string; term: string; asset: Uint8Array | null } {
  const [price, use, term, asset, ...rest] = text.split(":");
  if (price === undefined || use === undefined || term === undefined || rest.length > 0) throw cliError(`an offer is PRICE:USE:TERM[:ASSET] (e.g. 10:personal:perpetual); got "${text}"`);
  return { price, use, term, asset: assetArg(asset) };
}

/** The asset an offer names (null: native), whose unit its price is in. */
export const offerAssetOf = (text: string): Uint8Array | null => offerParts(text).asset;

/** "PRICE:USE:TERM[:ASSET]", e.g. 10:personal:perpetual or 2.5:commercial:1000b; PRICE in `unit` (the asset's). */
export function offerArg(text: string, unit: AmountUnit): OfferTerms {
  const o = offerParts(text);
  return { price: amountIn(o.price, "offer price", unit, { positive: true }), use: o.use, term: termArg(o.term), asset: o.asset };
}

/** Every --offer, each price read in its own asset's decimals (asset_get; the native token's from node_info). */
export async function offersArg(c: ParleyClient, v: string | string[] | undefined): Promise<OfferTerms[]> {
  const out: OfferTerms[] = [];
  for (const text of asList(v)) out.push(offerArg(text, await unitOf(c, offerAssetOf(text))));
  return out;
}

export function termText(t: { clock: string; length?: number }): string {
  return t.clock === "perpetual" ? "perpetual" : `${t.length} ${t.clock}`;
}

const assetText = (a: Uint8Array | string | null): string => (a === null ? "native" : typeof a === "string" ? a : "0x" + toHex(a));

/** A verified work, its creators, offers and licences, for a terminal. */
export function verifiedWorkText(v: VerifiedWork, genesisHash: string): string {
  const w = v.work!;
  const lines = [
    `work ${"0x" + toHex(v.workId)}: verified under the state root of block ${v.height} (genesis ${genesisHash})`,
    `registered by ${formatAddress(v.anchor?.owner ?? w.owner)} at height ${w.height} (${when(w.time)}); anchored at height ${v.anchor?.height ?? "?"}`,
    `owner:    ${formatAddress(w.owner)}${w.transfers > 0 ? ` (after ${w.transfers} transfer(s))` : ""}`,
    `creators: ${w.creators.map((c) => `${formatAddress(c.address)} ${c.bps / 100}%`).join(", ")}`,
  ];
  if (w.transfers > 0) lines.push(`payees:   ${w.payees.map((c) => `${formatAddress(c.address)} ${c.bps / 100}%`).join(", ")}`);
  v.offers.forEach((o, i) => lines.push(`offer ${i}: ${o.price} ${assetText(o.asset)}, ${o.use}, ${termText(o.term)}${o.withdrawn ? " (withdrawn)" : ""}`));
  lines.push(`licences sold: ${v.licenceCount}`);
  for (const l of v.licences) {
    const until = l.licence.until === null ? "perpetual" : l.licence.term === "blocks" ? `until height ${l.licence.until}` : `until ${when(l.licence.until)}`;
    lines.push(`  #${l.serial} ${formatAddress(l.licence.holder)}: offer ${l.licence.offer} (${l.licence.use}), paid ${l.licence.price} ${assetText(l.licence.asset)}, from height ${l.licence.fromHeight}, ${until}${l.valid ? "" : " (expired)"}; proven at block ${l.height}`);
  }
  return lines.join("\n") + "\n";
}
