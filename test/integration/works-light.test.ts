// A licence verified by the light client (the SDK's VerifiedChain, which `parley work verify`
// and the web app use): headers verified from genesis by their certificates, the work and its
// licence by sparse Merkle proofs under a verified stateRoot. A node that alters a licence,
// leaves one out or proves against another block is caught.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient } from "../../src/client/chat.js";
import type { Identity } from "../../src/client/keys.js";
import { VerifiedChain } from "../../src/client/verify/verified-chain.js";
import { checkLicenceProof, WorkProofError, type WorkProofJson } from "../../src/client/verify/work-proofs.js";
import { contentHash } from "../../src/client/anchors.js";
import type { ParleyNode } from "../../src/node/node.js";
import { utf8 } from "../../src/util/bytes.js";
import { cleanup, devChain, startInProcess, waitFor } from "./harness.js";

let node: ParleyNode;
let chain: VerifiedChain;
let creator: Identity, buyer: Identity;
const song = utf8("a song for the light client");
const workId = contentHash(song);

beforeAll(async () => {
  const dev = devChain({ funded: 2 });
  node = await startInProcess(dev);
  [creator, buyer] = dev.funded as [Identity, Identity];
  const chat = new ChatClient(node.rpcUrl);
  await chat.registerWork(creator, song, [{ address: creator.publicKey, bps: 10_000 }], { offers: [{ asset: null, price: 500n, use: "personal", term: { clock: "blocks", length: 1_000 } }] });
  const sold = await chat.workOp(buyer, { op: "license", workId, offer: 0, asset: null, price: 500n });
  chain = await VerifiedChain.open({ primary: node.rpcUrl, waitMs: 500 });
  chain.start();
  await waitFor("headers up to the sale", async () => chain.height >= sold.height!, 30_000);
}, 60_000);

afterAll(async () => {
  chain?.stop();
  await cleanup();
});

const headers = { header: (h: number) => chain.header(h, 10_000) };

async function licencePage(): Promise<{ proof: WorkProofJson }> {
  return new ChatClient(node.rpcUrl).client.rpc.call<{ proof: WorkProofJson }>("work_licences", ["0x" + Buffer.from(workId).toString("hex"), 0, 10, true]);
}

describe("a licence in the light client", () => {
  it("is proven under a verified header: holder, offer, price and term", async () => {
    const v = await new ChatClient(node.rpcUrl).verifyWork(headers, workId);
    expect(v.work?.creators.map((c) => c.bps)).toEqual([10_000]);
    expect(v.anchor?.owner).toEqual(creator.publicKey);
    expect(v.licenceCount).toBe(1);
    const l = v.licences[0]!;
    expect(l.licence.holder).toEqual(buyer.publicKey);
    expect([l.licence.offer, l.licence.price, l.licence.use, l.licence.term, l.licence.until! - l.licence.fromHeight, l.valid]).toEqual([0, 500n, "personal", "blocks", 1_000, true]);
  });

  it("is refused when a node alters the licence, leaves it out, or proves it against another block", async () => {
    const page = await licencePage();
    const header = (await chain.header(page.proof.height))!;
    expect(checkLicenceProof(header, workId, 0, 10, page.proof).licences).toHaveLength(1);

    const altered = structuredClone(page.proof);
    const entry = altered.entries[1]!;
    // One byte of the licence value changed (inside the price or holder): no longer under the stateRoot.
    entry.value = entry.value!.slice(0, 20) + (entry.value![20] === "0" ? "1" : "0") + entry.value!.slice(21);
    expect(() => checkLicenceProof(header, workId, 0, 10, altered)).toThrow(WorkProofError);

    const dropped = { ...page.proof, entries: page.proof.entries.slice(0, 1) };
    expect(() => checkLicenceProof(header, workId, 0, 10, dropped)).toThrow(/no proof for/);

    const earlier = (await chain.header(page.proof.height - 1))!;
    expect(() => checkLicenceProof(earlier, workId, 0, 10, page.proof)).toThrow(/proof at height/);
    expect(() => checkLicenceProof(earlier, workId, 0, 10, { ...page.proof, height: earlier.height })).toThrow(/stateRoot/);
  });

  it("proves that an unregistered file has no work", async () => {
    const v = await new ChatClient(node.rpcUrl).verifyWork(headers, contentHash(utf8("nobody registered this")));
    expect([v.work, v.licences.length]).toEqual([null, 0]);
  });
});
