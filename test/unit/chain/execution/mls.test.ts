// The MLS kinds' rules as a block executes them: one commit per (group, epoch), stale and
// future epochs refused with their codes, only holders of the epoch's submit key commit, and
// messages and welcomes only for epochs the chain has ordered. The MLS bytes carry real clear
// headers (test fixtures) and opaque rest: validators read nothing more.
import { describe, expect, it } from "vitest";
import { ed25519 } from "@noble/curves/ed25519.js";
import { decodeGroupRecord, groupKey, keyPackageKey as keyPackageKeyOf, signedCommitBytes, submitMessage } from "../../../../src/chain/tx/kinds/mls-state.js";
import { StateNs } from "../../../../src/chain/tx/spec.js";
import type { ExecTx } from "../../../../src/chain/execution/executor.js";
import type { Identity } from "../../../../src/client/keys.js";
import { bytes32, mlsKeyPackage, mlsPrivate, opaque } from "../tx/fixtures.js";
import { CHAIN_ID, failures, MapState, identity, rejection, runBlock, tx } from "./harness.js";
import { specOf } from "../../../../src/chain/tx/registry.js";
import { concatBytes } from "../../../../src/util/bytes.js";
import { decodeTx } from "../../../../src/chain/tx/codec.js";
import { decodeUnknown, encode } from "../../../../src/chain/codec.js";
import { signBytes } from "../../../../src/client/keys.js";
import { deviceAddMessage } from "../../../../src/chain/tx/kinds/device-state.js";

const alice = identity("alice");
const bob = identity("bob");
const mallory = identity("mallory");
const GROUP = bytes32("mls-group");
const COMMIT = 3;

/** Submit key of epoch e: members derive it from the MLS exporter; here from a label. */
const submitSeed = (e: number) => bytes32(`submit-${e}`);
const submitKey = (e: number) => ed25519.getPublicKey(submitSeed(e));

class World {
  readonly state = new MapState();
  height = 10;
  constructor() {
    for (const who of [alice, bob, mallory]) this.state.fund(who, 10_000_000n);
  }
  commit(from: Identity, epoch: number, opts: { signer?: Uint8Array; nonce?: number } = {}): ExecTx {
    const commit = mlsPrivate(GROUP, epoch, COMMIT, opaque(`commit-${epoch}-${from.address}`, 60));
    const next = submitKey(epoch + 1);
    const sig = epoch === 0 ? new Uint8Array(64) : ed25519.sign(submitMessage(CHAIN_ID, from.publicKey, GROUP, epoch, commit, next), opts.signer ?? submitSeed(epoch));
    return tx(from, "mlsCommit", { groupId: GROUP, epoch, members: 2, commit, nextSubmitKey: next, submitSig: sig }, { nonce: opts.nonce ?? this.state.account(from).nonce });
  }
  run(...txs: ExecTx[]) {
    return runBlock(this.state, txs, { height: this.height++ });
  }
  group() {
    const raw = this.state.get(StateNs.mls, groupKey(GROUP));
    return raw && decodeGroupRecord(raw);
  }
}

describe("MLS groups in execution", () => {
  it("the epoch-0 commit creates the group; the next epoch is 1 and its submit key is recorded", () => {
    const w = new World();
    const c = w.commit(alice, 0);
    expect(failures(w.run(c))).toEqual([]);
    expect(w.group()).toMatchObject({ epoch: 1, members: 2, submitKey: submitKey(1), creator: alice.publicKey, lastCommit: c.id });
  });

  it("accepts exactly one commit per (group, epoch): the second in the same block fails EPOCH_TAKEN", () => {
    const w = new World();
    w.run(w.commit(alice, 0));
    const first = w.commit(alice, 1);
    const second = w.commit(bob, 1);
    const r = w.run(first, second);
    expect(failures(r).map((f) => f.type)).toEqual([{ code: "EPOCH_TAKEN", epoch: 1, current: 2 }]);
    expect(w.group()?.epoch).toBe(2);
    expect(w.group()?.lastCommit).toEqual(first.id);
  });

  it("refuses an older epoch (STALE_EPOCH) and one not yet reached (EPOCH_AHEAD)", () => {
    const w = new World();
    w.run(w.commit(alice, 0));
    w.run(w.commit(alice, 1));
    w.run(w.commit(alice, 2));
    expect(rejection(w.run(w.commit(bob, 1)))).toEqual({ code: "STALE_EPOCH", epoch: 1, current: 3 });
    expect(rejection(w.run(w.commit(bob, 5)))).toEqual({ code: "EPOCH_AHEAD", epoch: 5, current: 3 });
    expect(w.group()?.epoch).toBe(3);
  });

  it("a commit not signed by the epoch's submit key fails NOT_GROUP_MEMBER and changes nothing", () => {
    const w = new World();
    w.run(w.commit(alice, 0));
    const before = w.group();
    expect(rejection(w.run(w.commit(mallory, 1, { signer: bytes32("not-the-key") })))).toEqual({ code: "NOT_GROUP_MEMBER" });
    expect(w.group()).toEqual(before);
  });

  it("a commit by blob: its header inline and a signature over header and reference; another reference fails NOT_GROUP_MEMBER", () => {
    const w = new World();
    w.run(w.commit(alice, 0));
    const header = mlsPrivate(GROUP, 1, COMMIT).subarray(0, 46);
    const ref = { blobHash: bytes32("commit-blob"), key: bytes32("commit-key"), size: 83_000, chunkSize: 65_536 };
    const next = submitKey(2);
    const sig = ed25519.sign(submitMessage(CHAIN_ID, alice.publicKey, GROUP, 1, signedCommitBytes(header, ref), next), submitSeed(1));
    const body = { groupId: GROUP, epoch: 1, members: 2, commit: header, nextSubmitKey: next, submitSig: sig };
    // The signature binds the reference: the same signature with another blob is an outsider's.
    const swapped = tx(alice, "mlsCommit", { ...body, commitBlob: { ...ref, blobHash: bytes32("other-blob") } }, { nonce: w.state.account(alice).nonce });
    expect(rejection(w.run(swapped))).toEqual({ code: "NOT_GROUP_MEMBER" });
    const good = tx(alice, "mlsCommit", { ...body, commitBlob: ref }, { nonce: w.state.account(alice).nonce });
    expect(failures(w.run(good))).toEqual([]);
    expect(w.group()).toMatchObject({ epoch: 2, lastCommit: good.id });
  });

  it("a second epoch-0 commit cannot take an existing group id", () => {
    const w = new World();
    w.run(w.commit(alice, 0));
    expect(rejection(w.run(w.commit(mallory, 0)))).toEqual({ code: "EPOCH_TAKEN", epoch: 0, current: 1 });
  });

  it("messages and welcomes need the group and an epoch the chain has ordered", () => {
    const w = new World();
    const msg = (epoch: number) => tx(bob, "mlsMessage", { groupId: GROUP, epoch, message: mlsPrivate(GROUP, epoch, 1) }, { nonce: w.state.account(bob).nonce });
    expect(rejection(w.run(msg(0)))).toEqual({ code: "GROUP_NOT_FOUND" });
    w.run(w.commit(alice, 0));
    expect(failures(w.run(msg(1)))).toEqual([]);
    expect(rejection(w.run(msg(2)))).toEqual({ code: "EPOCH_AHEAD", epoch: 2, current: 1 });
    const welcome = (epoch: number) => tx(alice, "mlsWelcome", { groupId: GROUP, epoch, to: [bob.publicKey], welcome: new Uint8Array([0, 1, 0, 3, 9]), ratchetTree: opaque("tree", 10) }, { nonce: w.state.account(alice).nonce });
    expect(failures(w.run(welcome(1)))).toEqual([]);
    expect(rejection(w.run(welcome(4)))).toEqual({ code: "EPOCH_AHEAD", epoch: 4, current: 1 });
  });
});

describe("MLS kinds' stateless rules", () => {
  const check = <K extends "mlsCommit" | "mlsMessage" | "mlsKeyPackage" | "mlsWelcome">(kind: K, body: Parameters<typeof tx<K>>[2], from = alice) =>
    specOf(kind).checkStateless(tx(from, kind, body).stx.tx as never, undefined as never)?.type ?? null;

  it("a commit whose clear header disagrees with its body is refused BAD_MLS", () => {
    const base = { groupId: GROUP, epoch: 4, members: 2, nextSubmitKey: submitKey(5), submitSig: new Uint8Array(64) };
    expect(check("mlsCommit", { ...base, commit: mlsPrivate(GROUP, 4, COMMIT) })).toBeNull();
    expect(check("mlsCommit", { ...base, commit: mlsPrivate(GROUP, 3, COMMIT) })).toEqual({ code: "BAD_MLS", reason: "epoch differs from the body's" });
    expect(check("mlsCommit", { ...base, commit: mlsPrivate(bytes32("other"), 4, COMMIT) })).toEqual({ code: "BAD_MLS", reason: "group id differs from the body's" });
    expect(check("mlsCommit", { ...base, commit: mlsPrivate(GROUP, 4, 1) })).toEqual({ code: "BAD_MLS", reason: "content type 1 not allowed here" });
    expect(check("mlsCommit", { ...base, commit: new Uint8Array([0, 1, 0, 1, 32]) })).toMatchObject({ code: "BAD_MLS" });
    expect(check("mlsCommit", { ...base, commit: mlsPrivate(GROUP, 4, COMMIT).subarray(0, 20) })).toEqual({ code: "BAD_MLS", reason: "truncated PrivateMessage header" });
  });

  it("a commit by blob carries exactly its 46-byte clear header and a fetchable reference", () => {
    const ref = { blobHash: bytes32("commit-blob"), key: bytes32("commit-key"), size: 83_000, chunkSize: 65_536 };
    const base = { groupId: GROUP, epoch: 4, members: 2, nextSubmitKey: submitKey(5), submitSig: new Uint8Array(64), commitBlob: ref };
    expect(check("mlsCommit", { ...base, commit: mlsPrivate(GROUP, 4, COMMIT).subarray(0, 46) })).toBeNull();
    expect(check("mlsCommit", { ...base, commit: mlsPrivate(GROUP, 4, COMMIT) })).toEqual({ code: "BAD_MLS", reason: "with commitBlob, commit is the 46-byte clear header only" });
    expect(check("mlsCommit", { ...base, commit: mlsPrivate(GROUP, 4, COMMIT).subarray(0, 46), commitBlob: { ...ref, size: 0 } })).toEqual({ code: "BAD_MLS", reason: "commitBlob: size must be positive" });
  });

  it("an application message cannot pose as a commit, nor a commit as a message", () => {
    expect(check("mlsMessage", { groupId: GROUP, epoch: 2, message: mlsPrivate(GROUP, 2, 1) })).toBeNull();
    expect(check("mlsMessage", { groupId: GROUP, epoch: 2, message: mlsPrivate(GROUP, 2, COMMIT) })).toMatchObject({ code: "BAD_MLS" });
  });

  it("a welcome's tree is inline (5 fields, as before) or a blob reference (6 fields), never both", () => {
    const base = { groupId: GROUP, epoch: 1, to: [bob.publicKey], welcome: new Uint8Array([0, 1, 0, 3, 9]) };
    const ref = { blobHash: bytes32("tree-blob"), key: bytes32("tree-key"), size: 250_000, chunkSize: 65_536 };
    const inline = tx(alice, "mlsWelcome", { ...base, ratchetTree: opaque("tree", 10) });
    const byBlob = tx(alice, "mlsWelcome", { ...base, ratchetTree: new Uint8Array(0), treeBlob: ref });
    const fields = (t: ExecTx) => (decodeUnknown(encodeTxBody(t)) as unknown[]).length;
    expect([fields(inline), fields(byBlob)]).toEqual([5, 6]);
    const back = decodeTx(byBlob.stx.bytes, 1 << 20);
    expect(back.ok && back.value.tx.kind === "mlsWelcome" && back.value.tx.body.treeBlob).toEqual(ref);
    expect(check("mlsWelcome", { ...base, ratchetTree: opaque("tree", 10) })).toBeNull();
    expect(check("mlsWelcome", { ...base, ratchetTree: new Uint8Array(0), treeBlob: ref })).toBeNull();
    expect(check("mlsWelcome", { ...base, ratchetTree: opaque("tree", 10), treeBlob: ref })).toEqual({ code: "BAD_MLS", reason: "ratchetTree must be empty when treeBlob carries the tree" });
    expect(check("mlsWelcome", { ...base, ratchetTree: new Uint8Array(0), treeBlob: { ...ref, chunkSize: 10 } })).toMatchObject({ code: "BAD_MLS" });
  });

  it("a device's key package names owner || device as its credential, never itself as owner", () => {
    const phone = identity("alice-phone");
    expect(check("mlsKeyPackage", { keyPackage: mlsKeyPackage(phone.publicKey, 1, concatBytes(alice.publicKey, phone.publicKey)) }, phone)).toBeNull();
    expect(check("mlsKeyPackage", { keyPackage: mlsKeyPackage(phone.publicKey, 1, concatBytes(phone.publicKey, phone.publicKey)) }, phone)).toEqual({ code: "BAD_MLS", reason: "a device credential names another identity as owner" });
    expect(check("mlsKeyPackage", { keyPackage: mlsKeyPackage(phone.publicKey, 1, concatBytes(alice.publicKey, bob.publicKey)) }, phone)).toMatchObject({ code: "BAD_MLS" });
  });

  it("a key package must be the sender's own leaf in cipher suite 1", () => {
    expect(check("mlsKeyPackage", { keyPackage: mlsKeyPackage(alice.publicKey) })).toBeNull();
    expect(check("mlsKeyPackage", { keyPackage: mlsKeyPackage(bob.publicKey) })).toEqual({ code: "BAD_MLS", reason: "leaf signature key is not the sender's address" });
    expect(check("mlsKeyPackage", { keyPackage: mlsKeyPackage(alice.publicKey, 3) })).toEqual({ code: "BAD_MLS", reason: "cipher suite 3, expected 1" });
  });
});

describe("device leaves' key packages in execution", () => {
  const phone = identity("alice-phone");
  const devicePackage = (owner: Identity) => mlsKeyPackage(phone.publicKey, 1, concatBytes(owner.publicKey, phone.publicKey));
  const addPhone = (w: World) => tx(alice, "deviceAdd", { device: phone.publicKey, label: "phone", proof: signBytes(phone.secretKey, deviceAddMessage(CHAIN_ID, alice.publicKey, phone.publicKey)) }, { nonce: w.state.account(alice).nonce });
  const publish = (w: World, owner: Identity) => tx(phone, "mlsKeyPackage", { keyPackage: devicePackage(owner) }, { nonce: w.state.account(phone).nonce });

  it("is accepted only while the device is an active device of the owner it names", () => {
    const w = new World();
    w.state.fund(phone, 10_000_000n);
    // Not (yet) anyone's device: refused, and no key package is recorded.
    expect(rejection(w.run(publish(w, alice)))).toEqual({ code: "UNKNOWN_DEVICE" });
    expect(w.state.get(StateNs.mls, keyPackageKeyOf(phone.publicKey))).toBeUndefined();
    expect(failures(w.run(addPhone(w)))).toEqual([]);
    // Alice's device claiming to serve bob: refused.
    expect(rejection(w.run(publish(w, bob)))).toEqual({ code: "NOT_DEVICE_OWNER" });
    expect(failures(w.run(publish(w, alice)))).toEqual([]);
    expect(w.state.get(StateNs.mls, keyPackageKeyOf(phone.publicKey))).toBeDefined();
    // Revoked: no new key package, so nobody can add the device to a group again.
    const revokedAt = w.height;
    expect(failures(w.run(tx(alice, "deviceRevoke", { device: phone.publicKey }, { nonce: w.state.account(alice).nonce })))).toEqual([]);
    expect(rejection(w.run(publish(w, alice)))).toEqual({ code: "DEVICE_REVOKED", height: revokedAt });
  });
});

/** The body fields of a tx as encoded (the kind's own encodeBody). */
function encodeTxBody(t: ExecTx): Uint8Array {
  const k = t.stx.tx;
  return encode(specOf(k.kind).encodeBody(k.body as never));
}
