import { describe, expect, it } from "vitest";
import { ed25519 } from "@noble/curves/ed25519.js";
import { KeyFileError, decodeKeyFile, encodeKeyFile, identityFromSecret, newIdentity, signBytes } from "../../../src/chain/identity.js";
import { formatAddress } from "../../../src/chain/address.js";
import { verifyEd25519 } from "../../../src/crypto/native.js";
import { fromHex, toHex, utf8 } from "../../../src/util/bytes.js";

// RFC 8032 TEST 1 key pair.
const SECRET = fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!;
const PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

function keyFileError(text: string): KeyFileError {
  try {
    decodeKeyFile(text);
  } catch (e) {
    expect(e).toBeInstanceOf(KeyFileError);
    expect((e as KeyFileError).code).toBe("BAD_KEY_FILE");
    return e as KeyFileError;
  }
  throw new Error("expected decodeKeyFile to fail");
}

function edit(text: string, change: (o: Record<string, unknown>) => void): string {
  const o = JSON.parse(text) as Record<string, unknown>;
  change(o);
  return JSON.stringify(o);
}

describe("identities", () => {
  it("derive the public key and bech32m address from the secret", () => {
    const id = identityFromSecret(SECRET);
    expect(toHex(id.publicKey)).toBe(PUBLIC);
    expect(id.address).toBe(formatAddress(id.publicKey));
  });

  it("sign bytes that the node's strict verifier accepts", () => {
    const id = newIdentity();
    const msg = utf8("hello");
    expect(verifyEd25519(id.publicKey, msg, signBytes(id.secretKey, msg))).toBe(true);
    expect(toHex(id.publicKey)).toBe(toHex(ed25519.getPublicKey(id.secretKey)));
  });

  it("are fresh each time one is made", () => {
    expect(toHex(newIdentity().secretKey)).not.toBe(toHex(newIdentity().secretKey));
  });
});

describe("key files", () => {
  it("round-trip an identity", () => {
    const id = newIdentity();
    const back = decodeKeyFile(encodeKeyFile(id));
    expect(toHex(back.secretKey)).toBe(toHex(id.secretKey));
    expect(toHex(back.publicKey)).toBe(toHex(id.publicKey));
    expect(back.address).toBe(id.address);
  });

  it("state kind, address and secret key in the documented JSON shape", () => {
    const o = JSON.parse(encodeKeyFile(identityFromSecret(SECRET))) as Record<string, unknown>;
    expect(o).toEqual({ kind: "parley-ed25519", address: formatAddress(fromHex(PUBLIC)!), secretKey: toHex(SECRET), plaintext: true });
  });

  it("refuse a file whose address does not belong to its secret key", () => {
    const text = encodeKeyFile(identityFromSecret(SECRET));
    const other = newIdentity().address;
    expect(keyFileError(edit(text, (o) => (o["address"] = other))).type.reason).toBe("address does not match secretKey");
  });

  it("refuse a file whose secret key was changed, since it no longer matches the address", () => {
    const text = encodeKeyFile(identityFromSecret(SECRET));
    const tampered = toHex(SECRET).replace(/^9d/, "9e");
    expect(keyFileError(edit(text, (o) => (o["secretKey"] = tampered))).type.reason).toBe("address does not match secretKey");
  });

  it("refuse a secret key that is not 64 hex digits", () => {
    const text = encodeKeyFile(identityFromSecret(SECRET));
    for (const secretKey of [toHex(SECRET).slice(2), toHex(SECRET) + "00", "zz" + toHex(SECRET).slice(2), 5])
      keyFileError(edit(text, (o) => (o["secretKey"] = secretKey)));
  });

  it("refuse text that is not JSON, or not a parley key file", () => {
    keyFileError("not json");
    keyFileError("null");
    keyFileError("42");
    keyFileError(JSON.stringify({ kind: "other", secretKey: toHex(SECRET) }));
    keyFileError(JSON.stringify({ kind: "parley-ed25519" }));
  });
});
