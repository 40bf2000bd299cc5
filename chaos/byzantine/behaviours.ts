// Byzantine validators for the chaos harness (docs/RELIABILITY.md, "Byzantine validators"):
// each behaviour wraps the honest send of a node's consensus outbox (src/node/consensus-tap.ts)
// and signs with the validator's key directly, around the WAL guard, what an attacker would.
// Several behaviours compose: each wraps the send of the one before it.
import { randomBytes } from "node:crypto";
import { blockHash } from "../../src/chain/chain.js";
import { decodeBlock, encodeBlock } from "../../src/chain/block/codec.js";
import type { Block } from "../../src/chain/block/types.js";
import { encodeVote, signProposal, signVote, type SignedProposal, type SignedVote } from "../../src/consensus/messages.js";
import type { ConsensusSend, ConsensusTap, ConsensusTapContext } from "../../src/node/consensus-tap.js";
import { wrapConsensus } from "../../src/node/p2p.js";
import { ChaosError } from "../errors.js";

export const BEHAVIOURS = ["equivocate", "invalid-block", "withhold-votes", "replay", "flood"] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

type Msg = SignedProposal | SignedVote;
const MAX_BLOCK_BYTES = 64 * 1024 * 1024;

/** `block` with its header changed by `edit`, re-hashed and signed as a proposal of `p`'s slot. */
function reproposed(ctx: ConsensusTapContext, p: SignedProposal, edit: (b: Block) => Block): SignedProposal | null {
  const d = decodeBlock(p.value.bytes, MAX_BLOCK_BYTES);
  if (!d.ok) return null;
  const b = edit(d.value);
  return signProposal(ctx.chainId, { height: p.height, round: p.round, validRound: -1, proposer: p.proposer, value: { id: blockHash(b.header), bytes: encodeBlock(b) } }, ctx.signer);
}

/** Votes twice at every step (a second, conflicting id) and proposes two different valid blocks. */
function equivocate(send: ConsensusSend, ctx: ConsensusTapContext): ConsensusSend {
  return (msg) => {
    if (msg.kind === "vote") {
      // The conflicting vote goes first, so peers see a pair whichever copy they count.
      send(signVote(ctx.chainId, { type: msg.type, height: msg.height, round: msg.round, validator: msg.validator, valueId: new Uint8Array(randomBytes(32)) }, ctx.signer));
      send(msg);
      return;
    }
    // A second block at the same slot: one ms later, otherwise the same and valid.
    const twin = reproposed(ctx, msg, (b) => ({ ...b, header: { ...b.header, time: b.header.time + 1 } }));
    if (twin) send(twin);
    send(msg);
  };
}

/** Proposes only blocks no honest node may accept: a wrong state root, or a tx that does not decode. */
function invalidBlock(send: ConsensusSend, ctx: ConsensusTapContext): ConsensusSend {
  return (msg) => {
    if (msg.kind === "vote" || msg.validRound >= 0) return send(msg);
    const bad = reproposed(ctx, msg, (b) => {
      if (msg.round % 2 === 0) {
        const stateRoot = b.header.stateRoot.slice();
        stateRoot[0]! ^= 0xff;
        return { ...b, header: { ...b.header, stateRoot } };
      }
      return { ...b, txs: [...b.txs, new Uint8Array(randomBytes(200))], header: { ...b.header, txCount: b.header.txCount + 1 } };
    });
    if (bad) send(bad);
  };
}

/** Proposes when it must, but never votes: 3 of 4 is still a quorum, so the chain goes on. */
function withholdVotes(send: ConsensusSend): ConsensusSend {
  return (msg) => {
    if (msg.kind === "proposal") send(msg);
  };
}

// Old messages kept for replay; a few are sent again with every new one.
const REPLAY_KEEP = 256;
const REPLAY_EACH = 4;

/** Sends, beside every new message, old ones from earlier heights again (valid signatures, stale). */
function replay(send: ConsensusSend): ConsensusSend {
  const old: Msg[] = [];
  return (msg) => {
    send(msg);
    const stale = old.filter((m) => m.height < msg.height);
    for (let i = 0; i < REPLAY_EACH && stale.length > 0; i++) send(stale[Math.floor(Math.random() * stale.length)]!);
    old.push(msg);
    if (old.length > REPLAY_KEEP) old.shift();
  };
}

const FLOOD_COPIES = 10;
const FLOOD_GARBAGE = 3;

/** Every message ten times (fresh gossip ids) plus garbage on the consensus topics. */
function flood(send: ConsensusSend, ctx: ConsensusTapContext): ConsensusSend {
  return (msg) => {
    for (let i = 0; i < FLOOD_COPIES; i++) send(msg);
    for (let i = 0; i < FLOOD_GARBAGE; i++) {
      ctx.publishRaw("vote", wrapConsensus(new Uint8Array(randomBytes(120))));
      ctx.publishRaw("proposal", new Uint8Array(randomBytes(64)));
    }
    // A vote with a broken signature: provably bad, so it strikes whoever sends it.
    if (msg.kind === "vote") {
      const forged = encodeVote({ ...msg, signature: new Uint8Array(randomBytes(64)) });
      ctx.publishRaw("vote", wrapConsensus(forged));
    }
  };
}

const TAPS: Record<Behaviour, (send: ConsensusSend, ctx: ConsensusTapContext) => ConsensusSend> = {
  equivocate,
  "invalid-block": invalidBlock,
  "withhold-votes": withholdVotes,
  replay,
  flood,
};

/** "equivocate,flood" -> the behaviours, or a clear error naming the unknown one. */
export function parseBehaviours(list: string): Behaviour[] {
  const names = list.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new ChaosError({ code: "BAD_ARGS", reason: "no byzantine behaviour given" });
  for (const n of names) {
    if (!(BEHAVIOURS as readonly string[]).includes(n)) throw new ChaosError({ code: "BAD_ARGS", reason: `unknown byzantine behaviour "${n}" (known: ${BEHAVIOURS.join(", ")})` });
  }
  return names as Behaviour[];
}

/** One tap doing every behaviour; the first named is outermost (sees the engine's messages). */
export function byzantineTap(behaviours: Behaviour[]): ConsensusTap {
  return (send, ctx) => {
    let s = send;
    for (const b of [...behaviours].reverse()) s = TAPS[b](s, ctx);
    return s;
  };
}
