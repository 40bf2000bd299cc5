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
  /** The asset this sender created in setup (the asset share of the mix sends it), if any. */
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

/** Weights; `asset`: transfers of an asset (each sender's own, created in setup) instead of the native token. */
export type Mix = { transfer: number; message: number; channel: number; asset: number };

export function parseMix(text: string): Mix {
  const mix: Mix = { transfer: 0, message: 0, channel: 0, asset: 0 };
  for (const part of text.split(",")) {
    const [k, v] = part.split("=");
    if (!k || !(k in mix) || !v || !/^\d+$/.test(v)) throw new Error(`bad --mix part "${part}" (e.g. transfer=50,message=40,channel=10)`);
    mix[k as keyof Mix] = Number(v);
  }
  if (mix.transfer + mix.message + mix.channel + mix.asset === 0) throw new Error("--mix must have a positive weight");
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

export type TxKindName = "transfer" | "message" | "channelPost" | "assetTransfer";

/**
 * The i-th tx of a load of `nSenders` senders: its sender (round-robin, so each sender's txs
 * come in nonce order and are nSenders apart), recipient and kind. A pure function of i, so
 * sign workers can build any range of a load on their own.
 */
export function loadSlot(i: number, nSenders: number, mix: Mix, inChannel: (sender: number) => boolean): { sender: number; to: number; kind: TxKindName } {
  const total = mix.transfer + mix.message + mix.channel + mix.asset;
  const r = (i * 37) % total;
  const sender = i % nSenders;
  const kind = r < mix.channel && inChannel(sender) ? "channelPost" : r < mix.channel + mix.message ? "message" : r < mix.channel + mix.message + mix.asset ? "assetTransfer" : "transfer";
  return { sender, to: (i * 7 + 1) % nSenders, kind };
}

/** The unsigned tx for a slot. `channel` is the sender's channel (channel posts only). */
export function loadTx(kind: TxKindName, common: { chainId: string; from: Uint8Array; nonce: number; expiry: number }, to: Uint8Array, channel: Uint8Array | null, asset: Uint8Array | null = null): UnsignedTx {
  const c = { ...common, fee: FEE };
  if (kind === "assetTransfer") {
    if (!asset) throw new Error("an asset transfer needs the sender's asset (setup creates one per sender)");
    return { ...c, kind: "transfer", body: { to, amount: 1n, memo: null, asset } };
  }
  if (kind === "channelPost" && channel) return { ...c, kind: "channelPost", body: { channel, epoch: 0, envelope: randomBytes(ENVELOPE_BYTES) } };
  if (kind === "message") return { ...c, kind: "message", body: { to, envelope: randomBytes(ENVELOPE_BYTES), amount: 0n, selfEnvelope: null } };
  return { ...c, kind: "transfer", body: { to, amount: 1n, memo: null } };
}

/** `count` txs in nonce order per sender, interleaved across senders. */
export function buildLoad(senders: Sender[], channels: Channel[], count: number, mix: Mix, chainId: string, expiry: number): SignedItem[] {
  const out: SignedItem[] = [];
  const inChannel = new Map<Sender, Channel>();
  for (const c of channels) for (const m of c.members) inChannel.set(m, c);
  for (let i = 0; out.length < count; i++) {
    const slot = loadSlot(i, senders.length, mix, (k) => inChannel.has(senders[k]!));
    const s = senders[slot.sender]!;
    const ch = inChannel.get(s);
    out.push(signTx(s, loadTx(slot.kind, { chainId, from: s.id.publicKey, nonce: s.nonce, expiry }, senders[slot.to]!.id.publicKey, ch?.id ?? null, s.asset ?? null)));
    s.nonce++;
  }
  return out;
}
