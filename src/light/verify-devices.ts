// Checking what a node says about an identity's devices against a verified header: the device
// list entry (namespace 0x0a, docs/PROTOCOL.md 5) under the header's stateRoot. The SDK and the
// app call this with a header they verified themselves (src/client/verify), so a node cannot add
// a device of its own to whom people seal messages, nor hide a revocation.
import { sha256 } from "../crypto/native.js";
import type { BlockHeader } from "../chain/block/types.js";
import { decodeProof, verifyProof } from "../chain/state/smt/proof.js";
import { smtKey } from "../chain/state/state-store.js";
import { decodeDeviceList, deviceListKey, type DeviceEntry } from "../chain/tx/kinds/device-state.js";
import { StateNs } from "../chain/tx/spec.js";
import type { Address } from "../chain/tx/types.js";
import { err, ok, type Result } from "../util/errors.js";
import { VerifyError } from "./errors.js";

/** The active devices of `identity` if `value` (null: none) is its list entry under `header.stateRoot`. */
export function verifyDeviceList(header: BlockHeader, identity: Address, value: Uint8Array | null, proofBytes: Uint8Array): Result<DeviceEntry[], VerifyError> {
  const proof = decodeProof(proofBytes);
  if (!proof) return err(new VerifyError({ code: "MALFORMED", what: "state proof" }));
  // [REJECT] the proof leads from this exact value (or its absence) to the verified stateRoot
  if (!verifyProof(header.stateRoot, smtKey(StateNs.device, deviceListKey(identity)), value === null ? null : sha256(value), proof, sha256))
    return err(new VerifyError({ code: "BAD_STATE_PROOF", height: header.height }));
  const list = decodeDeviceList(value ?? undefined);
  if (!list) return err(new VerifyError({ code: "MALFORMED", what: "device list value" }));
  return ok(list);
}
