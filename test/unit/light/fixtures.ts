// Synthetic chains for light-node unit tests: headers that link, with real certificates signed
// by test validator keys, and validator-set changes announced the way a full node does.
import { encodeHeader } from "../../../src/chain/block/codec.js";
import { BLOCK_VERSION, type BlockHeader } from "../../../src/chain/block/types.js";
import { validatorsHash } from "../../../src/chain/execution/validators.js";
import { buildCertificate, encodeCertificate } from "../../../src/consensus/certificate.js";
import { signVote } from "../../../src/consensus/messages.js";
import { ValidatorSet } from "../../../src/consensus/validator-set.js";
import { newIdentity, signBytes, type Identity } from "../../../src/client/keys.js";
import { sha256 } from "../../../src/crypto/native.js";
import type { HeaderEntry } from "../../../src/network/light-protocol.js";
import type { TrustedHead } from "../../../src/light/verify-header.js";

export const CHAIN_ID = "light-test";

export function sortedAddrs(keys: Identity[]): Uint8Array[] {
  return [...ValidatorSet.from(keys.map((k) => k.publicKey)).addresses];
}

export function commitFor(height: number, hash: Uint8Array, signers: Identity[]): Uint8Array {
  const votes = signers.map((k) => signVote(CHAIN_ID, { type: "precommit", height, round: 0, valueId: hash, validator: k.publicKey }, { publicKey: k.publicKey, sign: (m) => signBytes(k.secretKey, m) }));
  return encodeCertificate(buildCertificate(height, 0, hash, votes));
}

export interface TestChain {
  genesis: TrustedHead;
  entries: HeaderEntry[];
  headers: BlockHeader[];
}

/**
 * `length` headers after a genesis head. `sets(h)` = the validators of height h (default: the
 * same `keys` throughout); each header announces the next height's set like a full node.
 */
export function makeChain(length: number, keys: Identity[], sets: (h: number) => Identity[] = () => keys): TestChain {
  const setOf = (h: number) => sortedAddrs(sets(h));
  const genesisHeader: BlockHeader = {
    version: BLOCK_VERSION, chainId: CHAIN_ID, height: 0, time: 1_000, parentHash: new Uint8Array(32), proposer: new Uint8Array(32),
    txRoot: sha256(new Uint8Array(0)), txCount: 0, stateRoot: sha256(Uint8Array.of(0)), validatorsHash: validatorsHash(setOf(1)), nextValidatorsHash: validatorsHash(setOf(1)), lastCommitHash: new Uint8Array(32),
  };
  const gBytes = encodeHeader(genesisHeader);
  const genesis: TrustedHead = { height: 0, hash: sha256(gBytes), header: genesisHeader, bytes: gBytes, nextSet: ValidatorSet.from(setOf(1)) };
  const entries: HeaderEntry[] = [];
  const headers: BlockHeader[] = [];
  let parent = genesis.hash;
  for (let h = 1; h <= length; h++) {
    const header: BlockHeader = {
      ...genesisHeader, height: h, time: 1_000 + h, parentHash: parent, proposer: sets(h)[0]!.publicKey, stateRoot: sha256(Uint8Array.of(h & 0xff, h >> 8)),
      validatorsHash: validatorsHash(setOf(h)), nextValidatorsHash: validatorsHash(setOf(h + 1)),
    };
    const bytes = encodeHeader(header);
    const hash = sha256(bytes);
    const changed = validatorsHash(setOf(h + 1)).some((b, i) => b !== header.validatorsHash[i]);
    entries.push({ header: bytes, commit: commitFor(h, hash, sets(h)), nextValidators: changed ? setOf(h + 1) : null });
    headers.push(header);
    parent = hash;
  }
  return { genesis, entries, headers };
}

export function keys(n: number): Identity[] {
  return Array.from({ length: n }, () => newIdentity());
}
