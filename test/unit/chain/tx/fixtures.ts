// Tx fixtures: deterministic identities and one valid body per tx kind, signed with the
// client's buildTx so tests exercise the same bytes a wallet would send.
import { sha256 } from "@noble/hashes/sha2.js";
import { identityFromSecret, type Identity } from "../../../../src/client/keys.js";
import { buildTx, type BuiltTx } from "../../../../src/client/tx-builder.js";
import type { TxKindName } from "../../../../src/chain/tx/kinds.js";
import type { TxBodies } from "../../../../src/chain/tx/types.js";
import { utf8 } from "../../../../src/util/bytes.js";
import { deviceAddMessage } from "../../../../src/chain/tx/kinds/device-state.js";
import { signBytes } from "../../../../src/chain/identity.js";

export const CHAIN_ID = "parley-test";

/** A deterministic identity named by a label ("alice", "bob", ...). */
export function identity(label: string): Identity {
  return identityFromSecret(sha256(utf8(`parley-test-identity/${label}`)));
}

/** 32 bytes derived from a label: channel ids, anchored hashes, opaque keys. */
export function bytes32(label: string): Uint8Array {
  return sha256(utf8(label));
}

/** `n` opaque bytes, distinct per label: envelopes and wrapped keys are opaque to the node. */
export function opaque(label: string, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const seed = sha256(utf8(label));
  for (let i = 0; i < n; i++) out[i] = seed[i % 32]! ^ (i & 0xff);
  return out;
}

/**
 * The clear header an MLS PrivateMessage starts with (RFC 9420 6.3.1: version mls10, wire
 * format 2, group id, epoch, content type) followed by opaque bytes standing for the rest.
 */
export function mlsPrivate(groupId: Uint8Array, epoch: number, contentType: number, rest = opaque("mls-rest", 40)): Uint8Array {
  const head = new Uint8Array(5 + groupId.length + 9);
  head.set([0, 1, 0, 2, groupId.length]);
  head.set(groupId, 5);
  new DataView(head.buffer).setBigUint64(5 + groupId.length, BigInt(epoch));
  head[head.length - 1] = contentType;
  return new Uint8Array([...head, ...rest]);
}

/** An MLS key package's clear fields (RFC 9420 10) with `owner` as leaf signature key and basic credential. */
/** A key package's clear start: signature key `owner`, credential `identity` (owner's own leaf; owner || device for a device). */
export function mlsKeyPackage(owner: Uint8Array, suite = 1, identity: Uint8Array = owner): Uint8Array {
  // RFC 9420 2.1.2 lengths: one byte below 64, two (0b01 prefix) from 64 (a device credential).
  const vec = (b: Uint8Array) => (b.length < 64 ? [b.length, ...b] : [0x40 | (b.length >> 8), b.length & 0xff, ...b]);
  return new Uint8Array([0, 1, 0, 5, 0, 1, 0, suite, ...vec(opaque("init", 32)), ...vec(opaque("enc", 32)), ...vec(owner), 0, 1, ...vec(identity), ...opaque("kp-rest", 60)]);
}

const alice = identity("alice");
const bob = identity("bob");
const carol = identity("carol");
// Alice's phone: a device key whose consent to serve alice on CHAIN_ID is signed.
export const alicePhone = identity("alice-phone");

/** One valid body for every kind, sent by alice. */
export const SAMPLE_BODIES: { [K in TxKindName]: TxBodies[K] } = {
  transfer: { to: bob.publicKey, amount: 1_234_567n, memo: opaque("memo", 40) },
  message: { to: bob.publicKey, envelope: opaque("envelope", 120), amount: 5n, selfEnvelope: opaque("self-envelope", 120) },
  channelCreate: {
    meta: opaque("meta", 48),
    members: [
      { member: alice.publicKey, wrappedKey: opaque("wrap-alice", 80) },
      { member: bob.publicKey, wrappedKey: opaque("wrap-bob", 80) },
    ],
  },
  channelInvite: { channel: bytes32("channel"), epoch: 3, members: [{ member: carol.publicKey, wrappedKey: opaque("wrap-carol", 80) }] },
  channelRemove: { channel: bytes32("channel"), removed: [bob.publicKey], members: [{ member: alice.publicKey, wrappedKey: opaque("wrap-alice-2", 80) }] },
  channelPost: { channel: bytes32("channel"), epoch: 300, envelope: opaque("post", 200) },
  keyPublish: { prekey: bytes32("prekey"), signature: opaque("prekey-sig", 64) },
  anchor: { hash: bytes32("document"), tag: "contract v2" },
  validatorVote: { action: "remove", validator: carol.publicKey },
  // A hash-time lock to bob: release with the preimage of "secret" before height 100, else refund to alice.
  escrow: {
    op: "create", releaseTo: bob.publicKey, refundTo: alice.publicKey, amount: 1_000n,
    release: { op: "and", children: [{ op: "hashPreimage", sha256: bytes32("secret") }, { op: "before", clock: "height", at: 100 }] },
    refund: { op: "after", clock: "height", at: 100 },
  },
  scheduledPayment: { op: "create", to: bob.publicKey, amount: 250n, clock: "height", start: 20, interval: 10, runs: 3 },
  sharedAccount: { op: "propose", id: bytes32("shared"), action: { type: "pay", to: carol.publicKey, amount: 75n }, expiry: { clock: "height", at: 500 } },
  redPacket: { op: "send", total: 500n, shares: 5, split: "random", audience: { kind: "channel", channel: bytes32("channel") }, expiry: { clock: "height", at: 400 } },
  bounty: { op: "offer", amount: 300n, target: { kind: "direct", to: alice.publicKey }, answerer: bob.publicKey, deadline: { clock: "time", at: 1_900_000_000_000 } },
  rewardPool: { op: "fund", channel: bytes32("channel"), reward: 10n, capPerPeriod: 3, periodBlocks: 100, fund: 1_000n, expiry: { clock: "height", at: 10_000 } },
  deviceAdd: { device: alicePhone.publicKey, label: "phone", proof: signBytes(alicePhone.secretKey, deviceAddMessage(CHAIN_ID, alice.publicKey, alicePhone.publicKey)) },
  deviceRevoke: { device: alicePhone.publicKey },
  mlsKeyPackage: { keyPackage: mlsKeyPackage(alice.publicKey) },
  mlsCommit: { groupId: bytes32("group"), epoch: 4, members: 3, commit: mlsPrivate(bytes32("group"), 4, 3), nextSubmitKey: bytes32("submit-5"), submitSig: opaque("submit-sig", 64) },
  mlsWelcome: { groupId: bytes32("group"), epoch: 5, to: [carol.publicKey], welcome: new Uint8Array([0, 1, 0, 3, ...opaque("welcome", 50)]), ratchetTree: opaque("tree", 90) },
  mlsMessage: { groupId: bytes32("group"), epoch: 5, message: mlsPrivate(bytes32("group"), 5, 1) },
  work: {
    op: "register", contentHash: bytes32("song.flac"), metaHash: bytes32("song.json"),
    creators: [{ address: alice.publicKey, bps: 5_000 }, { address: bob.publicKey, bps: 3_000 }, { address: carol.publicKey, bps: 2_000 }],
    offers: [{ asset: null, price: 1_000n, use: "personal", term: { clock: "perpetual" } }, { asset: null, price: 25_000n, use: "commercial", term: { clock: "blocks", length: 1_000 } }],
    anchorTag: "song",
  },
  // "alice" weighs 5: 4x the default 100,000 yearly fee (src/chain/names/fees.ts).
  name: { op: "register", name: "alice", years: 1, pay: 400_000n },
  asset: { op: "create", symbol: "PTS", name: "Tea shop points", decimals: 2, initial: 100_000n, maxSupply: 1_000_000n, metaHash: null, flags: 0x0f },
};

export const ALL_KINDS = Object.keys(SAMPLE_BODIES) as TxKindName[];

export interface TxOpts {
  chainId?: string;
  nonce?: number;
  fee?: bigint;
  expiry?: number;
}

/** A signed tx of `kind` from `from` (alice by default) with `body` (the sample by default). */
export function sampleTx<K extends TxKindName>(kind: K, opts: TxOpts & { from?: Identity; body?: TxBodies[K] } = {}): BuiltTx {
  return buildTx(opts.from ?? alice, kind, opts.body ?? SAMPLE_BODIES[kind], {
    chainId: opts.chainId ?? CHAIN_ID,
    nonce: opts.nonce ?? 7,
    fee: opts.fee ?? 50_000n,
    expiry: opts.expiry ?? 1_000,
  });
}
