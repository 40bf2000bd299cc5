// Block wire format (docs/PROTOCOL.md):
//   header = msgpack [version, chainId, height, time, parentHash, proposer, txRoot, txCount,
//                     stateRoot, validatorsHash, nextValidatorsHash, lastCommitHash]
//   block  = msgpack [header, [tx bytes...], lastCommit bytes | nil]
//   block hash = SHA-256(header bytes)
import { err, ok, type Result } from "../../util/errors.js";
import { ParleyError } from "../../util/errors.js";
import { decodeUnknown, encode, isCanonical, readArray, readBytes, readString, readUint } from "../codec.js";
import type { Block, BlockHeader } from "./types.js";

export type BlockErrorType =
  | { code: "BAD_BLOCK_ENCODING"; reason: string }
  | { code: "BAD_PARENT"; expected: string; got: string }
  | { code: "BAD_HEIGHT"; expected: number; got: number }
  | { code: "BAD_TIME"; reason: string }
  | { code: "BAD_PROPOSER" }
  | { code: "BAD_TX"; index: number; reason: string }
  | { code: "BAD_ROOT"; root: string }
  | { code: "BAD_COMMIT"; reason: string }
  | { code: "TOO_LARGE"; reason: string };

export class BlockError extends ParleyError<BlockErrorType> {}

function headerFields(h: BlockHeader): unknown[] {
  return [h.version, h.chainId, h.height, h.time, h.parentHash, h.proposer, h.txRoot, h.txCount, h.stateRoot, h.validatorsHash, h.nextValidatorsHash, h.lastCommitHash];
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  return encode(headerFields(h));
}

function headerFromFields(f: unknown[] | undefined): BlockHeader | string {
  if (!f || f.length !== 12) return "header must be a 12-element array";
  const version = readUint(f[0]);
  const chainId = readString(f[1], 64);
  const height = readUint(f[2]);
  const time = readUint(f[3]);
  const parentHash = readBytes(f[4], 32);
  const proposer = readBytes(f[5], 32);
  const txRoot = readBytes(f[6], 32);
  const txCount = readUint(f[7]);
  const stateRoot = readBytes(f[8], 32);
  const validatorsHash = readBytes(f[9], 32);
  const nextValidatorsHash = readBytes(f[10], 32);
  const lastCommitHash = readBytes(f[11], 32);
  if (version === undefined || chainId === undefined || height === undefined || time === undefined) return "bad header scalars";
  if (!parentHash || !proposer || !txRoot || txCount === undefined || !stateRoot || !validatorsHash || !nextValidatorsHash || !lastCommitHash)
    return "bad header hashes";
  return { version, chainId, height, time, parentHash, proposer, txRoot, txCount, stateRoot, validatorsHash, nextValidatorsHash, lastCommitHash };
}

export function decodeHeader(bytes: Uint8Array): Result<BlockHeader, BlockError> {
  const raw = decodeUnknown(bytes);
  const h = headerFromFields(readArray(raw));
  if (typeof h === "string") return err(new BlockError({ code: "BAD_BLOCK_ENCODING", reason: h }));
  if (!isCanonical(headerFields(h), bytes)) return err(new BlockError({ code: "BAD_BLOCK_ENCODING", reason: "non-canonical header" }));
  return ok(h);
}

export function encodeBlock(b: Block): Uint8Array {
  return encode([headerFields(b.header), b.txs, b.lastCommit]);
}

export function decodeBlock(bytes: Uint8Array, maxBytes: number): Result<Block, BlockError> {
  if (bytes.length > maxBytes) return err(new BlockError({ code: "TOO_LARGE", reason: `block of ${bytes.length} bytes > ${maxBytes}` }));
  const raw = readArray(decodeUnknown(bytes), 3);
  if (!raw) return err(new BlockError({ code: "BAD_BLOCK_ENCODING", reason: "block must be [header, txs, lastCommit]" }));
  const header = headerFromFields(readArray(raw[0]));
  if (typeof header === "string") return err(new BlockError({ code: "BAD_BLOCK_ENCODING", reason: header }));
  const rawTxs = readArray(raw[1]);
  if (!rawTxs) return err(new BlockError({ code: "BAD_BLOCK_ENCODING", reason: "txs must be an array" }));
  const txs: Uint8Array[] = [];
  for (const t of rawTxs) {
    const b = readBytes(t);
    if (!b) return err(new BlockError({ code: "BAD_BLOCK_ENCODING", reason: "tx must be bytes" }));
    txs.push(b);
  }
  const lastCommit = raw[2] === null ? null : readBytes(raw[2]);
  if (lastCommit === undefined) return err(new BlockError({ code: "BAD_BLOCK_ENCODING", reason: "lastCommit must be bytes or nil" }));
  const block: Block = { header, txs, lastCommit };
  if (!isCanonical([headerFields(header), txs, lastCommit], bytes))
    return err(new BlockError({ code: "BAD_BLOCK_ENCODING", reason: "non-canonical block" }));
  return ok(block);
}
