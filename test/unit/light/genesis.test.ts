import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Chain } from "../../../src/chain/chain.js";
import { parseGenesis } from "../../../src/chain/genesis.js";
import { genesisJson } from "../../../src/node/dev-chain.js";
import { newIdentity } from "../../../src/client/keys.js";
import { genesisAnchor } from "../../../src/light/genesis.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the genesis anchor", () => {
  it("has exactly the hash a full node computes for height 0", async () => {
    const vals = [newIdentity(), newIdentity(), newIdentity()];
    const accounts = [newIdentity(), newIdentity()].map((a, i) => ({ address: a.address, balance: BigInt(1000 * (i + 1)) }));
    const genesis = parseGenesis(genesisJson("anchor-test", vals, accounts, { blockTimeMs: 100 }));
    const dir = mkdtempSync(join(tmpdir(), "light-genesis-"));
    dirs.push(dir);
    const chain = await Chain.open(dir, genesis);
    try {
      const anchor = await genesisAnchor(genesis);
      expect(Buffer.from(anchor.hash).toString("hex")).toBe(Buffer.from(chain.head.hash).toString("hex"));
    } finally {
      await chain.close();
    }
  });
});
