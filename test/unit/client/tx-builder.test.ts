import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { buildTx, feeFor } from "../../../src/client/tx-builder.js";
import { checkCommon } from "../../../src/chain/execution/executor.js";
import { decodeTx, signingMessage } from "../../../src/chain/tx/codec.js";
import { DEFAULT_PARAMS } from "../../../src/chain/params.js";
import { verifyEd25519 } from "../../../src/crypto/native.js";
import { toHex } from "../../../src/util/bytes.js";
import { CHAIN_ID, SAMPLE_BODIES, identity } from "../chain/tx/fixtures.js";

const alice = identity("alice");
const env = { chainId: CHAIN_ID, params: DEFAULT_PARAMS, height: 10 };

describe("tx builder", () => {
  it("produces wire bytes the node decodes to the same tx, with a valid signature and the reported id", () => {
    const built = buildTx(alice, "anchor", SAMPLE_BODIES.anchor, { chainId: CHAIN_ID, nonce: 3, fee: 9_999n, expiry: 20 });
    const r = decodeTx(built.bytes, DEFAULT_PARAMS.maxTxBytes);
    if (!r.ok) throw r.error;
    expect(r.value.tx).toEqual(built.stx.tx);
    expect(built.id).toBe(toHex(sha256(r.value.payload)));
    expect(verifyEd25519(alice.publicKey, signingMessage(CHAIN_ID, r.value.payload), r.value.sig)).toBe(true);
  });

  it("quotes with feeFor exactly the smallest fee the chain accepts for that size", () => {
    const fields = { chainId: CHAIN_ID, nonce: 0, expiry: 20 };
    const size = buildTx(alice, "message", SAMPLE_BODIES.message, { ...fields, fee: 0n }).bytes.length;
    const fee = feeFor(size, DEFAULT_PARAMS.feeBase, DEFAULT_PARAMS.feePerByte);
    expect(checkCommon(buildTx(alice, "message", SAMPLE_BODIES.message, { ...fields, fee }).stx, env)).toBeNull();
    expect(checkCommon(buildTx(alice, "message", SAMPLE_BODIES.message, { ...fields, fee: fee - 1n }).stx, env)?.code).toBe("FEE_TOO_LOW");
  });
});
