// The transaction test vector printed in docs/PROTOCOL.md: if this fails, the wire format
// changed and the document (and every third-party client) must change with it.
import { describe, expect, it } from "vitest";
import { identityFromSecret } from "../../../../src/client/keys.js";
import { buildTx } from "../../../../src/client/tx-builder.js";
import { toHex } from "../../../../src/util/bytes.js";

function protocolVector() {
  const alice = identityFromSecret(new Uint8Array(32).fill(1));
  const bob = identityFromSecret(new Uint8Array(32).fill(2));
  const tx = buildTx(alice, "transfer", { to: bob.publicKey, amount: 1000n, memo: null }, { chainId: "parley-dev", nonce: 0, fee: 1200n, expiry: 600 });
  return { alice: toHex(alice.publicKey), bob: toHex(bob.publicKey), payload: toHex(tx.stx.payload), sig: toHex(tx.stx.sig), id: tx.id };
}

describe("docs/PROTOCOL.md transfer vector", () => {
  it("encodes, signs and hashes exactly as documented", () => {
    const v = protocolVector();
    expect(v).toEqual({
      alice: "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c",
      bob: "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394",
      payload: "9701aa7061726c65792d646576c4208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c00d300000000000004b0cd025893c4208139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394d300000000000003e8c0",
      sig: "7b4533445426315ae14c187a82430934665338963a6e839ee6c272381d99ccb8956d87be26820c2331e5ae1c6fded19ac4ee7c8e12464ab4611d0607b32bcc09",
      id: "a2b1f80c5168b1884db1efd2c3b624b53d78dcdd0ddf33a5506c2b9584039610",
    });
  });
});
