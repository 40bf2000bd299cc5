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
import { readLicences, readWork } from "../../chain/works/reads.js";
import { licenceJson, offerJson, workJson } from "../../chain/works/json.js";
import { hex } from "./format.js";
import { recordingGet, STATE_PROOF, stateProof } from "./state-proof.js";

// As account_history: a longer page is refused, never cut short silently.
const MAX_LICENCES = 200;

const SHARE = s.object({ address: s.address(), bps: s.uint() }, { required: ["address", "bps"] });
const OFFER = s.object({ index: s.uint(), asset: s.nullable(s.hash()), price: s.decimal(), use: s.string(), term: s.any("{clock: perpetual|blocks|seconds, length}"), withdrawn: s.bool(), height: s.uint() });
const LICENCE = s.object({
  serial: s.uint(), holder: s.address(), offer: s.uint(), asset: s.nullable(s.hash()), price: s.decimal(), use: s.string(),
  fromHeight: s.uint(), fromTime: s.uint(), term: s.string("perpetual | blocks | seconds"), until: s.nullable(s.uint()), valid: s.bool(), txId: s.hash(),
});
const WORK = s.object(
  {
    workId: s.hash(), owner: s.address(), metaHash: s.hash(), creators: s.array(SHARE), payees: s.array(SHARE), height: s.uint(), time: s.uint(), txId: s.hash(),
    offerCount: s.uint(), licenceCount: s.uint(), transfers: s.uint(), offers: s.array(OFFER),
    anchor: s.object({ owner: s.address(), height: s.uint(), tag: s.string() }), proof: STATE_PROOF,
  },
  // With proof and no work under the id: only workId and the proof (of absence).
  { required: ["workId"] },
);

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
      result: s.object({ workId: s.hash(), licenceCount: s.uint(), licences: s.array(LICENCE), proof: STATE_PROOF }, { required: ["workId", "licenceCount", "licences"] }),
      errors: ["NOT_FOUND"],
    },
  };

  constructor(private readonly node: NodeView) {}

  /** The work at the head, with its offers and its content's anchor. */
  async get(workId: Uint8Array, proof: boolean): Promise<JsonObject> {
    const head = this.node.chain.head;
    const at = { height: head.height, stateRoot: head.header.stateRoot };
    const { get, reads } = recordingGet(this.node);
    const found = readWork(get, workId);
    // With proof, absence is an answer too: the proof shows no work under this id.
    if (!found && proof) return { workId: hex(workId), proof: await stateProof(this.node, at, reads) };
    if (!found) throw rpcError("NOT_FOUND", "WORK_NOT_FOUND", { workId: hex(workId) });
    const out: JsonObject = { ...workJson(workId, found.work), offers: found.offers.map((o) => offerJson(o.index, o.offer)) };
    if (found.anchor) out["anchor"] = { owner: formatAddress(found.anchor.owner), height: found.anchor.height, tag: found.anchor.tag };
    // The work record, every offer and the anchor (present or absent), as read.
    if (proof) out["proof"] = await stateProof(this.node, at, reads);
    return out;
  }

  /** Licences `from`..`from + limit - 1` (those sold), each with whether it is in force at the head. */
  async licences(workId: Uint8Array, from: number, limit: number, proof: boolean): Promise<JsonObject> {
    const head = this.node.chain.head;
    const { get, reads } = recordingGet(this.node);
    const found = readLicences(get, workId, from, limit, { height: head.height, time: head.header.time });
    if (!found) throw rpcError("NOT_FOUND", "WORK_NOT_FOUND", { workId: hex(workId) });
    const out: JsonObject = { workId: hex(workId), licenceCount: found.licenceCount, licences: found.licences.map((l) => licenceJson(l.serial, l.licence, l.valid)) };
    if (proof) out["proof"] = await stateProof(this.node, { height: head.height, stateRoot: head.header.stateRoot }, reads);
    return out;
  }
}
