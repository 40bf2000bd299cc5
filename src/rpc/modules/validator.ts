// Governance made visible: the open validator.vote ballots, who voted and who has not, and
// decided changes waiting for their height (RPC.md "validator"). Every address comes with the
// peer id of the node that holds its key, which is what allowlists and --peers name.
import { s } from "../schema.js";
import type { DocTable, MethodTable } from "../module.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { pendingGovernance } from "../../chain/governance-view.js";
import type { Address } from "../../chain/tx/types.js";
import { peerIdFromEd25519PublicKey } from "../../network/index.js";

const MEMBER = s.object({ address: s.address(), peerId: s.string("the peer id of the node holding this key") }, { required: ["address", "peerId"] });

function member(a: Address): JsonObject {
  return { address: formatAddress(a), peerId: peerIdFromEd25519PublicKey(a) };
}

export class ValidatorModule {
  static readonly namespace = "validator";
  static readonly methods: MethodTable<ValidatorModule> = {
    pendingVotes: [],
  };
  static readonly docs: DocTable<ValidatorModule> = {
    pendingVotes: {
      summary: "Open validator.vote ballots with who voted, who has not and the votes needed, and decided set changes not yet in force",
      result: s.object({
        height: s.uint(),
        validators: s.array(MEMBER),
        ballots: s.array(s.object({ action: s.string("add or remove"), validator: MEMBER, votes: s.uint(), needed: s.uint(), voters: s.array(s.address()), missing: s.array(s.address()) }, { required: ["action", "validator", "votes", "needed", "voters", "missing"] })),
        scheduled: s.array(s.object({ height: s.uint(), validators: s.array(s.address()) }, { required: ["height", "validators"] })),
      }, { required: ["height", "validators", "ballots", "scheduled"] }),
    },
  };

  constructor(private readonly node: NodeView) {}

  /** Open ballots with their voters and the votes still needed; scheduled changes. */
  pendingVotes(): JsonObject {
    const { chain } = this.node;
    const g = pendingGovernance(chain.state, chain.head.height);
    return {
      height: g.height,
      validators: g.validators.map(member),
      ballots: g.ballots.map((b) => ({
        action: b.action,
        validator: member(b.validator),
        votes: b.voters.length,
        needed: b.needed,
        voters: b.voters.map(formatAddress),
        missing: b.missing.map(formatAddress),
      })),
      scheduled: g.scheduled.map((c) => ({ height: c.height, validators: c.validators.map(formatAddress) })),
    };
  }
}
