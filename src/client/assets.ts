// The assets SDK (docs/ASSETS.md): an asset holding proven under a header a light client
// verified (what `parley asset verify` shows), from the node's asset_balance answer with proof.
import type { HeaderSource } from "./works.js";
import { formatAddress } from "../chain/address.js";
import { toHex } from "../util/bytes.js";
import { chatError } from "./chat-errors.js";
import type { HttpRpcClient } from "./rpc-client.js";
import { checkAssetBalanceProof, type ProvenBalance } from "./verify/asset-proofs.js";
import type { WorkProofJson } from "./verify/work-proofs.js";

export type { ProvenBalance };


/** The balance of `assetId` held by `address`, proven under a header `chain` verified. */
export async function verifyAssetBalance(rpc: Pick<HttpRpcClient, "call">, chain: HeaderSource, address: Uint8Array, assetId: Uint8Array): Promise<ProvenBalance> {
  const answer = await rpc.call<{ proof?: WorkProofJson }>("asset_balance", { address: formatAddress(address), assetId: "0x" + toHex(assetId), proof: true });
  if (!answer.proof) throw chatError({ code: "BAD_NODE_DATA", reason: "asset_balance returned no proof" }, "the node did not prove its answer");
  const header = await chain.header(answer.proof.height);
  if (!header) throw chatError({ code: "BAD_NODE_DATA", reason: `no verified header at height ${answer.proof.height}` }, `cannot verify: the light client has no header at height ${answer.proof.height}`);
  return checkAssetBalanceProof(header, address, assetId, answer.proof);
}
