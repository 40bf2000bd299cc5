// JSON shapes of chain objects at the RPC edge (docs/RPC.md): addresses in bech32m, hashes and
// bytes as 0x-hex, amounts as decimal strings (they exceed 2^53). A tx's body JSON and kind
// label come from its kind's spec (src/chain/tx/kinds/), built with the same helpers.
import { formatAddress } from "../../chain/address.js";
import type { BlockHeader } from "../../chain/block/types.js";
import { specFor } from "../../chain/tx/registry.js";
import type { SignedTx } from "../../chain/tx/types.js";
import type { Account } from "../../chain/tx/spec.js";
import type { ChainParams } from "../../chain/params.js";
import { hexJson } from "../../util/json.js";
import type { JsonObject } from "../json.js";

export const hex = hexJson;

export function headerJson(h: BlockHeader, hash: Uint8Array): JsonObject {
  return {
    hash: hex(hash),
    height: h.height,
    time: h.time,
    chainId: h.chainId,
    parentHash: hex(h.parentHash),
    proposer: formatAddress(h.proposer),
    txRoot: hex(h.txRoot),
    txCount: h.txCount,
    stateRoot: hex(h.stateRoot),
    validatorsHash: hex(h.validatorsHash),
    nextValidatorsHash: hex(h.nextValidatorsHash),
    lastCommitHash: hex(h.lastCommitHash),
  };
}

export function txJson(stx: SignedTx, id: string): JsonObject {
  const { tx } = stx;
  const spec = specFor(tx);
  return {
    id: "0x" + id,
    kind: spec.label,
    chainId: tx.chainId,
    from: formatAddress(tx.from),
    nonce: tx.nonce,
    fee: tx.fee.toString(),
    expiry: tx.expiry,
    body: spec.bodyJson(tx),
    size: stx.bytes.length,
    raw: hex(stx.bytes),
  };
}

export function accountJson(address: Uint8Array, a: Account): JsonObject {
  return { address: formatAddress(address), balance: a.balance.toString(), nonce: a.nonce, prekey: a.prekey ? hex(a.prekey) : null };
}

/** The chain parameters a client needs (fees, sizes, timing), as node_info shows them. */
export function paramsJson(p: ChainParams): JsonObject {
  return {
    blockTimeMs: p.blockTimeMs,
    heartbeatMs: p.heartbeatMs,
    maxBlockTxs: p.maxBlockTxs,
    maxTxBytes: p.maxTxBytes,
    maxEnvelopeBytes: p.maxEnvelopeBytes,
    feeBase: p.feeBase.toString(),
    feePerByte: p.feePerByte.toString(),
    maxExpiryWindow: p.maxExpiryWindow,
    nativeSymbol: p.nativeSymbol,
    nativeDecimals: p.nativeDecimals,
  };
}
