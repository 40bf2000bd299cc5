// The genesis hash organisations compare before they start a chain together (`parley genesis
// hash`). Header 0's hash (what a node stores and a light client pins) covers the accounts and
// validators through its state root but not the params, and two nodes with different fees or
// limits would split at the first block they disagree on; so this hash covers everything in
// the genesis that the chain reads, in a canonical form: the same Genesis gives the same hash
// whatever the JSON's key order, spacing, validator order or names.
import { sha256 } from "../crypto/native.js";
import { compareBytes } from "../util/bytes.js";
import { encode } from "./codec.js";
import type { Genesis } from "./genesis.js";
import { DEFAULT_PARAMS, type ChainParams } from "./params.js";

const GENESIS_HASH_DOMAIN = "parley/genesis/v1";

/** SHA-256 of msgpack [domain, chainId, genesisTime, [[param, value]...], validators, [[address, balance]...]]. */
export function genesisHash(g: Genesis): Uint8Array {
  const params = (Object.keys(DEFAULT_PARAMS) as Array<keyof ChainParams>).map((k) => [k, g.params[k]]);
  const validators = [...g.validators].sort(compareBytes);
  const accounts = [...g.accounts].sort((a, b) => compareBytes(a.address, b.address)).map((a) => [a.address, a.balance]);
  return sha256(encode([GENESIS_HASH_DOMAIN, g.chainId, g.genesisTime, params, validators, accounts]));
}
