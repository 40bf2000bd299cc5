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
}

export function makeSenders(n: number): Sender[] {
  return Array.from({ length: n }, () => {
    const id = newIdentity();
    return { id, key: createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, id.secretKey]), format: "der", type: "pkcs8" }), nonce: 0 };
  });
}

export interface SignedItem {
  id: string;
  hex: string;
  kind: string;
}

export function signTx(s: Sender, tx: UnsignedTx): SignedItem {
  const payload = encodePayload(tx);
  const sig = new Uint8Array(sign(null, signingMessage(tx.chainId, payload), s.key));
  const stx = assembleTx(tx, payload, sig);
  return { id: "0x" + toHex(sha256(payload)), hex: "0x" + toHex(stx.bytes), kind: tx.kind };
}

export type Mix = { transfer: number; message: number; channel: number };

export function parseMix(text: string): Mix {
  const mix: Mix = { transfer: 0, message: 0, channel: 0 };
  for (const part of text.split(",")) {
    const [k, v] = part.split("=");
    if (!k || !(k in mix) || !v || !/^\d+$/.test(v)) throw new Error(`bad --mix part "${part}" (e.g. transfer=50,message=40,channel=10)`);
    mix[k as keyof Mix] = Number(v);
  }
  if (mix.transfer + mix.message + mix.channel === 0) throw new Error("--mix must have a positive weight");
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

/** `count` txs in nonce order per sender, interleaved across senders. */
export function buildLoad(senders: Sender[], channels: Channel[], count: number, mix: Mix, chainId: string, expiry: number): SignedItem[] {
  const total = mix.transfer + mix.message + mix.channel;
  const out: SignedItem[] = [];
  const inChannel = new Map<Sender, Channel>();
  for (const c of channels) for (const m of c.members) inChannel.set(m, c);
  let i = 0;
  while (out.length < count) {
    const s = senders[i % senders.length]!;
    const to = senders[(i * 7 + 1) % senders.length]!.id.publicKey;
    const r = (i * 37) % total;
    const common = { chainId, from: s.id.publicKey, nonce: s.nonce, fee: FEE, expiry };
    const ch = inChannel.get(s);
    let tx: UnsignedTx;
    if (r < mix.channel && ch) tx = { ...common, kind: "channelPost", body: { channel: ch.id, epoch: 0, envelope: randomBytes(ENVELOPE_BYTES) } };
    else if (r < mix.channel + mix.message) tx = { ...common, kind: "message", body: { to, envelope: randomBytes(ENVELOPE_BYTES), amount: 0n, selfEnvelope: null } };
    else tx = { ...common, kind: "transfer", body: { to, amount: 1n, memo: null } };
    s.nonce++;
    out.push(signTx(s, tx));
    i++;
  }
  return out;
}
