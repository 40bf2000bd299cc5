import { describe, expect, it } from "vitest";
import {
  buildCertificate,
  decodeCertificate,
  encodeCertificate,
  verifyCertificate,
  type CommitCertificate,
} from "../../../src/consensus/certificate.js";
import { encode } from "../../../src/chain/codec.js";
import { signVote, type VoteType } from "../../../src/consensus/messages.js";
import { ValidatorSet } from "../../../src/consensus/validator-set.js";
import { testValue } from "./bench.js";
import { makeKeys, nobleSigner, nobleVerify } from "./keys.js";

const CHAIN = "cert-chain";
const keys = makeKeys(4, "cert");
const set = ValidatorSet.from(keys.map((k) => k.publicKey));
const v = testValue("v");
const w = testValue("w");

function precommit(i: number, opts: { round?: number; id?: Uint8Array; type?: VoteType; key?: (typeof keys)[number] } = {}) {
  const key = opts.key ?? keys[i]!;
  return signVote(
    CHAIN,
    { type: opts.type ?? "precommit", height: 9, round: opts.round ?? 2, valueId: opts.id ?? v.id, validator: key.publicKey },
    nobleSigner(key),
  );
}

function cert(votes: ReturnType<typeof precommit>[]): CommitCertificate {
  return buildCertificate(9, 2, v.id, votes);
}

function code(c: CommitCertificate): string {
  const r = verifyCertificate(c, set, CHAIN, nobleVerify);
  return r.ok ? "ok" : r.error.code;
}

describe("commit certificates", () => {
  it("Q precommits of distinct validators verify", () => {
    expect(code(cert([precommit(0), precommit(2), precommit(3)]))).toBe("ok");
  });

  it("too few signatures fail", () => {
    expect(code(cert([precommit(0), precommit(2)]))).toBe("INSUFFICIENT");
  });

  it("a duplicated signer counts once", () => {
    const c = cert([precommit(0), precommit(2)]);
    c.precommits.push(c.precommits[0]!);
    expect(c.precommits).toHaveLength(3);
    expect(code(c)).toBe("INSUFFICIENT");
  });

  it("a signer from outside the set fails the certificate", () => {
    const outsider = makeKeys(1, "outside")[0]!;
    expect(code(cert([precommit(0), precommit(1), precommit(2), precommit(0, { key: outsider })]))).toBe("NOT_VALIDATOR");
  });

  it("a precommit for another round, another id, or a prevote fails", () => {
    expect(code(cert([precommit(0), precommit(1), precommit(2, { round: 3 })]))).toBe("BAD_SIGNATURE");
    expect(code(cert([precommit(0), precommit(1), precommit(2, { id: w.id })]))).toBe("BAD_SIGNATURE");
    expect(code(cert([precommit(0), precommit(1), precommit(2, { type: "prevote" })]))).toBe("BAD_SIGNATURE");
  });

  it("a certificate for another chain fails", () => {
    const c = cert([precommit(0), precommit(1), precommit(2)]);
    expect(verifyCertificate(c, set, "other", nobleVerify).ok).toBe(false);
  });

  it("encodes canonically (signers in address order) and decodes back", () => {
    const c = cert([precommit(3), precommit(0), precommit(1)]);
    const bytes = encodeCertificate(c);
    const back = decodeCertificate(bytes);
    expect(back.ok && back.value).toEqual(c);
    expect(back.ok && verifyCertificate(back.value, set, CHAIN, nobleVerify).ok).toBe(true);
  });

  it("decoding refuses unsorted or repeated signers", () => {
    const c = cert([precommit(0), precommit(1), precommit(2)]);
    const pairs = c.precommits.map((p) => [p.validator, p.signature]);
    const unsorted = encode([9, 2, v.id, [pairs[1], pairs[0], pairs[2]]]);
    const repeated = encode([9, 2, v.id, [pairs[0], pairs[0], pairs[1]]]);
    expect(decodeCertificate(unsorted)).toMatchObject({ ok: false, error: { type: { code: "BAD_FIELD" } } });
    expect(decodeCertificate(repeated)).toMatchObject({ ok: false, error: { type: { code: "BAD_FIELD" } } });
  });
});
