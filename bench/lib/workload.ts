// Pre-signed workload for the benchmark: funded senders, a mix of transfers, direct messages
// and channel posts, signed with node:crypto before the clock starts.
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { randomBytes } from "node:crypto";
import { encodePayload, signingMessage, assembleTx } from "../../src/chain/tx/codec.js";
import type { UnsignedTx } from "../../src/chain/tx/types.js";
import { newIdentity, type Identity } from "../../src/client/keys.js";
import { sha256 } from "../../src/crypto/native.js";
import { toHex } from "../../src/util/bytes.js";

const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface Sender {
  id: Identity;
  key: KeyObject;
  nonce: number;
  /** The asset this sender created in setup (the `assetnew` share of the mix sends it), if any. */
  asset?: Uint8Array;
}

export function makeSenders(n: number): Sender[] {
  return Array.from({ length: n }, () => {
    const id = newIdentity();
    return { id, key: signingKey(id.secretKey), nonce: 0 };
  });
}

export interface SignedItem {
  id: string;
  hex: string;
  bytes: Uint8Array;
  kind: string;
}

export function signTx(s: Sender, tx: UnsignedTx): SignedItem {
  const { id, bytes } = signRaw(s.key, tx);
  return { id: "0x" + toHex(id), hex: "0x" + toHex(bytes), bytes, kind: tx.kind };
}

/** Wire bytes and id of a signed tx. */
export function signRaw(key: KeyObject, tx: UnsignedTx): { id: Uint8Array; bytes: Uint8Array } {
  const payload = encodePayload(tx);
  const sig = new Uint8Array(sign(null, signingMessage(tx.chainId, payload), key));
  return { id: sha256(payload), bytes: assembleTx(tx, payload, sig).bytes };
}

/** A KeyObject for an Ed25519 seed, made once per sender: sign() given raw key material would parse it on every call. */
export function signingKey(secretKey: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secretKey]), format: "der", type: "pkcs8" });
}

/**
 * Weights. `asset`: transfers of one of a few shared assets between senders that already hold it
 * (the steady state of a points or stablecoin system: a payment changes two existing holdings).
 * `assetnew`: transfers of the sender's own asset (one per sender, created in setup) to
 * recipients that mostly never held it, so nearly every payment creates a holding: the
 * creation-heavy worst case.
 */
export type Mix = { transfer: number; message: number; channel: number; asset: number; assetnew: number };

export const mixTotal = (m: Mix): number => m.transfer + m.message + m.channel + m.asset + m.assetnew;

export function parseMix(text: string): Mix {
  const mix: Mix = { transfer: 0, message: 0, channel: 0, asset: 0, assetnew: 0 };
  for (const part of text.split(",")) {
    const [k, v] = part.split("=");
    if (!k || !(k in mix) || !v || !/^\d+$/.test(v)) throw new Error(`bad --mix part "${part}" (e.g. transfer=50,message=40,channel=10)`);
    mix[k as keyof Mix] = Number(v);
  }
  if (mixTotal(mix) === 0) throw new Error("--mix must have a positive weight");
  return mix;
}

export interface Channel {
  id: Uint8Array;
  members: Sender[];
}

// Realistic sizes: a short chat line padded to the 64/128-byte buckets plus the envelope
// header (~90 B); the node never decrypts, so random bytes cost it exactly what ciphertext does.
const ENVELOPE_BYTES = 186;
const FEE = 5_000n; // above feeBase + feePerByte * size for every tx here

export type TxKindName = "transfer" | "message" | "channelPost" | "assetTransfer" | "assetNewTransfer";

/**
 * The i-th tx of a load of `nSenders` senders: its sender (round-robin, so each sender's txs
 * come in nonce order and are nSenders apart), recipient and kind. A pure function of i, so
 * sign workers can build any range of a load on their own.
 */
export function loadSlot(i: number, nSenders: number, mix: Mix, inChannel: (sender: number) => boolean): { sender: number; to: number; kind: TxKindName } {
  const r = (i * 37) % mixTotal(mix);
  const sender = i % nSenders;
  // The ranges keep the order they had before `assetnew` (channel, message, asset, transfer), so
  // an older mix builds the same load.
  const upTo = [mix.channel, mix.channel + mix.message, mix.channel + mix.message + mix.asset, mix.channel + mix.message + mix.asset + mix.assetnew];
  const kind = r < upTo[0]! && inChannel(sender) ? "channelPost" : r < upTo[1]! ? "message" : r < upTo[2]! ? "assetTransfer" : r < upTo[3]! ? "assetNewTransfer" : "transfer";
  return { sender, to: (i * 7 + 1) % nSenders, kind };
}

/**
 * Which shared asset the i-th tx of the load pays in: one asset per round of the senders (txs i
 * to i + nSenders - 1), rotating through them. A block holds about one round, so, as with
 * native transfers (every recipient is also a sender), the holdings a block credits are mostly
 * the holdings it debits: two existing leaves per payment, none created.
 */
export function sharedAssetOf(i: number, nSenders: number, nAssets: number): number {
  return Math.floor(i / nSenders) % nAssets;
}

/** The unsigned tx for a slot. `channel` is the sender's channel (channel posts only). */
export function loadTx(kind: TxKindName, common: { chainId: string; from: Uint8Array; nonce: number; expiry: number }, to: Uint8Array, channel: Uint8Array | null, asset: Uint8Array | null = null): UnsignedTx {
  const c = { ...common, fee: FEE };
  if (kind === "assetTransfer" || kind === "assetNewTransfer") {
    if (!asset) throw new Error("an asset transfer needs its asset (the bench's asset setup creates them)");
    return { ...c, kind: "transfer", body: { to, amount: 1n, memo: null, asset } };
  }
  if (kind === "channelPost" && channel) return { ...c, kind: "channelPost", body: { channel, epoch: 0, envelope: randomBytes(ENVELOPE_BYTES) } };
  if (kind === "message") return { ...c, kind: "message", body: { to, envelope: randomBytes(ENVELOPE_BYTES), amount: 0n, selfEnvelope: null } };
  return { ...c, kind: "transfer", body: { to, amount: 1n, memo: null } };
}

/** `count` txs in nonce order per sender, interleaved across senders. `shared`: the shared assets (the `asset` share of the mix). */
export function buildLoad(senders: Sender[], channels: Channel[], count: number, mix: Mix, chainId: string, expiry: number, shared: Uint8Array[] = []): SignedItem[] {
  const out: SignedItem[] = [];
  const inChannel = new Map<Sender, Channel>();
  for (const c of channels) for (const m of c.members) inChannel.set(m, c);
  for (let i = 0; out.length < count; i++) {
    const slot = loadSlot(i, senders.length, mix, (k) => inChannel.has(senders[k]!));
    const s = senders[slot.sender]!;
    const ch = inChannel.get(s);
    const asset = slot.kind === "assetTransfer" ? (shared[sharedAssetOf(i, senders.length, shared.length)] ?? null) : slot.kind === "assetNewTransfer" ? (s.asset ?? null) : null;
    out.push(signTx(s, loadTx(slot.kind, { chainId, from: s.id.publicKey, nonce: s.nonce, expiry }, senders[slot.to]!.id.publicKey, ch?.id ?? null, asset)));
    s.nonce++;
  }
  return out;
}
