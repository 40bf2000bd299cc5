// mls.keyPackage: an account publishes the MLS key package others use to add it to groups.
// Validators check the clear fields that bind it to the sender (cipher suite, leaf signature
// key = the sender, basic credential identity = the sender's address, or owner || sender for a
// device leaf, which must then be an active device of owner); the adder's client checks the
// package's signature. State keeps the latest one per account (the tx id: readers fetch the tx).
import { hexJson } from "../../../util/json.js";
import { bytesEqual } from "../../../util/bytes.js";
import { readBytes } from "../../codec.js";
import { txError } from "../errors.js";
import { noActionEvents, noExtraFee, noIndexRows, noParties, notChat, StateNs, type TxKindSpec } from "../spec.js";
import { deviceRecord } from "./device-state.js";
import { encodeKeyPackageRecord, keyPackageKey, MAX_MLS_MESSAGE_BYTES } from "./mls-state.js";
import { MLS_SUITE_X25519_AES128GCM_SHA256_ED25519, readKeyPackageHeader } from "./mls-wire.js";

export interface MlsKeyPackageBody {
  /** An MLSMessage of wire format mls_key_package (RFC 9420 10). */
  keyPackage: Uint8Array;
}

export const mlsKeyPackageKind: TxKindSpec<"mlsKeyPackage"> = {
  name: "mlsKeyPackage",
  label: "mls.keyPackage",
  encodeBody: (b) => [b.keyPackage],
  decodeBody(f) {
    if (f.length !== 1) return "mls.keyPackage has 1 field";
    const keyPackage = readBytes(f[0]);
    if (!keyPackage) return "keyPackage must be bytes";
    return { keyPackage };
  },
  checkStateless(tx) {
    const kp = tx.body.keyPackage;
    // [REJECT] key packages are small (one leaf); bounded like every MLS message.
    if (kp.length > MAX_MLS_MESSAGE_BYTES) return txError({ code: "TOO_LARGE", size: kp.length, max: MAX_MLS_MESSAGE_BYTES });
    const h = readKeyPackageHeader(kp);
    // [REJECT] an MLSMessage key package with a basic credential.
    if (typeof h === "string") return txError({ code: "BAD_MLS", reason: h });
    // [REJECT] one cipher suite per chain profile, so every member can join every group.
    if (h.cipherSuite !== MLS_SUITE_X25519_AES128GCM_SHA256_ED25519) return txError({ code: "BAD_MLS", reason: `cipher suite ${h.cipherSuite}, expected 1` });
    // [REJECT] the leaf is the sender's own: its signature key and credential are the address.
    if (!bytesEqual(h.signatureKey, tx.from)) return txError({ code: "BAD_MLS", reason: "leaf signature key is not the sender's address" });
    // [REJECT] the credential is the sender's own identity, or owner(32) || sender(32) for a device.
    if (bytesEqual(h.identity, tx.from)) return null;
    if (h.identity.length !== 64 || !bytesEqual(h.identity.subarray(32), tx.from)) return txError({ code: "BAD_MLS", reason: "credential identity is not the sender's address (or owner || sender for a device)" });
    if (bytesEqual(h.identity.subarray(0, 32), tx.from)) return txError({ code: "BAD_MLS", reason: "a device credential names another identity as owner" });
    return null;
  },
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const h = readKeyPackageHeader(tx.body.keyPackage);
    if (typeof h !== "string" && h.identity.length === 64) {
      // [REJECT] a device leaf only while the device is on chain, active, for the owner it names.
      const rec = deviceRecord(ctx, tx.from);
      if (!rec) return txError({ code: "UNKNOWN_DEVICE" });
      if (!bytesEqual(rec.owner, h.identity.subarray(0, 32))) return txError({ code: "NOT_DEVICE_OWNER" });
      if (rec.revokedHeight !== 0) return txError({ code: "DEVICE_REVOKED", height: rec.revokedHeight });
    }
    ctx.set(StateNs.mls, keyPackageKey(tx.from), encodeKeyPackageRecord({ txId: ctx.txId, height: ctx.height }));
    return null;
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: noIndexRows,
  parties: noParties,
  bodyJson: (tx) => ({ keyPackage: hexJson(tx.body.keyPackage) }),
  chatEntry: notChat,
};
