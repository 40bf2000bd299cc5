// One byzantine validator of four (chaos/faulty-node.ts): the honest three keep finalizing
// one chain, store the evidence of what was provable, strike the liar by its own peer id, and
// never strike or ban each other. Each case is its own small network, so a ban of the liar in
// one case cannot hide what another behaviour does.
import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { REPO, cleanup } from "./harness.js";
import { expectSameChain, startNet, waitHeight, type TestNet } from "./network-harness.js";
import { formatAddress } from "../../src/chain/address.js";

const BYZANTINE = join(REPO, "dist/chaos/faulty-node.js");
const HONEST = [0, 1, 2];
const LIAR = 3;

interface Standing {
  peer: string;
  strikes: number;
  bannedForMs: number;
}

let net: TestNet | null = null;

afterEach(async () => {
  if (net) for (let i = 0; i < 4; i++) await net.kill(i);
  net = null;
  await cleanup();
});

/** Starts three honest validators and the liar, then lets the honest ones finalize `heights` more blocks. */
async function runWith(behaviour: string, heights: number): Promise<TestNet> {
  net = await startNet(4, { heartbeatMs: 100 }, 1, [], ["--enable-admin"], true, 3);
  await net.start(LIAR, ["--enable-admin", "--behaviour", behaviour], BYZANTINE);
  const from = Math.max(...(await net.heads()).map((h) => h.height));
  await waitHeight(net, HONEST, from + heights, 60_000);
  return net;
}

async function standingOn(n: TestNet, i: number): Promise<Standing[]> {
  return (await n.rpc(i).call<{ standing: Standing[] }>("admin_networkStatus")).standing;
}

function peerIdOf(n: TestNet, i: number): string {
  return n.p2p[i]!.split("/p2p/")[1]!;
}

/** Nobody honest was struck or banned by an honest node; returns what each honest node holds against the liar. */
async function expectHonestUnharmed(n: TestNet): Promise<Standing[]> {
  const liar = peerIdOf(n, LIAR);
  const against: Standing[] = [];
  for (const i of HONEST) {
    const standing = await standingOn(n, i);
    expect(standing.filter((s) => s.peer !== liar), `honest peers struck by node ${i}`).toEqual([]);
    const s = standing.find((x) => x.peer === liar);
    if (s) against.push(s);
  }
  return against;
}

describe("one byzantine validator of four", () => {
  it("an equivocating proposer and voter: evidence is stored and the liar is struck", async () => {
    const n = await runWith("equivocate", 8);
    await expectSameChain(n);
    const liar = formatAddress(n.chain.validators[LIAR]!.publicKey);
    for (const i of HONEST) {
      const ev = await n.rpc(i).call<{ evidence: Array<{ validator: string }> }>("consensus_evidence", []);
      expect(ev.evidence.length, `evidence on node ${i}`).toBeGreaterThan(0);
      expect(ev.evidence.every((e) => e.validator === liar)).toBe(true);
    }
    expect((await expectHonestUnharmed(n)).length).toBeGreaterThan(0);
  }, 150_000);

  it("a proposer of invalid blocks (wrong state root, undecodable tx) is struck, and its blocks never land", async () => {
    // The liar proposes at one height in four: 12 heights give it several turns.
    const n = await runWith("invalid-block", 12);
    const top = await expectSameChain(n);
    const liar = formatAddress(n.chain.validators[LIAR]!.publicKey);
    for (let h = 1; h <= top; h++) {
      const b = await n.rpc(0).call<{ proposer: string }>("chain_getBlock", [h, "none"]);
      expect(b.proposer, `block ${h}`).not.toBe(liar);
    }
    expect((await expectHonestUnharmed(n)).length).toBeGreaterThan(0);
  }, 150_000);

  it("a validator that withholds its votes, replays old messages and floods gossip does not stop finality", async () => {
    const n = await runWith("withhold-votes,replay,flood", 8);
    await expectSameChain(n);
    // Garbage and forged signatures are provable: every honest node holds strikes against it.
    expect((await expectHonestUnharmed(n)).length).toBe(HONEST.length);
  }, 150_000);
});
