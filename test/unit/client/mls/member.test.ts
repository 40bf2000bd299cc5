// MLS member state without the chain: joining, commit processing, and the two security
// properties groups are for (forward secrecy, post-compromise security), checked against a
// thief holding a member's persisted state.
import { describe, expect, it } from "vitest";
import { decodeMls, MlsMember, type PendingCommit } from "../../../../src/client/mls/member.js";
import { identityKeyPackage } from "../../../../src/client/mls/leaf.js";
import { mlsSuite } from "../../../../src/client/mls/suite.js";
import { identity, bytes32 } from "../../chain/tx/fixtures.js";
import { utf8, fromUtf8 } from "../../../../src/util/bytes.js";
import type { Identity } from "../../../../src/client/keys.js";

async function keyPackageOf(id: Identity) {
  return identityKeyPackage(id, await mlsSuite());
}

/** alice's group with bob joined through the Welcome: both at epoch 1. */
async function pair(label: string): Promise<{ a: MlsMember; b: MlsMember }> {
  const alice = identity(`${label}-alice`);
  const bob = identity(`${label}-bob`);
  const a = await MlsMember.create(alice, bytes32(label));
  const kb = await keyPackageOf(bob);
  const p = await a.prepareCommit(MlsMember.addProposals([kb.publicPackage]));
  a.adopt(p);
  const b = await MlsMember.join(p.welcome!, p.ratchetTree, kb);
  return { a, b };
}

async function commitBy(committer: MlsMember, others: MlsMember[]): Promise<PendingCommit> {
  const p = await committer.prepareCommit([]);
  committer.adopt(p);
  for (const o of others) await o.processCommit(p.commit);
  return p;
}

function text(o: Awaited<ReturnType<MlsMember["open"]>>): string | null {
  return o.kind === "application" ? fromUtf8(o.plaintext) : null;
}

describe("MLS member", () => {
  it("a joined member shares the epoch and epoch authenticator, and reads posts", async () => {
    const { a, b } = await pair("join");
    expect(a.epoch).toBe(1);
    expect(b.epoch).toBe(1);
    expect(b.epochAuthenticator).toEqual(a.epochAuthenticator);
    expect(a.members()).toHaveLength(2);
    expect(text(await b.open(await a.seal(utf8("hello"))))).toBe("hello");
  });

  it("commits carry their group id, epoch and content type in the clear for validators", async () => {
    const { a } = await pair("clear");
    const p = await a.prepareCommit([]);
    const m = decodeMls(p.commit);
    expect(m.wireformat).toBe("mls_private_message");
    expect(p.epoch).toBe(1);
    expect(p.members).toBe(2);
  });

  it("the submit key is the same for every member of an epoch and changes with the epoch", async () => {
    const { a, b } = await pair("submit");
    const ka = await a.submitKey();
    expect((await b.submitKey()).publicKey).toEqual(ka.publicKey);
    const p = await commitBy(a, [b]);
    expect(p.nextSubmitKey).toEqual((await b.submitKey()).publicKey);
    expect(p.nextSubmitKey).not.toEqual(ka.publicKey);
  });

  it("forward secrecy: state stolen at epoch n opens no post of an epoch whose keys were deleted, nor one already read", async () => {
    const { a, b } = await pair("fs");
    const old = await a.seal(utf8("epoch 1 secret"));
    const bAtOne = b.save(); // a copy taken before the post was read: the control
    expect(text(await b.open(old))).toBe("epoch 1 secret");
    // Three epochs later, epoch 1's keys are past the 2-epoch retention and deleted.
    for (let i = 0; i < 3; i++) await commitBy(a, [b]);
    const recent = await a.seal(utf8("epoch 4, read"));
    expect(text(await b.open(recent))).toBe("epoch 4, read");
    const stolen = MlsMember.restore(b.save());
    expect(stolen.epoch).toBe(4);
    expect((await stolen.open(old)).kind).toBe("unreadable");
    expect((await stolen.open(recent)).kind).toBe("unreadable");
    // The control: a state from before deletion still opens it, so the check above can fail.
    expect(text(await MlsMember.restore(bAtOne).open(old))).toBe("epoch 1 secret");
  });

  it("post-compromise security: state stolen at epoch n opens nothing after the victim's next update commit", async () => {
    const { a, b } = await pair("pcs");
    const stolen = MlsMember.restore(b.save());
    // Before the victim heals, the thief reads along: the compromise is real.
    expect(text(await stolen.open(await a.seal(utf8("still exposed"))))).toBe("still exposed");
    const update = await commitBy(b, [a]);
    // The thief cannot follow the update (its path secrets go to the other members' keys) ...
    await expect(stolen.processCommit(update.commit)).rejects.toThrow();
    // ... so the new epoch's posts, and later epochs', stay closed to it.
    expect((await stolen.open(await a.seal(utf8("after the update")))).kind).toBe("unreadable");
    await commitBy(a, [b]);
    expect((await stolen.open(await a.seal(utf8("two epochs on")))).kind).toBe("unreadable");
    expect(text(await b.open(await a.seal(utf8("b still reads"))))).toBe("b still reads");
  });

  it("a removed member cannot open the next epoch", async () => {
    const { a, b } = await pair("remove");
    const p = await a.prepareCommit(a.removeProposals([identity("remove-bob").publicKey]));
    a.adopt(p);
    expect(a.members()).toHaveLength(1);
    expect((await b.open(await a.seal(utf8("after removal")))).kind).toBe("unreadable");
  });
});
