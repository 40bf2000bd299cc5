// MLS group state under namespace `mls` (0x0b), so light clients can prove it: a group's
// current epoch, its committer-claimed member count, its last commit and the epoch's submit key;
// and each account's latest published key package. docs/PROTOCOL.md 5 gives the byte layout.
import { sha256 } from "@noble/hashes/sha2.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { decodeUnknown, encode, readArray, readBytes, readUint } from "../../codec.js";
import { concatBytes, u64be, utf8 } from "../../../util/bytes.js";
import type { Address } from "../types.js";

/** Key prefixes inside namespace `mls`. */
export const MlsKey = { keyPackage: 0x01, group: 0x02 } as const;

/** Largest MLS message a tx may carry (a key package, commit or application message). */
export const MAX_MLS_MESSAGE_BYTES = 64 * 1024;
/** Group ids are 32 random bytes in Parley's profile (the creator draws them). */
export const GROUP_ID_BYTES = 32;
/** Most new members one welcome tx names: the welcome holds one encrypted secret per member. */
export const MAX_WELCOME_MEMBERS = 256;

export interface GroupRecord {
  /** The epoch the next commit must name (= MLS epoch of the group after the last commit). */
  epoch: number;
  /** Members after the last commit, as its committer claimed (validators cannot see the tree). */
  members: number;
  lastCommit: Uint8Array;
  /** Ed25519 key of this epoch, derived by members from the MLS exporter: signs the next commit. */
  submitKey: Uint8Array;
  creator: Address;
  createdHeight: number;
}

export interface KeyPackageRecord {
  txId: Uint8Array;
  height: number;
}

export function groupKey(groupId: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(MlsKey.group), groupId);
}

export function keyPackageKey(address: Address): Uint8Array {
  return concatBytes(Uint8Array.of(MlsKey.keyPackage), address);
}

export function encodeGroupRecord(g: GroupRecord): Uint8Array {
  return encode([g.epoch, g.members, g.lastCommit, g.submitKey, g.creator, g.createdHeight]);
}

export function decodeGroupRecord(bytes: Uint8Array): GroupRecord | undefined {
  const f = readArray(decodeUnknown(bytes), 6);
  if (!f) return undefined;
  const epoch = readUint(f[0]);
  const members = readUint(f[1]);
  const lastCommit = readBytes(f[2], 32);
  const submitKey = readBytes(f[3], 32);
  const creator = readBytes(f[4], 32);
  const createdHeight = readUint(f[5]);
  if (epoch === undefined || members === undefined || !lastCommit || !submitKey || !creator || createdHeight === undefined) return undefined;
  return { epoch, members, lastCommit, submitKey, creator, createdHeight };
}

export function encodeKeyPackageRecord(r: KeyPackageRecord): Uint8Array {
  return encode([r.txId, r.height]);
}

export function decodeKeyPackageRecord(bytes: Uint8Array): KeyPackageRecord | undefined {
  const f = readArray(decodeUnknown(bytes), 2);
  const txId = f && readBytes(f[0], 32);
  const height = f && readUint(f[1]);
  if (!txId || height === undefined) return undefined;
  return { txId, height };
}

const SUBMIT_DOMAIN = utf8("parley/mls/commit/v1");

/**
 * What a commit's submit signature covers: the chain, the sender, the group, the epoch, the
 * commit's hash and the next epoch's submit key, so the signature authorises exactly this
 * commit by exactly this account (docs/ENCRYPTION.md, "Who may commit").
 */
export function submitMessage(chainId: string, from: Address, groupId: Uint8Array, epoch: number, commit: Uint8Array, nextSubmitKey: Uint8Array): Uint8Array {
  return concatBytes(SUBMIT_DOMAIN, utf8(chainId), Uint8Array.of(0), from, groupId, u64be(epoch), sha256(commit), nextSubmitKey);
}

/** A large MLS payload (a commit, a ratchet tree) sent as a blob: hash, file key, plaintext size, chunk size. */
export interface MlsBlobRef {
  blobHash: Uint8Array;
  key: Uint8Array;
  size: number;
  chunkSize: number;
}

/** Bytes of a PrivateMessage's clear header with a 32-byte group id: version, wire format, group id, epoch, content type. */
export const PRIVATE_HEADER_BYTES = 2 + 2 + 1 + GROUP_ID_BYTES + 8 + 1;

/**
 * What a commit's submit signature hashes as "the commit": the commit itself when inline; for a
 * commit sent as a blob, its clear header || blobHash(32) || key(32) || u64be(size) ||
 * u32be(chunkSize). The blob's hash and key fix its plaintext (AEAD), so this binds the full
 * commit too, and validators can check it without fetching the blob.
 */
export function signedCommitBytes(commit: Uint8Array, blob: MlsBlobRef | null | undefined): Uint8Array {
  if (!blob) return commit;
  const tail = new Uint8Array(4);
  new DataView(tail.buffer).setUint32(0, blob.chunkSize);
  return concatBytes(commit, blob.blobHash, blob.key, u64be(blob.size), tail);
}

/** Strict Ed25519 (no ZIP-215 leniency), as tx signatures are checked. */
export function submitSignatureValid(key: Uint8Array, message: Uint8Array, sig: Uint8Array): boolean {
  try {
    return ed25519.verify(sig, message, key, { zip215: false });
  } catch {
    return false;
  }
}
