// Works and licences (docs/WORKS.md): a work's record with its offers and anchor, and the
// licences sold, read at the head; with proof, each value's sparse Merkle proof against the
// head's stateRoot, so a client holding a verified header checks them itself (`parley work verify`).
import { s } from "../schema.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { smtKey } from "../../chain/state/state-store.js";
import { encodeProof } from "../../chain/state/smt/tree.js";
import { StateNs, type StateNsByte } from "../../chain/tx/spec.js";
import { decodeAnchorRecord } from "../../chain/tx/kinds/anchor.js";
import { decodeLicence, decodeOffer, decodeWork, licenceKey, licenceValid, offerKey, workKey } from "../../chain/works/records.js";
import { licenceJson, offerJson, workJson } from "../../chain/works/json.js";
import { hex } from "./format.js";

// As account_history: a longer page is refused, never cut short silently.
const MAX_LICENCES = 200;

const SHARE = s.object({ address: s.address(), bps: s.uint() }, { required: ["address", "bps"] });
const PROOF = s.object(
  {
    height: s.uint(), stateRoot: s.hash(),
    entries: s.array(s.object({ ns: s.uint(), key: s.hex(), value: s.nullable(s.hex()), smtProof: s.hex() }, { required: ["ns", "key", "value", "smtProof"] })),
  },
  { required: ["height", "stateRoot", "entries"] },
);
const OFFER = s.object({ index: s.uint(), asset: s.nullable(s.hash()), price: s.decimal(), use: s.string(), term: s.any("{clock: perpetual|blocks|seconds, length}"), withdrawn: s.bool(), height: s.uint() });
const LICENCE = s.object({
  serial: s.uint(), holder: s.address(), offer: s.uint(), asset: s.nullable(s.hash()), price: s.decimal(), use: s.string(),
  fromHeight: s.uint(), fromTime: s.uint(), term: s.string("perpetual | blocks | seconds"), until: s.nullable(s.uint()), valid: s.bool(), txId: s.hash(),
});
const WORK = s.object(
  {
    workId: s.hash(), owner: s.address(), metaHash: s.hash(), creators: s.array(SHARE), payees: s.array(SHARE), height: s.uint(), time: s.uint(), txId: s.hash(),
    offerCount: s.uint(), licenceCount: s.uint(), transfers: s.uint(), offers: s.array(OFFER),
    anchor: s.object({ owner: s.address(), height: s.uint(), tag: s.string() }), proof: PROOF,
  },
  // With proof and no work under the id: only workId and the proof (of absence).
  { required: ["workId"] },
);

interface Read {
  ns: StateNsByte;
  key: Uint8Array;
  value: Uint8Array | undefined;
}

export class WorkModule {
  static readonly namespace = "work";
  static readonly methods: MethodTable<WorkModule> = {
    get: [
      ["workId", p.hash()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
    licences: [
      ["workId", p.hash()],
      ["from", p.withDefault(p.uint(), 0)],
      ["limit", p.withDefault(p.uint({ min: 1, max: MAX_LICENCES }), 50)],
      ["proof", p.withDefault(p.bool(), false)],
    ],
  };
  static readonly docs: DocTable<WorkModule> = {
    get: {
      summary: "A work (its id is its content's SHA-256): owner, creators, payees, offers and anchor at the head; with proof, each value's sparse Merkle proof (and a missing work answers with a proof of its absence)",
      result: WORK,
      errors: ["NOT_FOUND"],
    },
    licences: {
      summary: "Licences sold for a work, by serial from `from`; `valid` is at the head; with proof, each value's sparse Merkle proof",
      result: s.object({ workId: s.hash(), licenceCount: s.uint(), licences: s.array(LICENCE), proof: PROOF }, { required: ["workId", "licenceCount", "licences"] }),
      errors: ["NOT_FOUND"],
    },
  };

  constructor(private readonly node: NodeView) {}

  private read(ns: StateNsByte, key: Uint8Array): Read {
    return { ns, key, value: this.node.chain.state.get(ns, key) };
  }

  /** Proofs of `reads` against the head they were read at (the caller read them in the same tick as `head`). */
  private async proofOf(head: { height: number; stateRoot: Uint8Array }, reads: readonly Read[]): Promise<JsonObject> {
    const entries = await Promise.all(reads.map(async (r) => {
      // State nodes are content-addressed and never deleted: the proof stays valid as blocks arrive.
      const pr = await this.node.chain.smt.prove(head.stateRoot, smtKey(r.ns, r.key));
      return { ns: r.ns, key: hex(r.key), value: r.value ? hex(r.value) : null, smtProof: hex(encodeProof(pr)) };
    }));
    return { height: head.height, stateRoot: hex(head.stateRoot), entries };
  }

  /** The work at the head, with its offers and its content's anchor. */
  async get(workId: Uint8Array, proof: boolean): Promise<JsonObject> {
    const head = this.node.chain.head;
    const workRead = this.read(StateNs.work, workKey(workId));
    const work = workRead.value && decodeWork(workRead.value);
    // With proof, absence is an answer too: the proof shows no work under this id.
    if (!work && proof) return { workId: hex(workId), proof: await this.proofOf({ height: head.height, stateRoot: head.header.stateRoot }, [workRead]) };
    if (!work) throw rpcError("NOT_FOUND", "WORK_NOT_FOUND", { workId: hex(workId) });
    const offerReads = [...Array(work.offerCount).keys()].map((i) => this.read(StateNs.work, offerKey(workId, i)));
    const anchorRead = this.read(StateNs.anchor, workId);
    const offers = offerReads.flatMap((r, i) => {
      const o = r.value && decodeOffer(r.value);
      return o ? [offerJson(i, o)] : [];
    });
    const anchor = anchorRead.value && decodeAnchorRecord(anchorRead.value);
    const out: JsonObject = { ...workJson(workId, work), offers };
    if (anchor) out["anchor"] = { owner: formatAddress(anchor.owner), height: anchor.height, tag: anchor.tag };
    if (proof) out["proof"] = await this.proofOf({ height: head.height, stateRoot: head.header.stateRoot }, [workRead, ...offerReads, anchorRead]);
    return out;
  }

  /** Licences `from`..`from + limit - 1` (those sold), each with whether it is in force at the head. */
  async licences(workId: Uint8Array, from: number, limit: number, proof: boolean): Promise<JsonObject> {
    const head = this.node.chain.head;
    const workRead = this.read(StateNs.work, workKey(workId));
    const work = workRead.value && decodeWork(workRead.value);
    if (!work) throw rpcError("NOT_FOUND", "WORK_NOT_FOUND", { workId: hex(workId) });
    const end = Math.min(work.licenceCount, from + limit);
    const reads: Read[] = [];
    for (let i = from; i < end; i++) reads.push(this.read(StateNs.work, licenceKey(workId, i)));
    const licences = reads.flatMap((r, i) => {
      const l = r.value && decodeLicence(r.value);
      return l ? [licenceJson(from + i, l, licenceValid(l, head.height, head.header.time))] : [];
    });
    const out: JsonObject = { workId: hex(workId), licenceCount: work.licenceCount, licences };
    if (proof) out["proof"] = await this.proofOf({ height: head.height, stateRoot: head.header.stateRoot }, [workRead, ...reads]);
    return out;
  }
}
