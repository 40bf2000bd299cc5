// rewardPool: an organiser funds a pool that pays `reward` for each post in a channel, at most
// `capPerPeriod` per member per period, until it is empty or expires; the rest then returns
// (docs/ACTIONS.md 2.6). The block hook pays as it observes posts. One op: fund.
import { amountJson, hexJson, hexOrNull } from "../../../util/json.js";
import { readBigUint, readBytes, readUint } from "../../codec.js";
import { encodeDeadline } from "../../actions/record-codec.js";
import { createRewardPool, type RewardPoolInput } from "../../actions/reward-pool.js";
import { noActionEvents, noParties, notChat, type TxKindSpec } from "../spec.js";
import {
  actionCtx, nativeSpend, readTrailingAsset, withAsset, applyCreate, DRY_RUN_CTX, dryRunRefusal, IMPLICIT_UNITS, readBodyDeadline, readOp, unitsFee,
} from "./action-common.js";
import { loadChannel } from "./channel-common.js";

export const RewardPoolOp = { fund: 0 } as const;

/** The pool's input, the organiser being the sender. Wire [0, channel(32), reward, capPerPeriod, periodBlocks, fund, expiryClock, expiryAt] plus asset(32) when not native. */
export type RewardPoolBody = { op: "fund" } & Omit<RewardPoolInput, "organiser">;

export const rewardPoolKind: TxKindSpec<"rewardPool"> = {
  name: "rewardPool",
  label: "rewards",
  encodeBody: (b) => withAsset([RewardPoolOp.fund, b.channel, b.reward, b.capPerPeriod, b.periodBlocks, b.fund, ...encodeDeadline(b.expiry)], b.asset),
  decodeBody(f) {
    if (readOp(f[0], RewardPoolOp) !== "fund") return "op must be 0 (fund)";
    const tail = readTrailingAsset(f, 8, "reward pool fund");
    if (typeof tail === "string") return tail;
    const channel = readBytes(f[1], 32);
    const reward = readBigUint(f[2]);
    const capPerPeriod = readUint(f[3]);
    const periodBlocks = readUint(f[4]);
    const fund = readBigUint(f[5]);
    const expiry = readBodyDeadline(f[6], f[7], "expiry");
    if (!channel) return "channel must be 32 bytes";
    if (reward === undefined || fund === undefined) return "reward and fund must be u64";
    if (capPerPeriod === undefined || periodBlocks === undefined) return "capPerPeriod and periodBlocks must be non-negative integers";
    if (typeof expiry === "string") return expiry;
    const body = { op: "fund", channel, reward, capPerPeriod, periodBlocks, fund, expiry } as const;
    return tail.asset ? { ...body, asset: tail.asset } : body;
  },
  // [REJECT] reward > 0, fund >= reward, 1..10,000 posts per period of >= 1 block (createRewardPool's stateless rules).
  checkStateless: (tx) => dryRunRefusal(createRewardPool({ organiser: tx.from, ...tx.body }, DRY_RUN_CTX)),
  spend: (tx) => nativeSpend(tx.body.asset, tx.body.fund),
  // A watched channel and an expiry: a reply leaf and a before node's worth.
  extraFee: () => unitsFee(IMPLICIT_UNITS.rewardPool),
  apply(tx, ctx) {
    // [FAIL] the channel exists: a pool for nobody would only lock funds until it expires.
    const ch = loadChannel(ctx, tx.body.channel);
    if (!("epoch" in ch)) return ch;
    // [FAIL] an expiry already past; a full watch list on the channel (WATCHERS_FULL).
    return applyCreate(ctx, tx.from, createRewardPool({ organiser: tx.from, ...tx.body }, actionCtx(ctx)));
  },
  blockHooks: null,
  actionEvents: noActionEvents,
  indexRows: (tx, _id, out) => out.row("actions", tx.from),
  parties: noParties,
  bodyJson: (tx) => ({
    op: tx.body.op, channel: hexJson(tx.body.channel), reward: amountJson(tx.body.reward), asset: hexOrNull(tx.body.asset ?? null), capPerPeriod: tx.body.capPerPeriod,
    periodBlocks: tx.body.periodBlocks, fund: amountJson(tx.body.fund), expiry: { clock: tx.body.expiry.clock, at: tx.body.expiry.at },
  }),
  chatEntry: notChat,
};
