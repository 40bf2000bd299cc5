// The test vectors printed in docs/PROTOCOL.md, recomputed by our code and compared with the
// document itself (not with a copy of it): if this fails, either the wire format changed and
// the document (and every third-party implementation) must change with it, or the document
// was edited wrong. Every `name  hex` line of a fenced block in the document is a vector.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Chain, txIdOf } from "../../../src/chain/chain.js";
import { parseGenesis } from "../../../src/chain/genesis.js";
import { encodeHeader } from "../../../src/chain/block/codec.js";
import { encodeAccount } from "../../../src/chain/state/account.js";
import { smtKey } from "../../../src/chain/state/state-store.js";
import { encodeProof } from "../../../src/chain/state/smt/proof.js";
import { SparseMerkleTree, EMPTY_ROOT } from "../../../src/chain/state/smt/tree.js";
import { GOV_KEY_SET, encodeAddressList } from "../../../src/chain/tx/kinds/governance-state.js";
import { StateNs } from "../../../src/chain/tx/spec.js";
import { licenceKey, workKey } from "../../../src/chain/works/records.js";
import { nameKey, primaryKey } from "../../../src/chain/names/records.js";
import { assetIdOf, assetKey, holdingKey } from "../../../src/chain/assets/records.js";
import { decodeTx } from "../../../src/chain/tx/codec.js";
import { identityFromSecret, signBytes } from "../../../src/client/keys.js";
import { deviceAddMessage, deviceListKey, deviceRecordKey, encodeDeviceList, encodeDeviceRecord } from "../../../src/chain/tx/kinds/device-state.js";
import { buildTx } from "../../../src/client/tx-builder.js";
import { sha256 } from "../../../src/crypto/native.js";
import { genesisAnchor } from "../../../src/light/genesis.js";
import { fromHex, toHex, utf8 } from "../../../src/util/bytes.js";

const DOC = new URL("../../../docs/PROTOCOL.md", import.meta.url);

/** `name hex` lines of the document's fenced blocks; indented hex lines continue the previous one. */
function documentedVectors(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let fenced = false;
  let last: string | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) {
      fenced = !fenced;
      last = undefined;
      continue;
    }
    if (!fenced) continue;
    const start = /^([a-zA-Z][\w.]*)\s+([0-9a-f]+)$/.exec(line);
    const more = /^\s+([0-9a-f]+)$/.exec(line);
    if (start) {
      if (out.has(start[1]!)) throw new Error(`vector ${start[1]} is documented twice`);
      out.set(start[1]!, start[2]!);
      last = start[1]!;
    } else if (more && last !== undefined) {
      out.set(last, out.get(last)! + more[1]!);
    } else {
      last = undefined;
    }
  }
  return out;
}

const alice = identityFromSecret(new Uint8Array(32).fill(1));
const bob = identityFromSecret(new Uint8Array(32).fill(2));
const CHAIN_ID = "parley-dev";
const GENESIS_TIME = 1_795_305_600_000; // 2026-11-22T00:00:00Z in ms, as in genesis.json: above 2^32

function vectorGenesis() {
  return parseGenesis(
    JSON.stringify({
      chainId: CHAIN_ID,
      genesisTime: GENESIS_TIME,
      validators: [alice.address, bob.address],
      accounts: [
        { address: alice.address, balance: "1000000000000000" },
        { address: bob.address, balance: "5000" },
      ],
    }),
  );
}

function transferVector() {
  return buildTx(alice, "transfer", { to: bob.publicKey, amount: 1000n, memo: null }, { chainId: CHAIN_ID, nonce: 0, fee: 1200n, expiry: 600 });
}

/** Every vector the document must carry, computed from scratch. */
async function computedVectors(dir: string): Promise<Map<string, string>> {
  const v = new Map<string, string>();
  const g = vectorGenesis();
  const tx = transferVector();
  v.set("alice", toHex(alice.publicKey));
  v.set("bob", toHex(bob.publicKey));
  v.set("payload", toHex(tx.stx.payload));
  v.set("sig", toHex(tx.stx.sig));
  v.set("id", tx.id);

  // Genesis state: two accounts and the governance validator set, under one root.
  const aliceAccount = encodeAccount({ balance: 10n ** 15n, nonce: 0, prekey: null });
  const govSet = encodeAddressList(g.validators);
  v.set("alice.accountKey", toHex(smtKey(StateNs.account, alice.publicKey)));
  v.set("alice.account", toHex(aliceAccount));
  v.set("gov.setKey", toHex(smtKey(StateNs.governance, GOV_KEY_SET)));
  v.set("gov.set", toHex(govSet));

  const anchor = await genesisAnchor(g);
  v.set("genesis.stateRoot", toHex(anchor.header.stateRoot));
  v.set("genesis.validatorsHash", toHex(anchor.header.validatorsHash));
  v.set("genesis.header", toHex(anchor.bytes));
  v.set("genesis.hash", toHex(anchor.hash));

  // An exclusion proof under the genesis root (nobody holds carol's key), to show the bitmap.
  const carol = identityFromSecret(new Uint8Array(32).fill(3));
  const leaves = [
    { key: smtKey(StateNs.account, alice.publicKey), valueHash: sha256(aliceAccount) },
    { key: smtKey(StateNs.account, bob.publicKey), valueHash: sha256(encodeAccount({ balance: 5000n, nonce: 0, prekey: null })) },
    { key: smtKey(StateNs.governance, GOV_KEY_SET), valueHash: sha256(govSet) },
  ];
  const nodes = new Map<string, Uint8Array>();
  const tree = new SparseMerkleTree({ get: async (h) => nodes.get(toHex(h)) });
  const built = await tree.update(EMPTY_ROOT, leaves);
  for (const n of built.nodes) nodes.set(toHex(n.hash), n.bytes);
  expect(toHex(built.root)).toBe(toHex(anchor.header.stateRoot));
  v.set("carol.accountKey", toHex(smtKey(StateNs.account, carol.publicKey)));
  v.set("carol.proof", toHex(encodeProof(await tree.prove(built.root, smtKey(StateNs.account, carol.publicKey)))));

  // Block 1: the transfer above, proposed by alice (proposer of height 1, round 0), one second after genesis.
  const chain = await Chain.open(join(dir, "chain"), g);
  try {
    expect(toHex(chain.head.hash)).toBe(toHex(anchor.hash));
    const d = decodeTx(tx.bytes, 1 << 20);
    if (!d.ok) throw d.error;
    const { prepared, rejected } = await chain.buildBlock([{ stx: d.value, id: txIdOf(d.value) }], alice.publicKey, null, GENESIS_TIME + 1000);
    expect(rejected).toEqual([]);
    // As the document says: alice pays 1000 and the 1200 fee, and gets the fee back as proposer.
    const after = new Map(prepared.exec.changes.map((c) => [toHex(c.key), toHex(c.value)]));
    expect(after.get(toHex(alice.publicKey))).toBe(toHex(encodeAccount({ balance: 10n ** 15n - 1000n, nonce: 1, prekey: null })));
    expect(after.get(toHex(bob.publicKey))).toBe(toHex(encodeAccount({ balance: 6000n, nonce: 0, prekey: null })));
    expect(prepared.exec.changes.length).toBe(2);
    v.set("block1.txRoot", toHex(prepared.block.header.txRoot));
    v.set("block1.stateRoot", toHex(prepared.block.header.stateRoot));
    v.set("block1.header", toHex(encodeHeader(prepared.block.header)));
    v.set("block1.hash", toHex(prepared.hash));
  } finally {
    await chain.close();
  }

  // An automatic action (section 3): alice's hash-time lock of 5000 to bob, released with the
  // preimage of "secret" before height 100, refunded from it; its record's state key (section 5).
  const htlc = buildTx(alice, "escrow", {
    op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 5000n,
    release: { op: "and", children: [{ op: "hashPreimage", sha256: sha256(utf8("secret")) }, { op: "before", clock: "height", at: 100 }] },
    refund: { op: "after", clock: "height", at: 100 },
  }, { chainId: CHAIN_ID, nonce: 1, fee: 2500n, expiry: 600 });
  v.set("escrow.payload", toHex(htlc.stx.payload));
  v.set("escrow.id", htlc.id);
  v.set("escrow.recordKey", toHex(smtKey(StateNs.action, Uint8Array.of(0x01, ...Buffer.from(htlc.id, "hex")))));

  // A device (section 3 "Devices"): alice adds seed 04x32 as "phone"; its consent, the tx, and
  // the two state entries it writes at height 2 (section 5).
  const phone = identityFromSecret(new Uint8Array(32).fill(4));
  const consent = signBytes(phone.secretKey, deviceAddMessage(CHAIN_ID, alice.publicKey, phone.publicKey));
  const addPhone = buildTx(alice, "deviceAdd", { device: phone.publicKey, label: "phone", proof: consent }, { chainId: CHAIN_ID, nonce: 1, fee: 1300n, expiry: 600 });
  v.set("device.phone", toHex(phone.publicKey));
  v.set("device.consent", toHex(consent));
  v.set("device.payload", toHex(addPhone.stx.payload));
  v.set("device.id", addPhone.id);
  v.set("device.listKey", toHex(smtKey(StateNs.device, deviceListKey(alice.publicKey))));
  v.set("device.list", toHex(encodeDeviceList([{ device: phone.publicKey, addedHeight: 2, label: "phone" }])));
  v.set("device.recordKey", toHex(smtKey(StateNs.device, deviceRecordKey(phone.publicKey))));
  v.set("device.record", toHex(encodeDeviceRecord({ owner: alice.publicKey, addedHeight: 2, revokedHeight: 0, label: "phone" })));
  // A work (section 3, docs/WORKS.md): alice registers sha256("song") with bob (70/30 %), one
  // perpetual personal offer at 1000, anchoring it in the same tx; bob buys the licence.
  const song = sha256(utf8("song"));
  const work = buildTx(alice, "work", {
    op: "register", contentHash: song, metaHash: sha256(utf8("song.json")),
    creators: [{ address: alice.publicKey, bps: 7_000 }, { address: bob.publicKey, bps: 3_000 }],
    offers: [{ asset: null, price: 1000n, use: "personal", term: { clock: "perpetual" } }], anchorTag: "song",
  }, { chainId: CHAIN_ID, nonce: 2, fee: 1500n, expiry: 600 });
  v.set("work.payload", toHex(work.stx.payload));
  v.set("work.recordKey", toHex(smtKey(StateNs.work, workKey(song))));
  const licence = buildTx(bob, "work", { op: "license", workId: song, offer: 0, asset: null, price: 1000n }, { chainId: CHAIN_ID, nonce: 0, fee: 1300n, expiry: 600 });
  v.set("license.payload", toHex(licence.stx.payload));
  v.set("license.recordKey", toHex(smtKey(StateNs.work, licenceKey(song, 0))));
  // A name (section 3, docs/NAMES.md): alice registers "alice" for one year at the default fee
  // (weight 5: 4 x 100,000), and the Han name "张三" (weight 4: 8 x 100,000) keys its record by UTF-8.
  const name = buildTx(alice, "name", { op: "register", name: "alice", years: 1, pay: 400_000n }, { chainId: CHAIN_ID, nonce: 3, fee: 1300n, expiry: 600 });
  v.set("name.payload", toHex(name.stx.payload));
  v.set("name.recordKey", toHex(smtKey(StateNs.name, nameKey("alice"))));
  v.set("name.hanRecordKey", toHex(smtKey(StateNs.name, nameKey("张三"))));
  v.set("name.primaryKey", toHex(smtKey(StateNs.name, primaryKey(alice.publicKey))));
  // Assets (section 3, docs/ASSETS.md): alice creates PTS (2 decimals, 1000.00 created, max
  // 5000.00, transferable + mintable); its id; a transfer of 12.50 PTS to bob with the asset as
  // the 4th field, and a message paying 2.25 PTS with [] as field 5 and the asset as field 6.
  const mkAsset = buildTx(alice, "asset", { op: "create", symbol: "PTS", name: "Tea shop points", decimals: 2, initial: 100_000n, maxSupply: 500_000n, metaHash: null, flags: 3 }, { chainId: CHAIN_ID, nonce: 3, fee: 1100n, expiry: 600 });
  const pts = assetIdOf(alice.publicKey, fromHex(mkAsset.id)!);
  v.set("asset.create.payload", toHex(mkAsset.stx.payload));
  v.set("asset.id", toHex(pts));
  v.set("asset.recordKey", toHex(smtKey(StateNs.asset, assetKey(pts))));
  v.set("asset.holdingKey", toHex(smtKey(StateNs.asset, holdingKey(pts, bob.publicKey))));
  // bob's account entry after both payments, had he held nothing else and no native balance: his
  // first holding lives inside it (PROTOCOL.md 5, docs/DECISIONS.md 45), so holdingKey stays absent.
  v.set("asset.bobAccount", toHex(encodeAccount({ balance: 0n, nonce: 0, prekey: null, holdings: [{ asset: pts, balance: 1475n, frozen: false }] })));
  v.set("asset.transfer.payload", toHex(buildTx(alice, "transfer", { to: bob.publicKey, amount: 1250n, memo: null, asset: pts }, { chainId: CHAIN_ID, nonce: 4, fee: 1100n, expiry: 600 }).stx.payload));
  v.set("asset.message.payload", toHex(buildTx(alice, "message", { to: bob.publicKey, envelope: new Uint8Array(4).fill(0xee), amount: 225n, selfEnvelope: null, asset: pts }, { chainId: CHAIN_ID, nonce: 5, fee: 1100n, expiry: 600 }).stx.payload));
  // Actions in an asset (docs/ACTIONS.md 2.7): the escrow vector's hash-time lock, now of 50.00
  // PTS, with the asset as the body's 7th field; and a red packet of 12.00 PTS in 3 equal shares
  // to a channel of 32 bytes 0x07, expiring at height 500, the asset as the 9th field.
  v.set("asset.escrow.payload", toHex(buildTx(alice, "escrow", {
    op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 5000n, asset: pts,
    release: { op: "and", children: [{ op: "hashPreimage", sha256: sha256(utf8("secret")) }, { op: "before", clock: "height", at: 100 }] },
    refund: { op: "after", clock: "height", at: 100 },
  }, { chainId: CHAIN_ID, nonce: 6, fee: 2600n, expiry: 600 }).stx.payload));
  v.set("asset.redPacket.payload", toHex(buildTx(alice, "redPacket", {
    op: "send", total: 1200n, shares: 3, split: "equal", audience: { kind: "channel", channel: new Uint8Array(32).fill(7) }, expiry: { clock: "height", at: 500 }, asset: pts,
  }, { chainId: CHAIN_ID, nonce: 7, fee: 1500n, expiry: 600 }).stx.payload));

  // The sparse Merkle tree vector of section 5: hashing alone, no encoding.
  const named = (name: string) => ({ key: sha256(utf8(name)), valueHash: sha256(utf8(`${name}-value`)) });
  const abc = await new SparseMerkleTree({ get: async () => undefined }).update(EMPTY_ROOT, [named("alice"), named("bob"), named("carol")]);
  v.set("smt.root", toHex(abc.root));
  return v;
}

let dir: string;
let computed: Map<string, string>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "parley-vectors-"));
  computed = await computedVectors(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/PROTOCOL.md test vectors", () => {
  it("are exactly what our code computes, and the document carries every one of them", () => {
    const documented = documentedVectors(readFileSync(DOC, "utf8"));
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(computed));
  });

  it("write a header's time above 2^32 as uint64 (0xcf + 8 bytes big-endian), not as float64", () => {
    // [fixarray 12, version, fixstr "parley-dev", height (fixint)] take 14 bytes; time follows.
    for (const [name, time] of [["genesis.header", GENESIS_TIME], ["block1.header", GENESIS_TIME + 1000]] as const) {
      const bytes = Buffer.from(computed.get(name)!, "hex");
      expect(bytes[14], name).toBe(0xcf);
      expect(bytes.readBigUInt64BE(15), name).toBe(BigInt(time));
    }
  });
});
