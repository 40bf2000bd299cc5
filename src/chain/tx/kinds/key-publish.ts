import { hexJson } from "../../../util/json.js";
import { readBytes } from "../../codec.js";
import { txError } from "../errors.js";
import { noExtraFee, noActionEvents, noIndexRows, noParties, notChat, type TxKindSpec } from "../spec.js";

export interface KeyPublishBody {
  prekey: Uint8Array; // X25519 public key
  signature: Uint8Array; // Ed25519 by the identity over the prekey (verifiable off-chain)
}

// Rotates the account's X25519 prekey; senders encrypt to the latest one. The extra signature
// lets clients check a prekey they got off-chain; on chain the tx signature already binds it.
export const keyPublishKind: TxKindSpec<"keyPublish"> = {
  name: "keyPublish",
  label: "key.publish",
  encodeBody: (b) => [b.prekey, b.signature],
  decodeBody(f) {
    if (f.length !== 2) return "key.publish has 2 fields";
    const prekey = readBytes(f[0], 32);
    const signature = readBytes(f[1], 64);
    if (!prekey) return "prekey must be 32 bytes";
    if (!signature) return "signature must be 64 bytes";
    return { prekey, signature };
  },
  checkStateless(tx) {
    // [REJECT] an all-zero X25519 key yields an all-zero shared secret.
    if (tx.body.prekey.every((b) => b === 0)) return txError({ code: "BAD_ENCODING", reason: "zero prekey" });
    return null;
  },
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const account = ctx.getAccount(tx.from);
    ctx.setAccount(tx.from, { ...account, prekey: tx.body.prekey });
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: noIndexRows,
  parties: noParties,
  bodyJson: (tx) => ({ prekey: hexJson(tx.body.prekey), signature: hexJson(tx.body.signature) }),
  chatEntry: notChat,
};
