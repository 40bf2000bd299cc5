// Encrypted key files (src/chain/keystore.ts): what a person relies on is that the right
// passphrase opens the file, a wrong one or an edited file does not (with a clear code), and
// that a file from the CLI opens in the browser and back (two scrypt back ends, one format).
import { scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_SCRYPT, KeystoreError, decryptKeyFile, encryptKeyFile, nobleScrypt, openKeyFile, parseKeystore, scryptParamsProblem, type ScryptFn,
} from "../../../src/chain/keystore.js";
import { encodeKeyFile, identityFromSecret } from "../../../src/chain/identity.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8 } from "../../../src/util/bytes.js";

const alice = identityFromSecret(sha256(utf8("keystore-test/alice")));
// The cheapest cost the format accepts keeps the suite fast; DEFAULT_SCRYPT is checked once below.
const CHEAP = { n: 1 << 14, r: 8, p: 1 };
const nodeScrypt: ScryptFn = async (pass, salt, params, dkLen) => new Uint8Array(scryptSync(pass, salt, dkLen, { N: params.n, r: params.r, p: params.p, maxmem: 300 * 1024 * 1024 }));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KeystoreError) return e.code;
    throw e;
  }
  return "opened";
}

describe("encrypted key files", () => {
  it("open with the passphrase they were written under, across the noble and node:crypto back ends", async () => {
    const text = await encryptKeyFile(alice, "correct horse battery", { params: CHEAP, scrypt: nobleScrypt });
    const opened = await decryptKeyFile(JSON.parse(text), "correct horse battery", nodeScrypt);
    expect(opened.address).toBe(alice.address);
    expect(opened.secretKey).toEqual(alice.secretKey);
  });

  it("keep the address in the clear and the secret out of the file", async () => {
    const text = await encryptKeyFile(alice, "pw-123456", { params: CHEAP, scrypt: nodeScrypt });
    const raw = JSON.parse(text) as { kind: string; version: number; address: string; crypto: { kdfparams: { n: number } } };
    expect(raw).toMatchObject({ kind: "parley-keystore", version: 1, address: alice.address });
    expect(raw.crypto.kdfparams.n).toBe(CHEAP.n);
    expect(text).not.toContain(Buffer.from(alice.secretKey).toString("hex"));
  });

  it("refuse a wrong passphrase with WRONG_PASSPHRASE", async () => {
    const text = await encryptKeyFile(alice, "right one", { params: CHEAP, scrypt: nodeScrypt });
    expect(await codeOf(decryptKeyFile(JSON.parse(text), "wrong one", nodeScrypt))).toBe("WRONG_PASSPHRASE");
  });

  it("refuse an edited ciphertext, nonce, salt, cost or address as they refuse a wrong passphrase", async () => {
    const text = await encryptKeyFile(alice, "pw", { params: CHEAP, scrypt: nodeScrypt });
    const flip = (hex: string) => (hex[0] === "0" ? "1" : "0") + hex.slice(1);
    type FileJson = { address: string; crypto: { ciphertext: string; nonce: string; kdfparams: { salt: string; r: number } } };
    const edits: Array<(f: FileJson) => void> = [
      (f) => (f.crypto.ciphertext = flip(f.crypto.ciphertext)),
      (f) => (f.crypto.nonce = flip(f.crypto.nonce)),
      (f) => (f.crypto.kdfparams.salt = flip(f.crypto.kdfparams.salt)),
      (f) => (f.crypto.kdfparams.r = 9),
      (f) => (f.address = identityFromSecret(sha256(utf8("someone else"))).address),
    ];
    for (const edit of edits) {
      const f = JSON.parse(text) as FileJson;
      edit(f);
      expect(await codeOf(decryptKeyFile(f, "pw", nodeScrypt))).toBe("WRONG_PASSPHRASE");
    }
  });

  it("refuse a malformed file with BAD_KEY_FILE before running the KDF", () => {
    const bad = (f: unknown) => {
      try {
        parseKeystore(f);
        return "parsed";
      } catch (e) {
        return (e as KeystoreError).code;
      }
    };
    expect(bad({ kind: "parley-keystore", version: 2 })).toBe("BAD_KEY_FILE");
    expect(bad({ kind: "parley-keystore", version: 1, address: "nope", crypto: {} })).toBe("BAD_KEY_FILE");
    expect(bad({ kind: "parley-keystore", version: 1, address: alice.address, crypto: { kdf: "pbkdf2" } })).toBe("BAD_KEY_FILE");
  });

  it("bound the scrypt parameters a file may ask for (cost floor, memory ceiling)", async () => {
    expect(scryptParamsProblem(DEFAULT_SCRYPT)).toBeNull();
    expect(scryptParamsProblem({ n: 1 << 13, r: 8, p: 1 })).toMatch(/power of two/);
    expect(scryptParamsProblem({ n: 3 << 14, r: 8, p: 1 })).toMatch(/power of two/);
    expect(scryptParamsProblem({ n: 1 << 20, r: 8, p: 1 })).toMatch(/at most/);
    expect(scryptParamsProblem({ n: 1 << 14, r: 0, p: 1 })).toMatch(/r must/);
    expect(scryptParamsProblem({ n: 1 << 14, r: 8, p: 5 })).toMatch(/p must/);
    const text = await encryptKeyFile(alice, "pw", { params: CHEAP, scrypt: nodeScrypt });
    const huge = JSON.parse(text);
    huge.crypto.kdfparams.n = 1 << 22;
    expect(await codeOf(decryptKeyFile(huge, "pw", nodeScrypt))).toBe("BAD_KDF_PARAMS");
    expect(await codeOf(encryptKeyFile(alice, "pw", { params: { n: 1 << 10, r: 8, p: 1 } }))).toBe("BAD_KDF_PARAMS");
  });

  it("write with the default cost and open again (the CLI's and the app's default)", async () => {
    const text = await encryptKeyFile(alice, "pw", { scrypt: nodeScrypt });
    expect((await decryptKeyFile(JSON.parse(text), "pw", nodeScrypt)).address).toBe(alice.address);
  });
});

describe("the documented vector (docs/ENCRYPTION.md 11.1)", () => {
  it("seals seed 01x32 under the documented passphrase, salt, nonce and cost to the documented ciphertext", async () => {
    const id = identityFromSecret(new Uint8Array(32).fill(1));
    const text = await encryptKeyFile(id, "correct horse battery staple", { params: CHEAP, salt: new Uint8Array(32).fill(0x11), nonce: new Uint8Array(24).fill(0x22), scrypt: nobleScrypt });
    const raw = JSON.parse(text) as { address: string; crypto: { ciphertext: string } };
    expect(raw.address).toBe("parley132yw8ht5p8cetl2jmvknewjawt9xwzdlrk2pyxlnwjyqrdq0dawqvrxfs9");
    expect(raw.crypto.ciphertext).toBe("cf44585ff01876c4560384df33efa842ca7a140cc4d8fe3b515202e09a7b9114fba53dd826ea7e00e74f72bd3dac1b04");
  });
});

describe("openKeyFile", () => {
  it("asks for a passphrase only for an encrypted file, and tells an old plaintext file from an explicit one", async () => {
    let asked = 0;
    const ask = async () => {
      asked++;
      return "pw";
    };
    const explicit = await openKeyFile(encodeKeyFile(alice), ask, nodeScrypt);
    expect(explicit).toMatchObject({ encrypted: false, legacy: false });
    const old = JSON.stringify({ kind: "parley-ed25519", address: alice.address, secretKey: Buffer.from(alice.secretKey).toString("hex") });
    expect(await openKeyFile(old, ask, nodeScrypt)).toMatchObject({ encrypted: false, legacy: true });
    expect(asked).toBe(0);
    const enc = await openKeyFile(await encryptKeyFile(alice, "pw", { params: CHEAP, scrypt: nodeScrypt }), ask, nodeScrypt);
    expect(enc).toMatchObject({ encrypted: true, legacy: false });
    expect(enc.identity.address).toBe(alice.address);
    expect(asked).toBe(1);
  });
});
