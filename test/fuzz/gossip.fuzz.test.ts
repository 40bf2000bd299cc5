// Fuzz target: the gossip message handlers a peer reaches (tx batches through real admission
// into a real mempool over a real chain; proposals and votes through the p2p wrapper into a
// real consensus engine). Whatever arrives, a handler returns accept/ignore/reject and never
// throws; a provably bad message is rejected (so the sender is scored down); and nothing
// invalid is half-admitted: every tx left in the pool decodes and carries a valid signature.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Chain } from "../../src/chain/chain.js";
import { encode } from "../../src/chain/codec.js";
import { parseGenesis } from "../../src/chain/genesis.js";
import { decodeTx } from "../../src/chain/tx/codec.js";
import { ConsensusEngine } from "../../src/consensus/engine.js";
import type { ConsensusHost } from "../../src/consensus/host.js";
import { realClock } from "../../src/consensus/types.js";
import { ValidatorSet } from "../../src/consensus/validator-set.js";
import { MemoryWal } from "../../src/consensus/wal.js";
import { decodeBlock } from "../../src/chain/block/codec.js";
import { verifyEd25519 } from "../../src/crypto/native.js";
import { Mempool } from "../../src/mempool/pool.js";
import type { Network } from "../../src/network/index.js";
import type { GossipHandler } from "../../src/network/gossip.js";
import { genesisJson } from "../../src/node/dev-chain.js";
import { Admission } from "../../src/node/admission.js";
import { wireConsensus, wrapConsensus } from "../../src/node/p2p.js";
import { TxGossip } from "../../src/node/tx-gossip.js";
import { ALL_KINDS, identity, sampleTx } from "../unit/chain/tx/fixtures.js";
import { hostileBytes, mutated, runs, seed } from "./arbitraries.js";
import { BLOCK_ID, CHAIN_ID, KEYS, PROPOSALS, VOTES, precommits } from "./corpus.js";
import { encodeVote } from "../../src/consensus/messages.js";

const VERDICTS = ["accept", "ignore", "reject"];

describe("tx gossip batches on hostile input", () => {
  let dir: string;
  let chain: Chain;
  let pool: Mempool;
  let admission: Admission;
  let gossip: TxGossip;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "parley-fuzz-"));
    const alice = identity("alice");
    const genesis = parseGenesis(genesisJson(CHAIN_ID, [identity("validator")], [{ address: alice.address, balance: 10n ** 15n }], { blockTimeMs: 100 }));
    chain = await Chain.open(join(dir, "chain"), genesis);
    pool = new Mempool({}, { nonceAndBalance: (a) => ({ nonce: chain.state.account(a).nonce, balance: chain.state.account(a).balance }) });
    pool.setHeight(chain.head.height + 1);
    admission = new Admission(chain, pool, { verifyWorkers: 0 });
    gossip = new TxGossip(async () => 0, (b) => admission.admit(b));
  });

  afterAll(async () => {
    gossip.stop();
    await admission.close();
    await chain.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Valid batches: one tx of each kind from a funded sender, nonces 0.. (within the pool's gap limit).
  const txs = ALL_KINDS.map((k, i) => sampleTx(k, { nonce: i, expiry: 500 }).bytes);
  const batches = [encode(txs), encode(txs.slice(0, 3)), encode([txs[0]!])];

  it("accepts a batch of valid txs once, then ignores it as nothing new", async () => {
    expect(await gossip.onBatch(batches[2]!)).toBe("accept");
    expect(await gossip.onBatch(batches[2]!)).toBe("ignore");
  });

  it("rejects a batch whose tx has a broken signature, an empty batch and a non-array", async () => {
    const bad = txs[1]!.slice();
    bad[3]! ^= 0x40;
    expect(await gossip.onBatch(encode([bad]))).toBe("reject");
    expect(await gossip.onBatch(encode([]))).toBe("reject");
    expect(await gossip.onBatch(encode("hello"))).toBe("reject");
  });

  it("never throws on random or mutated batches, and leaves only valid signed txs in the pool", async () => {
    // Mutations of the batch and of the txs inside a well-formed batch.
    const innerMutation = fc.array(mutated(txs), { minLength: 1, maxLength: 4 }).map((list) => encode(list));
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileBytes(batches, 3), innerMutation), async (data) => {
        expect(VERDICTS).toContain(await gossip.onBatch(data));
      }),
      { numRuns: runs(300), seed: seed(7) },
    );
    for (const sender of [identity("alice")]) {
      for (const entry of pool.senderTxs(sender.publicKey)) {
        const d = decodeTx(entry.stx.bytes, chain.params.maxTxBytes);
        expect(d.ok).toBe(true);
        expect(admission.verify(entry)).toBe(true);
      }
    }
    expect(pool.size).toBeLessThanOrEqual(1_000);
  });
});

describe("consensus gossip (proposals, votes) on hostile input", () => {
  const handlers = new Map<string, GossipHandler>();
  // Only what wireConsensus uses of the network: registering handlers and publishing.
  const net = { onGossip: (topic: string, h: GossipHandler) => handlers.set(topic, h), publish: async () => 0 } as unknown as Network;
  const set = ValidatorSet.from(KEYS.map((k) => k.publicKey));
  const commits: number[] = [];
  const host: ConsensusHost = {
    validatorsAt: () => set,
    buildValue: () => Promise.reject(new RangeError("observer never proposes")),
    validateValue: async (_h, _r, v) => decodeBlock(v.bytes, 1 << 20).ok,
    commit: async (h) => void commits.push(h),
    broadcast: () => undefined,
  };
  const engine = new ConsensusEngine({ chainId: CHAIN_ID, signer: null, verify: verifyEd25519, wal: new MemoryWal(), clock: realClock, rebroadcastMs: null }, host);
  wireConsensus(net, () => engine, 1 << 20, () => undefined);

  beforeAll(() => engine.start(5));
  afterAll(() => engine.stop());

  const vote = (data: Uint8Array) => handlers.get("vote")!(data, "peer");
  const proposal = (data: Uint8Array) => handlers.get("proposal")!(data, "peer");

  it("rejects a vote whose signature was tampered with, and an unwrapped message", async () => {
    const forged = VOTES[0]!.slice();
    forged[forged.length - 5]! ^= 1;
    expect(await vote(wrapConsensus(forged))).toBe("reject");
    expect(await vote(VOTES[0]!)).toBe("reject");
  });

  it("accepts valid signed votes and proposals of the current height", async () => {
    for (const v of VOTES) expect(["accept"]).toContain(await vote(wrapConsensus(v)));
    expect(await proposal(wrapConsensus(PROPOSALS[0]!))).toBe("accept");
    // Three of four precommits and the proposal: height 5 is decided, with that block.
    expect(commits).toEqual([5]);
  });

  it("never throws on random or mutated votes and proposals, wrapped or not", async () => {
    // Votes for the height the engine is at now (6) and the next: mutations of these reach the signature and vote-set checks.
    const live = [...VOTES, ...precommits(6, 0, BLOCK_ID).map(encodeVote), ...precommits(7, 1, null).map(encodeVote)];
    const wrappedVotes = live.map(wrapConsensus);
    const wrappedProposals = PROPOSALS.map(wrapConsensus);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileBytes(wrappedVotes, 2).map((d) => ["vote", d] as const),
          mutated(live).map((d) => ["vote", wrapConsensus(d)] as const),
          hostileBytes(wrappedProposals, 2).map((d) => ["proposal", d] as const),
          mutated(PROPOSALS).map((d) => ["proposal", wrapConsensus(d)] as const),
        ),
        async ([topic, data]) => {
          expect(VERDICTS).toContain(await (topic === "vote" ? vote(data) : proposal(data)));
        },
      ),
      { numRuns: runs(400), seed: seed(11) },
    );
    // Mutations carry no validator key: they cannot have made the engine decide anything new.
    const s = engine.status;
    expect(s.height).toBeGreaterThanOrEqual(5);
    expect(commits).toEqual([5]);
  });
});
