// Result shapes for rpc.discover, named once for the full node's modules and the light node's
// (which answer the same methods with the same JSON). They mirror format.ts and docs/RPC.md;
// objects stay open (extra fields allowed) because kinds add fields without a protocol change.
import { s, type JsonSchema } from "../schema.js";

const CURSOR = s.string('a position "<height>.<index>"');

export const HEADER: JsonSchema = s.object(
  {
    hash: s.hash(), height: s.uint(), time: s.uint(), chainId: s.string(), parentHash: s.hash(), proposer: s.address(), txRoot: s.hash(),
    txCount: s.uint(), stateRoot: s.hash(), validatorsHash: s.hash(), nextValidatorsHash: s.hash(), lastCommitHash: s.hash(),
  },
  { required: ["hash", "height", "time", "stateRoot"], description: "a block header and its hash" },
);

export const TX: JsonSchema = s.object(
  {
    id: s.hash(), kind: s.string("the kind's label, e.g. transfer, message"), chainId: s.string(), from: s.address(), nonce: s.uint(),
    fee: s.decimal(), expiry: s.uint(), body: s.any("the kind's body JSON (docs/RPC.md, per kind)"), size: s.uint(), raw: s.hex(),
    fromName: s.string("the sender's primary name at the head; absent when none (full node only)"),
    toName: s.string("the recipient's primary name at the head; absent when none or no recipient (full node only)"),
  },
  { required: ["id", "kind", "from", "nonce", "fee", "body"], description: "a signed tx" },
);

/** A tx at its place in the chain, as inbox, sent and history pages list them. */
export const PLACED_TX: JsonSchema = { allOf: [TX, s.object({ height: s.uint(), index: s.uint(), time: s.uint(), cursor: CURSOR })] };

export const ACCOUNT: JsonSchema = s.object(
  {
    address: s.address(), balance: s.decimal(), nonce: s.uint(), pendingNonce: s.uint(), prekey: s.nullable(s.hex({ len: 32 })), height: s.uint(),
    proof: s.object({ stateRoot: s.hash(), height: s.uint(), value: s.nullable(s.hex()), smtProof: s.hex() }, { description: "with proof=true: a sparse Merkle proof against stateRoot" }),
  },
  { required: ["address", "balance", "nonce"] },
);

export const MESSAGE_PAGE: JsonSchema = s.object(
  { messages: s.array(PLACED_TX), older: s.nullable(CURSOR), newer: s.nullable(CURSOR) },
  { required: ["messages", "older", "newer"], description: "oldest first; older/newer are the cursors to page on" },
);

export const TX_STATUS: JsonSchema = s.object(
  {
    id: s.hash(), status: { enum: ["pending", "final", "failed", "rejected"] }, height: s.uint(), index: s.uint(),
    reason: s.string("why it failed or was rejected"), message: s.string(), tx: s.nullable(TX),
  },
  { required: ["id", "status"] },
);

export const TX_ID: JsonSchema = s.object({ id: s.hash() }, { required: ["id"] });

export const NODE_INFO: JsonSchema = s.object(
  {
    chainId: s.string(), version: s.string(), height: s.uint(), headHash: s.hash(), validator: s.nullable(s.address()), validators: s.array(s.address()),
    peerId: s.nullable(s.string()), peers: s.uint(), syncing: s.bool(), mempool: s.object({ txs: s.uint(), bytes: s.uint() }),
    params: s.object({ blockTimeMs: s.uint(), feeBase: s.decimal(), feePerByte: s.decimal(), maxExpiryWindow: s.uint(), maxEnvelopeBytes: s.uint(), maxTxBytes: s.uint(), nativeSymbol: s.string(), nativeDecimals: s.uint() }),
  },
  { required: ["chainId", "height"] },
);

export const COMMIT: JsonSchema = s.object({ height: s.uint(), commit: s.hex() }, { required: ["height", "commit"], description: "the encoded commit certificate" });

/** chain_getBlock: the header, plus txs as ids or full objects unless txs = "none". */
export const BLOCK: JsonSchema = { allOf: [HEADER, s.object({ txs: s.array({ anyOf: [s.hash(), TX] }) })] };

/** The action record JSON of rpc/modules/action.ts (docs/ACTIONS.md). */
export const ACTION: JsonSchema = s.object({ id: s.hash(), kind: s.string() }, { required: ["id"], description: "an automatic action's record (docs/ACTIONS.md)" });
