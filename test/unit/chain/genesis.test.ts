import { describe, expect, it } from "vitest";
import { GenesisError, genesisToJson, parseGenesis, type GenesisErrorType } from "../../../src/chain/genesis.js";
import { formatAddress } from "../../../src/chain/address.js";
import { DEFAULT_PARAMS } from "../../../src/chain/params.js";
import { genesisHash } from "../../../src/chain/genesis-hash.js";
import { compareBytes, toHex } from "../../../src/util/bytes.js";
import { identity } from "./tx/fixtures.js";

const v1 = identity("v1");
const v2 = identity("v2");
const alice = identity("alice");

type Raw = Record<string, unknown>;

function genesis(over: Raw = {}): Raw {
  return {
    chainId: "parley-test.1",
    genesisTime: 1_700_000_000_000,
    params: { blockTimeMs: 500, feeBase: "2000" },
    validators: [formatAddress(v1.publicKey), { address: toHex(v2.publicKey) }],
    accounts: [{ address: formatAddress(alice.publicKey), balance: "18446744073709551615" }],
    ...over,
  };
}

/** The GenesisError raised by parsing `text`; fails the test when parsing succeeds or throws something else. */
function failure(text: string): GenesisErrorType {
  try {
    parseGenesis(text);
  } catch (e) {
    expect(e).toBeInstanceOf(GenesisError);
    return (e as GenesisError).type;
  }
  throw new Error("expected parseGenesis to fail");
}

function fieldOf(over: Raw): string {
  return failure(JSON.stringify(genesis(over))).field;
}

describe("genesis parsing", () => {
  it("parses a valid genesis, sorting validators and keeping 64-bit balances exact", () => {
    const g = parseGenesis(JSON.stringify(genesis()));
    expect(g.chainId).toBe("parley-test.1");
    expect(g.genesisTime).toBe(1_700_000_000_000);
    expect(g.params).toEqual({ ...DEFAULT_PARAMS, blockTimeMs: 500, feeBase: 2000n });
    const expected = [v1.publicKey, v2.publicKey].sort(compareBytes).map(toHex);
    expect(g.validators.map(toHex)).toEqual(expected);
    expect(g.accounts).toEqual([{ address: alice.publicKey, balance: 2n ** 64n - 1n }]);
  });

  it("uses the default parameters and no accounts when those are omitted", () => {
    const { params: _p, accounts: _a, ...rest } = genesis();
    const g = parseGenesis(JSON.stringify(rest));
    expect(g.params).toEqual(DEFAULT_PARAMS);
    expect(g.accounts).toEqual([]);
  });

  it("names the file when the text is not JSON or not an object", () => {
    expect(failure("{ chainId: ")).toMatchObject({ code: "BAD_GENESIS", field: "(file)" });
    expect(failure("[]")).toMatchObject({ code: "BAD_GENESIS", field: "(file)" });
  });

  it("names chainId when it is missing, empty, too long or has other characters", () => {
    for (const chainId of [undefined, "", "c".repeat(65), "parley test", "parley/1", 5]) expect(fieldOf({ chainId }), String(chainId)).toBe("chainId");
    expect(parseGenesis(JSON.stringify(genesis({ chainId: "c".repeat(64) }))).chainId).toHaveLength(64);
  });

  it("names genesisTime when it is not a non-negative integer", () => {
    for (const genesisTime of [-1, 1.5, "0", null]) expect(fieldOf({ genesisTime })).toBe("genesisTime");
  });

  it("names validators when there are none, and the duplicate when one is listed twice", () => {
    expect(fieldOf({ validators: [] })).toBe("validators");
    expect(fieldOf({ validators: "v1" })).toBe("validators");
    const dup = failure(JSON.stringify(genesis({ validators: [formatAddress(v1.publicKey), toHex(v1.publicKey)] })));
    expect(dup).toEqual({ code: "BAD_GENESIS", field: "validators", reason: "duplicate validator" });
  });

  it("names the validator entry whose address is bad", () => {
    const bad = formatAddress(v2.publicKey).slice(0, -1) + "x";
    expect(fieldOf({ validators: [formatAddress(v1.publicKey), bad] })).toBe("validators[1]");
    expect(fieldOf({ validators: [toHex(v1.publicKey).slice(2)] })).toBe("validators[0]");
    expect(fieldOf({ validators: [{ addr: toHex(v1.publicKey) }] })).toBe("validators[0].addr");
  });

  it("names the account whose address is bad", () => {
    expect(fieldOf({ accounts: [{ address: "parley1nope", balance: "1" }] })).toBe("accounts[0].address");
    expect(fieldOf({ accounts: [{ balance: "1" }] })).toBe("accounts[0].address");
    expect(fieldOf({ accounts: ["x"] })).toBe("accounts[0]");
    expect(fieldOf({ accounts: {} })).toBe("accounts");
  });

  it("reads the asset parameters: native symbol and decimals, the issuer allow-list, the allowed flags; and round-trips them", () => {
    const g = parseGenesis(JSON.stringify(genesis({ params: { nativeSymbol: "TEA", nativeDecimals: 2, assetIssuers: [formatAddress(v1.publicKey)], assetFlagsAllowed: 3 } })));
    expect([g.params.nativeSymbol, g.params.nativeDecimals, g.params.assetFlagsAllowed]).toEqual(["TEA", 2, 3]);
    expect(g.params.assetIssuers!.map(toHex)).toEqual([toHex(v1.publicKey)]);
    expect(parseGenesis(JSON.stringify(genesis())).params.assetIssuers).toBeNull();
    expect(parseGenesis(JSON.stringify(genesis({ params: { assetIssuers: "anyone" } }))).params.assetIssuers).toBeNull();
    expect(parseGenesis(JSON.stringify(genesisToJson(g))).params).toEqual(g.params);
    expect(toHex(genesisHash(g))).not.toBe(toHex(genesisHash(parseGenesis(JSON.stringify(genesis())))));
    for (const [params, field] of [
      [{ nativeSymbol: "" }, "params.nativeSymbol"], [{ nativeSymbol: "TOO-LONG" }, "params.nativeSymbol"], [{ nativeDecimals: 19 }, "params.nativeDecimals"],
      [{ assetIssuers: ["parley1nope"] }, "params.assetIssuers[0]"], [{ assetIssuers: 5 }, "params.assetIssuers"], [{ assetFlagsAllowed: 16 }, "params.assetFlagsAllowed"],
    ] as const) expect(fieldOf({ params }), field).toBe(field);
  });

  it("names the balance when it is negative, fractional, not a number or does not fit in 64 bits", () => {
    for (const balance of ["-1", -1, "1.5", "1e6", "0x10", "", null, "18446744073709551616", "99999999999999999999999"])
      expect(fieldOf({ accounts: [{ address: toHex(alice.publicKey), balance }] }), String(balance)).toBe("accounts[0].balance");
  });

  it("refuses a balance given as a JSON number too large to be exact, rather than rounding it", () => {
    // 2^53 + 1 cannot be represented as a double: JSON.parse would silently make it 2^53.
    const text = JSON.stringify(genesis({ accounts: [{ address: toHex(alice.publicKey), balance: 0 }] })).replace('"balance":0', '"balance":9007199254740993');
    expect(failure(text).field).toBe("accounts[0].balance");
    // Small numbers are fine.
    expect(parseGenesis(JSON.stringify(genesis({ accounts: [{ address: toHex(alice.publicKey), balance: 42 }] }))).accounts[0]!.balance).toBe(42n);
  });

  it("refuses a total supply over 2^64-1, so no balance or block's fees can ever overflow", () => {
    const bob = identity("bob");
    const at = (who: typeof alice, balance: string) => ({ address: toHex(who.publicKey), balance });
    expect(fieldOf({ accounts: [at(alice, "18446744073709551615"), at(bob, "1")] })).toBe("accounts");
    const half = (1n << 63n).toString();
    expect(fieldOf({ accounts: [at(alice, half), at(bob, half)] })).toBe("accounts");
    // Exactly 2^64-1 in total is the largest allowed supply.
    const ok = parseGenesis(JSON.stringify(genesis({ accounts: [at(alice, half), at(bob, ((1n << 63n) - 1n).toString())] })));
    expect(ok.accounts.reduce((s, a) => s + a.balance, 0n)).toBe((1n << 64n) - 1n);
  });

  it("names an account listed twice", () => {
    const a = { address: toHex(alice.publicKey), balance: "1" };
    const b = { address: formatAddress(alice.publicKey), balance: "2" };
    expect(fieldOf({ accounts: [a, b] })).toBe("accounts[1].address");
  });

  it("names an unknown parameter and a parameter of the wrong type or range", () => {
    expect(failure(JSON.stringify(genesis({ params: { blockTimeMS: 1000 } })))).toMatchObject({ code: "BAD_GENESIS", field: "params.blockTimeMS", reason: "unknown parameter" });
    expect(fieldOf({ params: { toString: 1 } })).toBe("params.toString");
    expect(fieldOf({ params: { maxTxBytes: "1000" } })).toBe("params.maxTxBytes");
    expect(fieldOf({ params: { maxTxBytes: -1 } })).toBe("params.maxTxBytes");
    expect(fieldOf({ params: { feePerByte: "-1" } })).toBe("params.feePerByte");
    expect(fieldOf({ params: { blockTimeMs: 5 } })).toBe("params.blockTimeMs");
    expect(fieldOf({ params: { maxBlockTxs: 0 } })).toBe("params.maxBlockTxs");
    expect(fieldOf({ params: [] })).toBe("params");
  });

  it("refuses unknown fields, so a misspelt one is not silently dropped", () => {
    expect(fieldOf({ validator: [formatAddress(v1.publicKey)] })).toBe("validator");
    expect(fieldOf({ validators: [{ address: formatAddress(v1.publicKey), adress: "x" }] })).toBe("validators[0].adress");
    expect(fieldOf({ accounts: [{ address: formatAddress(alice.publicKey), balance: "1", amount: "2" }] })).toBe("accounts[0].amount");
  });

  it("keeps names and peer ids for people without them changing the chain", () => {
    const plain = parseGenesis(JSON.stringify(genesis()));
    const named = parseGenesis(JSON.stringify(genesis({ validators: [{ name: "org1 (Acme)", address: formatAddress(v1.publicKey), peerId: "12D3KooW" }, toHex(v2.publicKey)] })));
    expect(named).toEqual(plain);
  });

  it("accepts a draft with no validators only when asked", () => {
    const { validators: _v, ...rest } = genesis();
    expect(parseGenesis(JSON.stringify(rest), { draft: true }).validators).toEqual([]);
    expect(parseGenesis(JSON.stringify(genesis({ validators: [] })), { draft: true }).validators).toEqual([]);
    expect(fieldOf({ validators: [] })).toBe("validators");
  });
});

describe("genesis hash", () => {
  it("is the same for the same genesis written differently, and changes with any parameter", () => {
    const a = parseGenesis(JSON.stringify(genesis()));
    const reordered = genesis({ validators: [toHex(v2.publicKey), { name: "x", address: formatAddress(v1.publicKey) }] });
    const b = parseGenesis(JSON.stringify(Object.fromEntries(Object.entries(reordered).reverse()), null, 4));
    expect(toHex(genesisHash(b))).toBe(toHex(genesisHash(a)));
    const fee = parseGenesis(JSON.stringify(genesis({ params: { blockTimeMs: 500, feeBase: "2001" } })));
    expect(toHex(genesisHash(fee))).not.toBe(toHex(genesisHash(a)));
    const time = parseGenesis(JSON.stringify(genesis({ genesisTime: 1_700_000_000_001 })));
    expect(toHex(genesisHash(time))).not.toBe(toHex(genesisHash(a)));
  });
});
