// action_get and action_list over a real chain: the record as JSON, a state proof that checks
// against the head's stateRoot, the parties' listing, and clear errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { Chain } from "../../../../src/chain/chain.js";
import { parseGenesis } from "../../../../src/chain/genesis.js";
import { recordKey } from "../../../../src/chain/actions/state-keys.js";
import { decodeProof, verifyProof } from "../../../../src/chain/state/smt/proof.js";
import { smtKey } from "../../../../src/chain/state/state-store.js";
import { StateNs } from "../../../../src/chain/tx/spec.js";
import { formatAddress } from "../../../../src/chain/address.js";
import { assetIdOf } from "../../../../src/chain/assets/records.js";
import { buildTx } from "../../../../src/client/tx-builder.js";
import { genesisJson } from "../../../../src/node/dev-chain.js";
import { ActionModule } from "../../../../src/rpc/modules/action.js";
import type { NodeView } from "../../../../src/rpc/node-view.js";
import { fromHex, toHex } from "../../../../src/util/bytes.js";
import { CHAIN_ID, identity } from "../../chain/tx/fixtures.js";

const alice = identity("alice");
const bob = identity("bob");
const carol = identity("carol");
const validator = identity("validator");
let dir: string;
let chain: Chain;
let mod: ActionModule;
let escrowId: Uint8Array;
let assetEscrowId: Uint8Array;
let pts: Uint8Array;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "parley-action-rpc-"));
  chain = await Chain.open(dir, parseGenesis(genesisJson(CHAIN_ID, [validator], [{ address: alice.address, balance: 10n ** 9n }], { blockTimeMs: 100 })));
  const built = buildTx(alice, "escrow", {
    op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 5_000n,
    release: { op: "hashPreimage", sha256: sha256(new Uint8Array([1])) }, refund: { op: "after", clock: "height", at: 50 },
  }, { chainId: CHAIN_ID, nonce: 0, fee: 100_000n, expiry: 100 });
  escrowId = sha256(built.stx.payload);
  const { prepared } = await chain.buildBlock([{ stx: built.stx, id: escrowId }], validator.publicKey, null, Date.now());
  await chain.commit(prepared, null);
  // An escrow in an asset: alice issues PTS (2 decimals) and locks 12.50 PTS in the next block.
  const mk = buildTx(alice, "asset", { op: "create", symbol: "PTS", name: "Tea shop points", decimals: 2, initial: 100_000n, maxSupply: null, metaHash: null, flags: 1 }, { chainId: CHAIN_ID, nonce: 1, fee: 100_000n, expiry: 100 });
  pts = assetIdOf(alice.publicKey, sha256(mk.stx.payload));
  const inPts = buildTx(alice, "escrow", {
    op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 1_250n, asset: pts,
    release: { op: "hashPreimage", sha256: sha256(new Uint8Array([1])) }, refund: { op: "after", clock: "height", at: 50 },
  }, { chainId: CHAIN_ID, nonce: 2, fee: 100_000n, expiry: 100 });
  assetEscrowId = sha256(inPts.stx.payload);
  const second = await chain.buildBlock([{ stx: mk.stx, id: sha256(mk.stx.payload) }, { stx: inPts.stx, id: assetEscrowId }], validator.publicKey, null, Date.now());
  await chain.commit(second.prepared, null);
  mod = new ActionModule({ chain } as unknown as NodeView);
});
afterAll(async () => {
  await chain.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("action RPC module", () => {
  it("action_get shows an action in an asset with the asset's id, symbol, decimals and issuer and formatted amounts", async () => {
    const got = await mod.get(assetEscrowId, false);
    expect(got).toMatchObject({
      kind: "escrow", status: "open", locked: "1250", amount: "1250",
      asset: { assetId: "0x" + toHex(pts), symbol: "PTS", decimals: 2, issuer: formatAddress(alice.publicKey) },
      formatted: { locked: "12.5 PTS", amount: "12.5 PTS" },
    });
  });

  it("action_get returns the record with a proof that verifies against the head's stateRoot", async () => {
    const got = await mod.get(escrowId, true);
    expect(got).toMatchObject({ id: "0x" + toHex(escrowId), kind: "escrow", status: "open", locked: "5000", releaseTo: formatAddress(bob.publicKey), height: 2 });
    // Base units stay exact; the display fields say what they count (the native token here: 6 decimals).
    expect(got).toMatchObject({ asset: { assetId: null, symbol: "PAR", decimals: 6, issuer: null }, formatted: { locked: "0.005 PAR", amount: "0.005 PAR" } });
    const proof = got["proof"] as { stateRoot: string; value: string; smtProof: string };
    expect(proof.stateRoot).toBe("0x" + toHex(chain.head.header.stateRoot));
    const decoded = decodeProof(fromHex(proof.smtProof)!)!;
    const key = smtKey(StateNs.action, recordKey(escrowId));
    expect(verifyProof(chain.head.header.stateRoot, key, sha256(fromHex(proof.value)!), decoded, sha256)).toBe(true);
    // The same proof does not vouch for a different record.
    expect(verifyProof(chain.head.header.stateRoot, key, sha256(new Uint8Array([0])), decoded, sha256)).toBe(false);
  });

  it("action_get of an unknown id is NOT_FOUND with reason ACTION_NOT_FOUND", async () => {
    await expect(mod.get(new Uint8Array(32), false)).rejects.toMatchObject({ type: { code: "NOT_FOUND", reason: "ACTION_NOT_FOUND" } });
  });

  it("action_list shows the escrow to its owner and its recipient, not to others; a bad cursor is refused", async () => {
    for (const who of [alice, bob]) {
      const page = await mod.list(who.publicKey, 20, undefined);
      expect((page["actions"] as Array<{ id: string }>).map((a) => a.id)).toEqual(["0x" + toHex(escrowId), "0x" + toHex(assetEscrowId)]);
      expect((page["actions"] as Array<{ formatted: unknown }>).map((a) => a.formatted)).toEqual([{ locked: "0.005 PAR", amount: "0.005 PAR" }, { locked: "12.5 PTS", amount: "12.5 PTS" }]);
    }
    expect((await mod.list(carol.publicKey, 20, undefined))["actions"]).toEqual([]);
    await expect(mod.list(bob.publicKey, 20, "nope")).rejects.toMatchObject({ type: { code: "INVALID_PARAMS", reason: "BAD_FORMAT" } });
  });
});
