// work_get and work_licences on a light node: the full node's answers (same JSON), read with the
// full node's readers (src/chain/works/reads.ts) over state entries proven under a header this
// node verified (light-state). The work record decides which further entries the answer rests
// on (its offers, the licences asked for, its anchor); state-read.ts fetches them with the
// record, so all are proven together. `valid` of a licence is at the verified header's height
// and time. `proof: true` returns the entries in the full node's proof shape (the SDK's
// checkWorkProof / checkLicenceProof accept it).
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { rpcError } from "../../rpc/errors.js";
import type { JsonObject } from "../../rpc/json.js";
import { WorkModule } from "../../rpc/modules/work.js";
import { formatAddress } from "../../chain/address.js";
import { readLicences, readWork } from "../../chain/works/reads.js";
import { licenceJson, offerJson, workJson } from "../../chain/works/json.js";
import { hex } from "../../rpc/modules/format.js";
import { verifiedDocs } from "./docs.js";
import { provenRead, stateProofJson, type ProvenRead, type ReadAt, type StateGet } from "../state-read.js";
import type { LightServices } from "../services.js";

export class LightWorkModule {
  static readonly namespace = "work";
  // The full node's params, method by method: a page of licences is at most 200 there too, and
  // 200 licences and the work record fit one light-state request (a longer page is refused).
  static readonly methods: MethodTable<LightWorkModule> = { get: WorkModule.methods.get, licences: WorkModule.methods.licences };
  static readonly docs: DocTable<LightWorkModule> = verifiedDocs(WorkModule.docs);

  constructor(private readonly node: LightServices) {}

  private read<T>(read: (get: StateGet, at: ReadAt) => T): Promise<ProvenRead<T>> {
    return provenRead((keys) => this.node.queries.stateEntries(keys), read);
  }

  async get(workId: Uint8Array, proof: boolean): Promise<JsonObject> {
    const res = await this.read((get) => readWork(get, workId));
    const found = res.value;
    // With proof, absence is an answer too: the proof shows no work under this id.
    if (!found && proof) return { workId: hex(workId), proof: stateProofJson(res) };
    if (!found) throw rpcError("NOT_FOUND", "WORK_NOT_FOUND", { workId: hex(workId) });
    const out: JsonObject = { ...workJson(workId, found.work), offers: found.offers.map((o) => offerJson(o.index, o.offer)) };
    if (found.anchor) out["anchor"] = { owner: formatAddress(found.anchor.owner), height: found.anchor.height, tag: found.anchor.tag };
    if (proof) out["proof"] = stateProofJson(res);
    return out;
  }

  async licences(workId: Uint8Array, from: number, limit: number, proof: boolean): Promise<JsonObject> {
    const res = await this.read((get, at) => readLicences(get, workId, from, limit, at));
    const found = res.value;
    if (!found) throw rpcError("NOT_FOUND", "WORK_NOT_FOUND", { workId: hex(workId) });
    const out: JsonObject = { workId: hex(workId), licenceCount: found.licenceCount, licences: found.licences.map((l) => licenceJson(l.serial, l.licence, l.valid)) };
    if (proof) out["proof"] = stateProofJson(res);
    return out;
  }
}
