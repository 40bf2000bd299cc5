// The browser keeps the secret key only as a vault record: what a user relies on is that the
// right passphrase opens it, a wrong one or any tampering does not, and nothing secret is in it.
import { describe, expect, it } from "vitest";
import { newIdentity } from "../../../src/client/keys.js";
import { openVault, parseVault, sealIdentity, VaultError } from "../../../src/client/vault.js";
import { toHex } from "../../../src/util/bytes.js";

const FAST = 1_000; // iterations: the format, not the cost, is under test here

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof VaultError) return e.code;
    throw e;
  }
  throw new Error("expected a VaultError");
}

describe("vault", () => {
  it("opens with its passphrase and gives back the same identity; the record holds no secret in the clear", async () => {
    const id = newIdentity();
    const record = await sealIdentity(id, "correct horse battery", FAST);
    const text = JSON.stringify(record);
    expect(text).not.toContain(toHex(id.secretKey));
    const back = await openVault(parseVault(JSON.parse(text)), "correct horse battery");
    expect(back.address).toBe(id.address);
    expect(back.secretKey).toEqual(id.secretKey);
  });

  it("a wrong passphrase, a changed ciphertext or a record moved to another address does not open", async () => {
    const id = newIdentity();
    const record = await sealIdentity(id, "correct horse battery", FAST);
    expect(await code(openVault(record, "correct horse batterz"))).toBe("BAD_PASSPHRASE");
    const flipped = record.sealed.slice(0, 10) + (record.sealed[10] === "0" ? "1" : "0") + record.sealed.slice(11);
    expect(await code(openVault({ ...record, sealed: flipped }, "correct horse battery"))).toBe("BAD_PASSPHRASE");
    expect(await code(openVault({ ...record, address: newIdentity().address }, "correct horse battery"))).toBe("BAD_PASSPHRASE");
  });

  it("refuses short passphrases and malformed records with a clear code", async () => {
    expect(await code(sealIdentity(newIdentity(), "short", FAST))).toBe("WEAK_PASSPHRASE");
    expect(() => parseVault({ kind: "parley-vault", version: 2 })).toThrow(VaultError);
    expect(() => parseVault(null)).toThrow(/not a Parley vault/);
  });
});
