import { afterEach, describe, expect, it } from "vitest";
import { generateKeyPairSync, sign } from "node:crypto";
import { VerifyPool, VerifyPoolError } from "../../../src/node/verify-pool.js";
import { utf8 } from "../../../src/util/bytes.js";

interface Signer {
  pk: Uint8Array;
  sign(msg: Uint8Array): Uint8Array;
}

function newSigner(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  // Raw key = the SPKI DER without its fixed 12-byte prefix.
  const pk = new Uint8Array(publicKey.export({ format: "der", type: "spki" }).subarray(12));
  return { pk, sign: (msg) => new Uint8Array(sign(null, msg, privateKey)) };
}

// L, the order of the base point: S + L verifies in lax implementations (malleability).
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function malleate(sig: Uint8Array): Uint8Array {
  let s = 0n;
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]!);
  s += L;
  const out = sig.slice();
  for (let i = 0; i < 32; i++) {
    out[32 + i] = Number(s & 0xffn);
    s >>= 8n;
  }
  return out;
}

const pools: VerifyPool[] = [];
function newPool(opts: ConstructorParameters<typeof VerifyPool>[0] = {}): VerifyPool {
  const pool = new VerifyPool(opts);
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe("verify pool", () => {
  it("accepts a valid signature and refuses one over another message", async () => {
    const pool = newPool({ size: 1 });
    const s = newSigner();
    const msg = utf8("parley/tx/v1 hello");
    const sig = s.sign(msg);
    expect(await pool.verify(s.pk, msg, sig)).toBe(true);
    expect(await pool.verify(s.pk, utf8("parley/tx/v1 hellO"), sig)).toBe(false);
  });

  it("verifies a prefix and a message as their concatenation, in one batch with other jobs", async () => {
    const pool = newPool({ size: 1 });
    const s = newSigner();
    const prefix = utf8("parley/tx/v1");
    const body = utf8(" hello");
    const sig = s.sign(utf8("parley/tx/v1 hello"));
    const answers = await Promise.all([
      pool.verify(s.pk, body, sig, prefix),
      pool.verify(s.pk, utf8("parley/tx/v1 hello"), sig),
      // The same bytes split elsewhere are the same message; another prefix is not.
      pool.verify(s.pk, utf8("tx/v1 hello"), sig, utf8("parley/")),
      pool.verify(s.pk, body, sig, utf8("parley/tx/v2")),
      pool.verify(s.pk, body, sig),
    ]);
    expect(answers).toEqual([true, true, true, false, false]);
  });

  it("refuses a signature with a flipped bit and a signature by another key", async () => {
    const pool = newPool({ size: 1 });
    const a = newSigner();
    const b = newSigner();
    const msg = utf8("pay 5 to carol");
    const flipped = a.sign(msg);
    flipped[10]! ^= 0x01;
    expect(await pool.verify(a.pk, msg, flipped)).toBe(false);
    expect(await pool.verify(a.pk, msg, b.sign(msg))).toBe(false);
  });

  it("refuses a malleated signature (S + L) that lax verifiers accept", async () => {
    const pool = newPool({ size: 1 });
    const s = newSigner();
    const msg = utf8("same tx, other signature bytes");
    const sig = s.sign(msg);
    const m = malleate(sig);
    expect(m).not.toEqual(sig);
    expect(await pool.verify(s.pk, msg, sig)).toBe(true);
    expect(await pool.verify(s.pk, msg, m)).toBe(false);
  });

  it("refuses small-order keys, keys off the curve and wrongly sized inputs", async () => {
    const pool = newPool({ size: 1 });
    const s = newSigner();
    const msg = utf8("m");
    const sig = s.sign(msg);
    const identity = new Uint8Array(32);
    identity[0] = 1; // the neutral point: a small-order key
    expect(await pool.verify(identity, msg, sig)).toBe(false);
    // y = 2 has no x on the curve: node:crypto cannot even build a key from it.
    const offCurve = new Uint8Array(32);
    offCurve[0] = 2;
    expect(await pool.verify(offCurve, msg, sig)).toBe(false);
    expect(await pool.verify(s.pk.subarray(0, 31), msg, sig)).toBe(false);
    expect(await pool.verify(s.pk, msg, sig.subarray(0, 63))).toBe(false);
  });

  it("answers every job of many concurrent batches with its own result, across workers", async () => {
    const pool = newPool({ size: 2, maxBatch: 37 });
    const signers = Array.from({ length: 20 }, () => newSigner());
    const jobs = Array.from({ length: 1500 }, (_, i) => {
      const s = signers[i % signers.length]!;
      const msg = utf8(`tx number ${i} ${"x".repeat(i % 300)}`);
      const sig = s.sign(msg);
      const good = i % 3 !== 0;
      if (!good) sig[i % 32]! ^= 0x80; // R bytes: stays canonical, fails the curve check
      return { pk: s.pk, msg, sig, good };
    });
    // Three bursts started in different turns of the event loop, all in flight together.
    const bursts = [jobs.slice(0, 500), jobs.slice(500, 1000), jobs.slice(1000)];
    const answers = await Promise.all(
      bursts.map(async (burst, k) => {
        await new Promise((r) => setTimeout(r, k));
        return Promise.all(burst.map((j) => pool.verify(j.pk, j.msg, j.sig)));
      }),
    );
    expect(answers.flat()).toEqual(jobs.map((j) => j.good));
    expect(pool.backlog).toBe(0);
  });

  it("settles answers in call order even when a later batch's worker finishes first", async () => {
    // Admission puts one sender's txs into the pool as their verifies settle: out of call order,
    // the later nonces of one RPC batch were refused NONCE_GAP.
    const pool = newPool({ size: 2, maxBatch: 256 });
    const s = newSigner();
    // 500 jobs split 250/250 over the two workers: the first half's messages are 64 KiB (slow to
    // hash), the second half's tiny, so the second worker answers first.
    const jobs = Array.from({ length: 500 }, (_, i) => {
      const msg = utf8(`${i} ${"y".repeat(i < 250 ? 65_536 : 8)}`);
      return { msg, sig: s.sign(msg) };
    });
    const settled: number[] = [];
    const answers = await Promise.all(jobs.map((j, i) => pool.verify(s.pk, j.msg, j.sig).then((ok) => {
      settled.push(i);
      return ok;
    })));
    expect(answers.every((ok) => ok)).toBe(true);
    expect(settled).toEqual(jobs.map((_, i) => i));
  });

  it("finishes queued verifies on close, then refuses new ones with POOL_CLOSED", async () => {
    const pool = newPool({ size: 1 });
    const s = newSigner();
    const msgs = Array.from({ length: 200 }, (_, i) => utf8(`m${i}`));
    const pending = msgs.map((m) => pool.verify(s.pk, m, s.sign(m)));
    await pool.close();
    expect(await Promise.all(pending)).toEqual(msgs.map(() => true));
    const after = pool.verify(s.pk, msgs[0]!, s.sign(msgs[0]!));
    await expect(after).rejects.toBeInstanceOf(VerifyPoolError);
    await expect(after).rejects.toMatchObject({ code: "POOL_CLOSED" });
    await pool.close(); // idempotent
  });
});
