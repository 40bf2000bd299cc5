// The CLI's MLS store at rest: sealed under the key (nothing secret in the clear), read back
// whole, refused with a clear error under another key or when altered, and an old plaintext
// (version 1) file is read and rewritten sealed.
import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { FileMlsStore } from "../../../src/cli/mls-store.js";
import { identityFromSecret } from "../../../src/chain/identity.js";
import { toHex, utf8 } from "../../../src/util/bytes.js";

const alice = identityFromSecret(sha256(utf8("mls-store/alice")));
const bob = identityFromSecret(sha256(utf8("mls-store/bob")));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmpPath(): string {
  const d = mkdtempSync(join(tmpdir(), "parley-mls-store-"));
  dirs.push(d);
  return join(d, "alice.key.mls.json");
}

const secretState = new Uint8Array(64).fill(0xab);
const group = { state: secretState, cursor: "3.1", posts: [{ id: "0x01", from: alice.address, epoch: 1, text: "a secret post", height: 3, index: 1, cursor: "3.1" }] };
const kp = { publicPackage: new Uint8Array([1, 2, 3]), privatePackage: { initPrivateKey: new Uint8Array(32).fill(0xcd), hpkePrivateKey: new Uint8Array(32).fill(0xce), signaturePrivateKey: alice.secretKey } };

describe("FileMlsStore (sealed at rest)", () => {
  it("keeps groups and key packages sealed: the file shows only the address, and reads back whole", async () => {
    const path = tmpPath();
    const store = new FileMlsStore(path, alice);
    await store.putGroup("aa", group);
    await store.addKeyPackage(kp);
    const text = readFileSync(path, "utf8");
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(file).sort()).toEqual(["address", "cipher", "ciphertext", "kind", "nonce", "version"]);
    expect(file).toMatchObject({ kind: "parley-mls-store", version: 2, address: alice.address, cipher: "xchacha20-poly1305" });
    for (const secret of [toHex(secretState), "a secret post", toHex(kp.privatePackage.initPrivateKey), toHex(alice.secretKey)]) expect(text).not.toContain(secret);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = new FileMlsStore(path, alice);
    expect(await again.getGroup("aa")).toEqual(group);
    expect(await again.keyPackages()).toEqual([kp]);
    await again.removeKeyPackage(kp.publicPackage);
    expect(await new FileMlsStore(path, alice).keyPackages()).toEqual([]);
  });

  it("refuses another key's store and an altered one with a clear error, changing nothing", async () => {
    const path = tmpPath();
    await new FileMlsStore(path, alice).putGroup("aa", group);
    const before = readFileSync(path, "utf8");
    await expect(new FileMlsStore(path, bob).getGroup("aa")).rejects.toThrow(/belongs to parley1\S+, not to this key/);
    const f = JSON.parse(before) as { ciphertext: string };
    const flipped = (f.ciphertext[0] === "0" ? "1" : "0") + f.ciphertext.slice(1);
    writeFileSync(path, JSON.stringify({ ...f, ciphertext: flipped }));
    await expect(new FileMlsStore(path, alice).getGroup("aa")).rejects.toThrow(/does not open with this key/);
    writeFileSync(path, JSON.stringify({ ...f, version: 3 }));
    await expect(new FileMlsStore(path, alice).groups()).rejects.toThrow(/version 3 is not supported/);
  });

  it("reads an old plaintext (version 1) store and rewrites it sealed", async () => {
    const path = tmpPath();
    writeFileSync(path, JSON.stringify({ kind: "parley-mls-store", version: 1, groups: { aa: { state: toHex(secretState), cursor: "3.1", posts: group.posts } }, keyPackages: [] }));
    expect(await new FileMlsStore(path, alice).getGroup("aa")).toEqual(group);
    const text = readFileSync(path, "utf8");
    expect(JSON.parse(text)).toMatchObject({ version: 2 });
    expect(text).not.toContain(toHex(secretState));
    expect(await new FileMlsStore(path, alice).getGroup("aa")).toEqual(group);
  });
});
