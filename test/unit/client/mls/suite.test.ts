// The MLS suite's synchronous HKDF and SHA-256/HMAC (suite.ts) compute exactly what ts-mls's own
// WebCrypto implementation computes: members on either implementation derive the same secrets.
import { describe, expect, it } from "vitest";
import { getCiphersuiteFromName, getCiphersuiteImpl } from "ts-mls";
import { MLS_SUITE_NAME, mlsSuite } from "../../../../src/client/mls/suite.js";

const rand = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

describe("mlsSuite's fast KDF and hash", () => {
  it("match ts-mls's default implementation byte for byte", async () => {
    const ref = await getCiphersuiteImpl(getCiphersuiteFromName(MLS_SUITE_NAME));
    const ours = await mlsSuite();
    expect(ours.kdf.size).toBe(ref.kdf.size);
    for (const n of [1, 31, 32, 33, 64, 65, 300]) {
      const salt = rand(32), ikm = rand(n), prk = rand(32), info = rand(n), data = rand(3 * n), key = rand(n);
      expect(await ours.kdf.extract(salt, ikm)).toEqual(await ref.kdf.extract(salt, ikm));
      expect(await ours.kdf.extract(new Uint8Array(0), ikm)).toEqual(await ref.kdf.extract(new Uint8Array(0), ikm));
      for (const len of [12, 16, 32, 64]) expect(await ours.kdf.expand(prk, info, len)).toEqual(await ref.kdf.expand(prk, info, len));
      expect(await ours.hash.digest(data)).toEqual(await ref.hash.digest(data));
      const mac = await ref.hash.mac(key, data);
      expect(await ours.hash.mac(key, data)).toEqual(mac);
      expect(await ours.hash.verifyMac(key, mac, data)).toBe(true);
      mac[0] = mac[0]! ^ 1;
      expect(await ours.hash.verifyMac(key, mac, data)).toBe(false);
    }
  });
});
