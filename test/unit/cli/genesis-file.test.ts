import { describe, expect, it } from "vitest";
import { addValidator, fundAccount, newGenesis, setParam, validateGenesis } from "../../../src/cli/genesis-file.js";
import { GenesisError } from "../../../src/chain/genesis.js";
import { CliError } from "../../../src/cli/common.js";
import { formatAddress } from "../../../src/chain/address.js";
import { peerIdFromEd25519PublicKey } from "../../../src/network/identity.js";
import { identity } from "../chain/tx/fixtures.js";

const v1 = identity("v1");
const v2 = identity("v2");
const addr = (id: typeof v1) => formatAddress(id.publicKey);

describe("genesis ceremony files", () => {
  it("a new genesis funds nobody and has every parameter", async () => {
    const raw = newGenesis("acme-net", 1_700_000_000_000);
    expect(raw.accounts).toEqual([]);
    expect(Object.keys(raw["params"] as object)).toContain("heartbeatMs");
    await expect(validateGenesis(JSON.stringify(raw))).rejects.toMatchObject({ type: { field: "validators" } });
  });

  it("adds validators with peer ids, funds, sets params and validates", async () => {
    const raw = newGenesis("acme-net", 1_700_000_000_000);
    addValidator(raw, addr(v1), { peerId: peerIdFromEd25519PublicKey(v1.publicKey), name: "org1 (Acme)" });
    addValidator(raw, addr(v2), {});
    fundAccount(raw, addr(v1), "5000000");
    setParam(raw, "blockTimeMs", "500");
    setParam(raw, "feeBase", "2000");
    const r = await validateGenesis(JSON.stringify(raw));
    expect(r.validators.map((v) => v.name)).toContain("org1 (Acme)");
    expect(r.params["blockTimeMs"]).toBe(500);
    expect(r.params["feeBase"]).toBe("2000");
    expect(r.genesisHash).toMatch(/^[0-9a-f]{64}$/);
    // v2 is unfunded: its governance votes would fail, so validate says so
    expect(r.warnings.some((w) => w.includes(addr(v2)))).toBe(true);
  });

  it("refuses a peer id that is not the address's, a duplicate validator, an unknown parameter", () => {
    const raw = newGenesis("acme-net", 0);
    expect(() => addValidator(raw, addr(v1), { peerId: peerIdFromEd25519PublicKey(v2.publicKey) })).toThrow(CliError);
    addValidator(raw, addr(v1), {});
    expect(() => addValidator(raw, addr(v1), {})).toThrow(/already a validator/);
    expect(() => setParam(raw, "blockTime", "5")).toThrow(/unknown parameter "blockTime"/);
    expect(() => setParam(raw, "blockTimeMs", "-5")).toThrow(/non-negative integer/);
    expect(() => fundAccount(raw, "parley1nope", "5")).toThrow(/not an address/);
  });

  it("validate refuses a hand-edited peer id that does not match, naming the entry", async () => {
    const raw = newGenesis("acme-net", 0);
    addValidator(raw, addr(v1), {});
    raw.validators[0]!["peerId"] = peerIdFromEd25519PublicKey(v2.publicKey);
    await expect(validateGenesis(JSON.stringify(raw))).rejects.toBeInstanceOf(GenesisError);
    await expect(validateGenesis(JSON.stringify(raw))).rejects.toMatchObject({ type: { field: "validators[0].peerId" } });
  });
});
