// JSON shapes of chain objects at the RPC edge (docs/RPC.md): addresses in bech32m, hashes and
// bytes as 0x-hex, amounts as decimal strings (they exceed 2^53).
import { formatAddress } from "../../chain/address.js";
import type { BlockHeader } from "../../chain/block/types.js";
import { TX_KIND_LABEL } from "../../chain/tx/kinds.js";
import type { SignedTx, WrappedKey } from "../../chain/tx/types.js";
import type { Account } from "../../chain/tx/spec.js";
import type { ChainParams } from "../../chain/params.js";
import { toHex } from "../../util/bytes.js";
import type { JsonObject } from "../json.js";

export const hex = (b: Uint8Array): string => "0x" + toHex(b);

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

function wrappedJson(list: WrappedKey[]): JsonObject[] {
  return list.map((w) => ({ member: formatAddress(w.member), wrappedKey: hex(w.wrappedKey) }));
}

function bodyJson(stx: SignedTx): JsonObject {
  const { tx } = stx;
  switch (tx.kind) {
    case "transfer":
      return { to: formatAddress(tx.body.to), amount: tx.body.amount.toString(), memo: tx.body.memo ? hex(tx.body.memo) : null };
    case "message":
      return { to: formatAddress(tx.body.to), envelope: hex(tx.body.envelope), amount: tx.body.amount.toString(), selfEnvelope: tx.body.selfEnvelope ? hex(tx.body.selfEnvelope) : null };
    case "channelCreate":
      return { meta: hex(tx.body.meta), members: wrappedJson(tx.body.members) };
    case "channelInvite":
      return { channel: hex(tx.body.channel), epoch: tx.body.epoch, members: wrappedJson(tx.body.members) };
    case "channelRemove":
      return { channel: hex(tx.body.channel), removed: tx.body.removed.map(formatAddress), members: wrappedJson(tx.body.members) };
    case "channelPost":
      return { channel: hex(tx.body.channel), epoch: tx.body.epoch, envelope: hex(tx.body.envelope) };
    case "keyPublish":
      return { prekey: hex(tx.body.prekey), signature: hex(tx.body.signature) };
    case "anchor":
      return { hash: hex(tx.body.hash), tag: tx.body.tag };
    case "validatorVote":
      return { action: tx.body.action, validator: formatAddress(tx.body.validator) };
  }
}

export function txJson(stx: SignedTx, id: string): JsonObject {
  const { tx } = stx;
  return {
    id: "0x" + id,
    kind: TX_KIND_LABEL[tx.kind],
    chainId: tx.chainId,
    from: formatAddress(tx.from),
    nonce: tx.nonce,
    fee: tx.fee.toString(),
    expiry: tx.expiry,
    body: bodyJson(stx),
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
  };
}
