import { p } from "../params.js";
import type { MethodTable } from "../module.js";
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
