// MLS groups ordered by a 4-validator chain (issue 15): members race commits in the same epoch
// and the chain keeps exactly one per epoch, so every member ends in the same epoch with the
// same epoch authenticator (no forks); losers rebuild on the winner and resubmit; a member
// offline for 100 epochs catches up from the group log alone.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup } from "./harness.js";
import { expectSameChain, startNet } from "./network-harness.js";
import { ChatBase } from "../../src/client/chat-base.js";
import { commitBody, groupIdHex, MlsGroups, type GroupInfo } from "../../src/client/mls/groups.js";
import { MlsMember } from "../../src/client/mls/member.js";

afterEach(cleanup);

const MEMBERS = 20;
const ROUNDS = 3;
const OFFLINE_EPOCHS = 100;
const started = Date.now();
const note = (what: string) => console.log(`mls test +${Date.now() - started} ms: ${what}`);

/** Everyone's view must be one (epoch, authenticator): a fork would show as two. */
async function views(groups: MlsGroups[], gid: string): Promise<GroupInfo[]> {
  await Promise.all(groups.map((g) => g.sync(gid)));
  return Promise.all(groups.map((g) => g.info(gid)));
}

function expectOneView(infos: GroupInfo[]): GroupInfo {
  expect(new Set(infos.map((i) => `${i.epoch}/${i.epochAuthenticator}`)).size).toBe(1);
  return infos[0]!;
}

/** `n` self-updates sent back to back without waiting (each built on the last): cheap epochs. */
async function pipelinedUpdates(g: MlsGroups, gid: string, n: number): Promise<void> {
  const id = groupIdHex(gid);
  await g.sync(gid);
  const stored = (await g.store.getGroup(id))!;
  const m = MlsMember.restore(stored.state);
  let last = "";
  for (let i = 0; i < n; i++) {
    const p = await m.prepareCommit([]);
    last = (await g.base.submitSealed(g.identity, "mlsCommit", ({ chainId }) => commitBody(id, p, p.submitSig(chainId, g.identity.publicKey)), { wait: false })).id;
    m.adopt(p);
  }
  await g.base.client.waitFinal(last, 60_000);
  await g.store.putGroup(id, { ...stored, state: m.save() });
}

describe("MLS groups on a 4-validator chain", () => {
  it("20 members racing commits never fork, losers resubmit on the winner, and a member offline for 100 epochs catches up", async () => {
    const net = await startNet(4, {}, MEMBERS, [], [], true);
    note("4 validators up");
    const groups = net.chain.funded.map((id, i) => new MlsGroups(new ChatBase(net.nodes[i % 4]!.rpc), id));
    await Promise.all(groups.map((g) => g.publishKeyPackage()));
    const created = await groups[0]!.create(net.chain.funded.slice(1).map((f) => f.address));
    const gid = created.groupId;
    expect(created.members).toHaveLength(MEMBERS);
    await Promise.all(groups.slice(1).map((g) => g.join(gid)));
    expect(expectOneView(await views(groups, gid)).epoch).toBe(1);
    note("20 members joined");

    // Rounds of all 20 committing at once in the epoch each of them last saw.
    let won = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const outcomes = await Promise.all(groups.map((g) => g.tryCommit(gid)));
      const winners = outcomes.filter((o) => o.won).length;
      expect(winners).toBeGreaterThanOrEqual(1);
      for (const o of outcomes) if (!o.won) expect(["EPOCH_TAKEN", "STALE_EPOCH"]).toContain(o.reason);
      won += winners;
      const view = expectOneView(await views(groups, gid));
      const record = await net.rpc(r % 4).call<{ epoch: number; members: number }>("mls_group", [gid]);
      expect(view.epoch).toBe(record.epoch);
      expect(record.members).toBe(MEMBERS);
    }
    note(`${ROUNDS} rounds of 20 racing commits, ${won} won`);
    // Most racers lost each round: the race was real.
    expect(won).toBeLessThan(ROUNDS * MEMBERS);
    expect(expectOneView(await views(groups, gid)).epoch).toBe(1 + won);

    // Losers rebuild and resubmit: five concurrent updates all land, one epoch each.
    const before = (await groups[0]!.info(gid)).epoch;
    await Promise.all(groups.slice(0, 5).map((g) => g.update(gid)));
    expect(expectOneView(await views(groups, gid)).epoch).toBe(before + 5);

    note("5 concurrent updates landed");
    // The log holds exactly one commit per epoch, in order: what every member processed.
    const log = await net.rpc(2).call<{ messages: Array<{ kind: string; body: { epoch: number } }> }>("mls_log", [gid, { after: "0.0", limit: 200 }]);
    const epochs = log.messages.filter((m) => m.kind === "mls.commit").map((m) => m.body.epoch);
    expect(epochs).toEqual(Array.from({ length: before + 5 }, (_, i) => i));

    // Member 19 goes offline; member 1 commits 100 epochs and posts; 19 catches up and reads it.
    // (The other 18 stay where they are: 1,800 more commit decryptions in this one test process
    // would add a minute and prove nothing more.)
    const offline = groups[MEMBERS - 1]!;
    const t0 = Date.now();
    await pipelinedUpdates(groups[1]!, gid, OFFLINE_EPOCHS);
    await groups[1]!.post(gid, "welcome back");
    const t1 = Date.now();
    const ahead = await groups[1]!.info(gid);
    expect(ahead.epoch).toBe(before + 5 + OFFLINE_EPOCHS);
    const sync = await offline.sync(gid);
    expect(sync.commits).toBe(OFFLINE_EPOCHS);
    expect(sync.posts.map((p) => p.text)).toEqual(["welcome back"]);
    expect(await offline.info(gid)).toEqual(ahead);
    note(`${OFFLINE_EPOCHS} epochs committed in ${t1 - t0} ms, caught up in ${Date.now() - t1} ms`);
    await expectSameChain(net);
  }, 240_000);
});
