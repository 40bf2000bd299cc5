// Proof of existence: the first finalized anchor of a hash is the one that counts.
import { hexJson } from "../../../util/json.js";
import { decodeUnknown, encode, readArray, readBytes, readString, readUint } from "../../codec.js";
import { txError } from "../errors.js";
import { noExtraFee, noActionEvents, StateNs, noIndexRows, noParties, notChat, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";

export interface AnchorBody {
  hash: Uint8Array; // SHA-256 of the anchored content
  tag: string;
}

export interface AnchorRecord {
  owner: Address;
  height: number;
  tag: string;
  txId: Uint8Array;
}

export function encodeAnchorRecord(r: AnchorRecord): Uint8Array {
  return encode([r.owner, r.height, r.tag, r.txId]);
}

export function decodeAnchorRecord(bytes: Uint8Array): AnchorRecord | undefined {
  const f = readArray(decodeUnknown(bytes), 4);
  if (!f) return undefined;
  const owner = readBytes(f[0], 32);
  const height = readUint(f[1]);
  const tag = readString(f[2], 1 << 16);
  const txId = readBytes(f[3], 32);
  if (!owner || height === undefined || tag === undefined || !txId) return undefined;
  return { owner, height, tag, txId };
}

export const anchorKind: TxKindSpec<"anchor"> = {
  name: "anchor",
  label: "anchor",
  encodeBody: (b) => [b.hash, b.tag],
  decodeBody(f) {
    if (f.length !== 2) return "anchor has 2 fields";
    const hash = readBytes(f[0], 32);
    const tag = readString(f[1], 4096);
    if (!hash) return "hash must be 32 bytes";
    if (tag === undefined) return "tag must be a string";
    return { hash, tag };
  },
  checkStateless(tx, params) {
    // [REJECT] tags are labels, not storage.
    if (tx.body.tag.length > params.maxAnchorTagLength)
      return txError({ code: "TOO_LARGE", size: tx.body.tag.length, max: params.maxAnchorTagLength });
    return null;
  },
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const existing = ctx.get(StateNs.anchor, tx.body.hash);
    // [REJECT] a later anchor of the same hash would only muddy who was first.
    if (existing) {
      const rec = decodeAnchorRecord(existing);
      return txError({ code: "ANCHOR_EXISTS", height: rec?.height ?? 0 });
    }
    ctx.set(StateNs.anchor, tx.body.hash, encodeAnchorRecord({ owner: tx.from, height: ctx.height, tag: tx.body.tag, txId: ctx.txId }));
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: noIndexRows,
  parties: noParties,
  bodyJson: (tx) => ({ hash: hexJson(tx.body.hash), tag: tx.body.tag }),
  chatEntry: notChat,
};
