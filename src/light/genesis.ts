// The light node's root of trust: genesis.json. Height 0 is derived exactly as a full node
// writes it (src/chain/chain.ts writeGenesis), so header 1 must name its hash as parent and the
// genesis validators as its validators; everything after follows by certificates.
import { sha256 } from "../crypto/native.js";
import { encodeHeader } from "../chain/block/codec.js";
import { merkleRoot } from "../chain/block/merkle.js";
import { BLOCK_VERSION, ZERO_HASH, type BlockHeader } from "../chain/block/types.js";
import type { Genesis } from "../chain/genesis.js";
import { SparseMerkleTree, EMPTY_ROOT } from "../chain/state/smt/tree.js";
import { encodeAccount } from "../chain/state/account.js";
import { smtKey } from "../chain/state/state-store.js";
import { validatorsHash } from "../chain/execution/validators.js";
import { GOV_KEY_SET, encodeAddressList } from "../chain/tx/kinds/governance-state.js";
import { StateNs } from "../chain/tx/spec.js";

export interface GenesisAnchor {
  header: BlockHeader;
  bytes: Uint8Array;
  hash: Uint8Array;
}

export async function genesisAnchor(g: Genesis): Promise<GenesisAnchor> {
  const changes = g.accounts.map((a) => ({ key: smtKey(StateNs.account, a.address), value: encodeAccount({ balance: a.balance, nonce: 0, prekey: null }) }));
  changes.push({ key: smtKey(StateNs.governance, GOV_KEY_SET), value: encodeAddressList(g.validators) });
  // Starting from the empty root the tree reads no stored node: an empty store suffices.
  const smt = new SparseMerkleTree({ get: async () => undefined }, { cacheNodes: 1024 });
  const { root } = await smt.update(EMPTY_ROOT, changes.map((c) => ({ key: c.key, valueHash: sha256(c.value) })));
  const vh = validatorsHash(g.validators);
  const header: BlockHeader = {
    version: BLOCK_VERSION, chainId: g.chainId, height: 0, time: g.genesisTime, parentHash: ZERO_HASH, proposer: ZERO_HASH,
    txRoot: merkleRoot(sha256, []), txCount: 0, stateRoot: root, validatorsHash: vh, nextValidatorsHash: vh, lastCommitHash: ZERO_HASH,
  };
  const bytes = encodeHeader(header);
  return { header, bytes, hash: sha256(bytes) };
}
