import { s } from "../schema.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import type { JsonObject } from "../json.js";
import type { ConsensusStatus } from "../../consensus/types.js";
import type { Equivocation } from "../../consensus/messages.js";
import { formatAddress } from "../../chain/address.js";
import { hex } from "./format.js";

export interface ConsensusView {
  status(): ConsensusStatus | null;
  /** Recorded equivocations, oldest first. */
  readonly evidence: { list(limit: number): Promise<Equivocation[]> };
}

export class ConsensusModule {
  static readonly namespace = "consensus";
  static readonly methods: MethodTable<ConsensusModule> = {
    status: [],
    evidence: [["limit", p.withDefault(p.uint({ max: 1000 }), 100)]],
  };
  static readonly docs: DocTable<ConsensusModule> = {
    status: { summary: "Height, round and step the consensus engine is at, with its lock ({height: null} on a follower)", result: s.object({ height: s.nullable(s.uint()), round: s.uint(), step: s.string(), lockedRound: { type: "integer" }, validRound: { type: "integer" }, decided: s.bool() }, { required: ["height"] }) },
    evidence: {
      summary: "Equivocations seen: two signed, conflicting votes by one validator for one height, round and type",
      result: s.object({ evidence: s.array(s.object({ validator: s.address(), height: s.uint(), round: s.uint(), type: s.any("vote type"), valueIds: s.array(s.nullable(s.hash())), signatures: s.array(s.hex()) })) }, { required: ["evidence"] }),
    },
  };

  constructor(private readonly view: ConsensusView) {}

  /** Height, round and step the engine is at, with its lock. */
  status(): JsonObject {
    const s = this.view.status();
    return s ? { ...s } : { height: null };
  }

  /** Equivocations seen: two signed, conflicting votes by one validator for one (height, round, type). */
  async evidence(limit: number): Promise<JsonObject> {
    const list = await this.view.evidence.list(limit);
    return {
      evidence: list.map((e) => ({
        validator: formatAddress(e.vote1.validator),
        height: e.vote1.height,
        round: e.vote1.round,
        type: e.vote1.type,
        valueIds: [e.vote1.valueId ? hex(e.vote1.valueId) : null, e.vote2.valueId ? hex(e.vote2.valueId) : null],
        signatures: [hex(e.vote1.signature), hex(e.vote2.signature)],
      })),
    };
  }
}
