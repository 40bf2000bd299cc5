// Consortium governance: validators vote validators in and out. More than half of the current
// set decides a change, which governs the height two blocks later; this kind's begin-block hook
// promotes it to the current set when that height arrives.
import { formatAddress } from "../../address.js";
import { readBytes, readUint } from "../../codec.js";
import { bytesEqual } from "../../../util/bytes.js";
import { txError } from "../errors.js";
import { noExtraFee, noActionEvents, StateNs, noIndexRows, noParties, notChat, type BlockContext, type TxKindSpec } from "../spec.js";
import type { Address } from "../types.js";
import {
  GOV_KEY_SCHEDULED, GOV_KEY_SET, ballotKey, decodeAddressList, decodeScheduled, encodeAddressList, encodeScheduled, sortValidators,
} from "./governance-state.js";

export const VoteAction = { add: 0, remove: 1 } as const;
export type VoteActionName = keyof typeof VoteAction;

export interface ValidatorVoteBody {
  action: VoteActionName;
  validator: Address;
}

/** Blocks between the block that decides a change and the first height it governs. */
export const VALIDATOR_CHANGE_DELAY = 2;

/** Promotes a validator-set change scheduled for this height to the current set. */
function promoteScheduledSet(ctx: BlockContext): void {
  const scheduled = decodeScheduled(ctx.get(StateNs.governance, GOV_KEY_SCHEDULED));
  const due = scheduled.filter((c) => c.height <= ctx.height);
  if (due.length === 0) return;
  ctx.set(StateNs.governance, GOV_KEY_SET, encodeAddressList(due[due.length - 1]!.validators));
  ctx.set(StateNs.governance, GOV_KEY_SCHEDULED, encodeScheduled(scheduled.filter((c) => c.height > ctx.height)));
}

export const validatorVoteKind: TxKindSpec<"validatorVote"> = {
  name: "validatorVote",
  label: "validator.vote",
  encodeBody: (b) => [VoteAction[b.action], b.validator],
  decodeBody(f) {
    if (f.length !== 2) return "validator.vote has 2 fields";
    const action = readUint(f[0]);
    const validator = readBytes(f[1], 32);
    const name = (Object.keys(VoteAction) as VoteActionName[]).find((k) => VoteAction[k] === action);
    if (!name) return "action must be 0 (add) or 1 (remove)";
    if (!validator) return "validator must be 32 bytes";
    return { action: name, validator };
  },
  checkStateless: () => null,
  spend: () => 0n,
  extraFee: noExtraFee,
  apply(tx, ctx) {
    const current = ctx.validators();
    // [REJECT] only validators govern the validator set.
    if (!current.some((v) => bytesEqual(v, tx.from))) return txError({ code: "NOT_VALIDATOR" });
    const { action, validator } = tx.body;
    const present = current.some((v) => bytesEqual(v, validator));
    if (action === "add" && present) return txError({ code: "BAD_VOTE", reason: "already a validator" });
    if (action === "remove" && !present) return txError({ code: "BAD_VOTE", reason: "not a validator" });
    // [REJECT] the set never becomes empty: the chain would halt forever.
    if (action === "remove" && current.length === 1) return txError({ code: "BAD_VOTE", reason: "cannot remove the last validator" });
    const key = ballotKey(VoteAction[action], validator);
    const voters = decodeAddressList(ctx.get(StateNs.governance, key)).filter((v) => current.some((c) => bytesEqual(c, v)));
    if (voters.some((v) => bytesEqual(v, tx.from))) return txError({ code: "BAD_VOTE", reason: "already voted" });
    voters.push(tx.from);
    // More than half of the current validators decide; the change governs height + 2.
    if (voters.length * 2 > current.length) {
      const scheduled = decodeScheduled(ctx.get(StateNs.governance, GOV_KEY_SCHEDULED));
      const base = scheduled.length > 0 ? scheduled[scheduled.length - 1]!.validators : [...current];
      // Judged against the latest scheduled set, not only the current one: a change already
      // decided but not yet in force must not let the set list a validator twice or run empty.
      const scheduledIn = base.some((v) => bytesEqual(v, validator));
      const next = action === "add" ? (scheduledIn ? base : [...base, validator]) : base.filter((v) => !bytesEqual(v, validator));
      // [REJECT] the set never becomes empty, counting removals already scheduled.
      if (next.length === 0) return txError({ code: "BAD_VOTE", reason: "cannot remove the last validator" });
      const height = ctx.height + VALIDATOR_CHANGE_DELAY;
      const kept = scheduled.filter((c) => c.height !== height);
      kept.push({ height, validators: sortValidators(next) });
      ctx.set(StateNs.governance, GOV_KEY_SCHEDULED, encodeScheduled(kept));
      ctx.set(StateNs.governance, key, encodeAddressList([]));
    } else {
      ctx.set(StateNs.governance, key, encodeAddressList(voters));
    }
    return null;
  },
  blockHooks: {
    // The hook runs every block, so a change is promoted at its height: the scheduled list holds
    // at most the changes decided in the last VALIDATOR_CHANGE_DELAY blocks, one per height.
    bound: "one read of the scheduled list (at most 2 entries) and, when a change is due, two writes",
    beginBlock: promoteScheduledSet,
  },
  actionEvents: noActionEvents,
  indexRows: noIndexRows,
  parties: noParties,
  bodyJson: (tx) => ({ action: tx.body.action, validator: formatAddress(tx.body.validator) }),
  chatEntry: notChat,
};
