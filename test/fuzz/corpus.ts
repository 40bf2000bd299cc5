// Valid encodings of every structure a peer can send us, to mutate: headers, blocks with one
// tx of every kind and a parent certificate, prevotes and precommits (nil and not), proposals
// and certificates, all signed by real test keys.
import { sha256 } from "@noble/hashes/sha2.js";
import { encodeBlock, encodeHeader } from "../../src/chain/block/codec.js";
import { BLOCK_VERSION, type Block, type BlockHeader } from "../../src/chain/block/types.js";
import { blockHash } from "../../src/chain/chain.js";
import { buildCertificate, encodeCertificate } from "../../src/consensus/certificate.js";
import { encodeProposal, encodeVote, signProposal, signVote, type SignedVote } from "../../src/consensus/messages.js";
import { utf8 } from "../../src/util/bytes.js";
import { makeKeys, nobleSigner } from "../unit/consensus/keys.js";
import { ALL_KINDS, sampleTx } from "../unit/chain/tx/fixtures.js";

export const CHAIN_ID = "parley-test";
export const KEYS = makeKeys(4, "parley-fuzz");

function h(label: string): Uint8Array {
  return sha256(utf8(label));
}

export function header(height: number, over: Partial<BlockHeader> = {}): BlockHeader {
  return {
    version: BLOCK_VERSION, chainId: CHAIN_ID, height, time: 1_700_000_000_000 + height,
    parentHash: h(`parent-${height}`), proposer: KEYS[height % 4]!.publicKey, txRoot: h("txRoot"), txCount: ALL_KINDS.length,
    stateRoot: h("stateRoot"), validatorsHash: h("vals"), nextValidatorsHash: h("vals"), lastCommitHash: h("lc"), ...over,
  };
}

export function precommits(height: number, round: number, id: Uint8Array | null): SignedVote[] {
  return KEYS.slice(0, 3).map((k) => signVote(CHAIN_ID, { type: "precommit", height, round, valueId: id, validator: k.publicKey }, nobleSigner(k)));
}

const hdr = header(5);
const parentCert = buildCertificate(4, 0, h("block-4"), precommits(4, 0, h("block-4")));
export const BLOCK: Block = { header: hdr, txs: ALL_KINDS.map((k) => sampleTx(k).bytes), lastCommit: encodeCertificate(parentCert) };
export const BLOCK_BYTES = encodeBlock(BLOCK);
export const BLOCK_ID = blockHash(hdr);

export const HEADERS = [encodeHeader(hdr), encodeHeader(header(1, { lastCommitHash: new Uint8Array(32) })), encodeHeader(header(2 ** 40))];
export const BLOCKS = [BLOCK_BYTES, encodeBlock({ header: header(1), txs: [], lastCommit: null })];
export const VOTES = [
  ...precommits(5, 0, BLOCK_ID).map(encodeVote),
  encodeVote(signVote(CHAIN_ID, { type: "prevote", height: 5, round: 2, valueId: null, validator: KEYS[3]!.publicKey }, nobleSigner(KEYS[3]!))),
];
export const PROPOSALS = [
  encodeProposal(signProposal(CHAIN_ID, { height: 5, round: 0, validRound: -1, value: { id: BLOCK_ID, bytes: BLOCK_BYTES }, proposer: KEYS[1]!.publicKey }, nobleSigner(KEYS[1]!))),
  encodeProposal(signProposal(CHAIN_ID, { height: 5, round: 3, validRound: 1, value: { id: BLOCK_ID, bytes: BLOCKS[1]! }, proposer: KEYS[0]!.publicKey }, nobleSigner(KEYS[0]!))),
];
export const CERTIFICATES = [encodeCertificate(parentCert), encodeCertificate(buildCertificate(5, 7, BLOCK_ID, precommits(5, 7, BLOCK_ID)))];
