// One automatic action as the chat shows it: a red packet (claim with one click), an escrow
// (amount, condition, timeout; release, refund or approve for the party who may), a scheduled
// payment (cancel for the payer) or a bounty, each with its live state and the heights it
// became final and last changed at.
import { useEffect, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { asKnown, choicesFor, deadlineOf, type BountyJson, type ConditionJson, type EscrowJson, type RedPacketJson, type ScheduledPaymentJson } from "../../client/action-view.js";
import { formatAmount, formatTime, nativeUnit, t, type TokenUnit } from "../i18n/i18n.js";
import { useStore } from "../lib/store.js";
import type { ActionDo, ActionState, ChatActions } from "../state/actions.js";
import { Amount, ErrorText, useAction } from "./common.js";
import { assetLabel, type ChainNameOf } from "./AssetName.js";

type NameOf = (address: string) => string;

const amount = (s: string): bigint => BigInt(s);

/** The asset an action locks and pays, when not the native token (the RPC names it: docs/ACTIONS.md 2.7); undefined = native. */
function unitOf(r: object): TokenUnit | undefined {
  const a = (r as { asset?: { assetId: string | null; symbol: string; decimals: number } | null }).asset;
  return a && a.assetId ? { symbol: a.symbol, decimals: a.decimals } : undefined;
}

/** An amount with its symbol as text ("4.5 PTS"), for sentences. */
const money = (v: bigint, unit: TokenUnit | undefined): string => `${formatAmount(v, unit)} ${(unit ?? nativeUnit.get()).symbol}`;

/** An action in an asset names the asset by symbol and issuer (symbols are not unique). */
function AssetLine({ r, nameOf }: { r: object; nameOf: ChainNameOf | undefined }) {
  const a = (r as { asset?: { assetId: string | null; symbol: string; issuer: string | null } | null }).asset;
  if (!a?.assetId) return null;
  return <p class="small" data-test="action-asset" title={a.assetId}>{assetLabel(a, nameOf)}</p>;
}

function when(d: { clock: "height" | "time"; at: number }): string {
  return d.clock === "height" ? t("act.atHeight", { height: d.at }) : t("act.atTime", { time: formatTime(d.at) });
}

/** A condition tree in words, e.g. "the secret is revealed and before height 120". */
export function conditionText(c: ConditionJson, name: NameOf): string {
  switch (c.op) {
    case "and":
    case "or":
      return (c.children ?? []).map((x) => conditionText(x, name)).join(t(c.op === "and" ? "cond.and" : "cond.or"));
    case "not":
      return t("cond.not", { cond: c.child ? conditionText(c.child, name) : "" });
    case "after":
      return t("cond.after", { when: when({ clock: c.clock ?? "height", at: c.at ?? 0 }) });
    case "before":
      return t("cond.before", { when: when({ clock: c.clock ?? "height", at: c.at ?? 0 }) });
    case "hashPreimage":
      return t("cond.secret");
    case "approvals":
      return t("cond.approvals", { m: c.m ?? 0, who: (c.of ?? []).map(name).join(", ") });
    case "anchorExists":
      return t("cond.anchor", { hash: String(c["hash"]).slice(0, 18) + "…" });
    case "reply":
      return t("cond.reply", { who: typeof c["from"] === "string" ? name(c["from"]) : t("cond.anyone") });
    case "paymentReceived":
      return t("cond.payment", { from: name(String(c["from"])), to: name(String(c["to"])), amount: formatAmount(BigInt(String(c["minAmount"]))) });
    default:
      return c.op;
  }
}

function Buttons({ actions, st, me, preimage }: { actions: ChatActions; st: ActionState; me: string; preimage?: string }) {
  const head = useStore(actions.head);
  const [busy, error, run] = useAction();
  const a = st.record;
  const may = choicesFor(a, me, head);
  const go = (what: ActionDo) => void run(() => actions.act(a.id, a.kind, what));
  const b = (show: boolean, what: ActionDo, label: string, test: string) =>
    show && <button type="button" class="small" disabled={busy} onClick={() => go(what)} data-test={test}>{busy ? t("common.working") : label}</button>;
  return (
    <>
      <div class="actions">
        {b(may.claim, { op: "claim" }, t("act.claim"), "claim-red-packet")}
        {b(may.release && !!preimage, { op: "release", preimage: preimage ?? "" }, t("act.release"), "escrow-release")}
        {b(may.refund, { op: "refund" }, t("act.refund"), "escrow-refund")}
        {b(may.approve, { op: "approve" }, t("act.approve"), "escrow-approve")}
        {b(may.cancel, { op: "cancel" }, t("act.cancel"), "payment-cancel")}
      </div>
      <ErrorText error={error} />
    </>
  );
}

function Heights({ st, settled }: { st: ActionState; settled?: number }) {
  const created = Number(st.record["createdHeight"] ?? 0);
  const last = settled && settled > 0 ? settled : st.changedAt;
  return (
    <p class="meta" data-test="action-heights">
      {t("act.createdAt", { height: created })}
      {last !== null && last !== undefined && last > created && <> · {t("act.changedAt", { height: last })}</>}
    </p>
  );
}

function RedPacket({ r, me, name }: { r: RedPacketJson; me: string; name: NameOf }) {
  const mine = r.claims.find((c) => c.claimer === me);
  const claimed = r.claims.reduce((n, c) => n + amount(c.amount), 0n);
  const state = r.status === "open" ? (r.claims.length === 0 ? t("rp.open") : t("rp.partly", { left: money(amount(r.remaining), unitOf(r)) }))
    : r.status === "finished" ? t("rp.claimed")
      : claimed > 0n ? t("rp.expiredPartly", { refunded: money(total(r) - claimed, unitOf(r)) }) : t("rp.refunded", { amount: money(total(r), unitOf(r)) });
  return (
    <>
      <p><strong>{t("rp.title")}</strong> <Amount unit={unitOf(r)} value={total(r)} /> · {r.sender === me ? t("act.fromYou") : t("act.from", { name: name(r.sender) })}</p>
      <p class="action-state" data-test="action-state" data-status={r.status}>{state}</p>
      {r.claims.length > 0 && (
        <ul class="plain">
          {r.claims.map((c) => <li key={c.claimer} data-test="red-packet-claim">{t("rp.claimedBy", { name: c.claimer === me ? t("msg.you") : name(c.claimer) })} <Amount unit={unitOf(r)} value={amount(c.amount)} /></li>)}
        </ul>
      )}
      {mine && <p class="paid" data-test="red-packet-mine">{t("rp.youGot")} <Amount unit={unitOf(r)} value={amount(mine.amount)} /></p>}
      {r.status === "open" && <p class="note">{t("rp.expires", { when: when(r.expiry) })}</p>}
    </>
  );
}

const total = (r: RedPacketJson): bigint => amount(r.total);

function Escrow({ r, me, name, preimage, setPreimage, canRelease }: { r: EscrowJson; me: string; name: NameOf; preimage: string; setPreimage: (s: string) => void; canRelease: boolean }) {
  const timeout = deadlineOf(r.refund);
  const state = r.status === "open" ? t("esc.open") : r.status === "released" ? t("esc.released", { name: name(r.releaseTo) })
    : r.returnReason === "PAYEE_FROZEN" ? t("esc.returned", { name: r.returnedFor === me ? t("msg.you") : name(r.returnedFor ?? "") }) : t("esc.refunded", { name: name(r.refundTo) });
  return (
    <>
      <p><strong>{t("esc.title")}</strong> <Amount unit={unitOf(r)} value={amount(r.amount)} /> · {t("esc.parties", { from: r.owner === me ? t("msg.you") : name(r.owner), to: r.releaseTo === me ? t("msg.you") : name(r.releaseTo) })}</p>
      <p class="action-state" data-test="action-state" data-status={r.status} data-reason={r.returnReason ?? undefined}>{state}</p>
      <dl class="facts small">
        <dt>{t("esc.releaseWhen")}</dt><dd>{conditionText(r.release, name)}</dd>
        <dt>{t("esc.refundWhen")}</dt><dd>{conditionText(r.refund, name)}</dd>
        {timeout && <><dt>{t("esc.timeout")}</dt><dd>{when(timeout)}</dd></>}
      </dl>
      {canRelease && (
        <div class="field">
          <label for={`preimage-${r.id}`}>{t("esc.secret")}</label>
          <input id={`preimage-${r.id}`} value={preimage} placeholder="0x…" onInput={(e) => setPreimage(e.currentTarget.value)} data-test="escrow-preimage" />
        </div>
      )}
    </>
  );
}

function Scheduled({ r, me, name }: { r: ScheduledPaymentJson; me: string; name: NameOf }) {
  const state = r.status === "open" ? t("sp.open", { done: r.done, runs: r.runs }) : r.status === "finished" ? t("sp.finished", { runs: r.runs }) : t("sp.cancelled", { done: r.done, runs: r.runs });
  return (
    <>
      <p><strong>{t("sp.title")}</strong> <Amount unit={unitOf(r)} value={amount(r.amount)} /> × {r.runs} · {t("esc.parties", { from: r.payer === me ? t("msg.you") : name(r.payer), to: r.to === me ? t("msg.you") : name(r.to) })}</p>
      <p class="action-state" data-test="action-state" data-status={r.status}>{state}</p>
      <p class="note">{r.runs > 1 ? t("sp.every", { n: r.interval, unit: r.clock === "height" ? t("sp.blocks") : t("sp.ms") }) : ""}{r.next !== null && <> {t("sp.next", { when: when({ clock: r.clock, at: r.next }) })}</>}</p>
    </>
  );
}

function Bounty({ r, me, name }: { r: BountyJson; me: string; name: NameOf }) {
  const state = r.status === "open" ? t("bty.open", { who: r.answerer ? name(r.answerer) : t("cond.anyone") })
    : r.status === "paid" ? t("bty.paid", { name: r.paidTo === me ? t("msg.you") : name(r.paidTo ?? "") })
      : r.refundReason === "ANSWERER_FROZEN" ? t("bty.returned", { name: r.answeredBy === me ? t("msg.you") : name(r.answeredBy ?? "") }) : t("bty.refunded");
  return (
    <>
      <p><strong>{t("bty.title")}</strong> <Amount unit={unitOf(r)} value={amount(r.amount)} /> · {r.owner === me ? t("act.fromYou") : t("act.from", { name: name(r.owner) })}</p>
      <p class="action-state" data-test="action-state" data-status={r.status} data-reason={r.refundReason ?? undefined}>{state}</p>
      {r.status === "open" && <p class="note">{t("bty.deadline", { when: when(r.deadline) })}</p>}
    </>
  );
}

function Frame({ kind, id, children }: { kind: string; id: string; children: ComponentChildren }) {
  return <div class={`action-card action-${kind}`} data-test="action-card" data-kind={kind} data-id={id}>{children}</div>;
}

/** The card of action `id` (loading its record if this session has not seen it yet); `chainName` names an asset's issuer. */
export function ActionCard({ actions, id, me, name, chainName }: { actions: ChatActions; id: string; me: string; name: NameOf; chainName?: ChainNameOf }) {
  useStore(actions.version);
  const [preimage, setPreimage] = useState("");
  const st = actions.get(id);
  useEffect(() => {
    if (!actions.get(id)) actions.ensure(id);
  }, [id]);
  if (!st) {
    return <Frame kind="loading" id={id}><p class="note">{t("act.loading")}</p></Frame>;
  }
  const r = asKnown(st.record);
  if (!r) return <Frame kind={st.record.kind} id={id}><p>{t("act.other", { kind: st.record.kind })}</p></Frame>;
  const canRelease = r.kind === "escrow" && choicesFor(r, me, actions.head.get()).release;
  const settled = r.kind === "escrow" || r.kind === "bounty" ? r.settledHeight : undefined;
  return (
    <Frame kind={r.kind} id={id}>
      {r.kind === "redPacket" ? <RedPacket r={r} me={me} name={name} />
        : r.kind === "escrow" ? <Escrow r={r} me={me} name={name} preimage={preimage} setPreimage={setPreimage} canRelease={canRelease} />
          : r.kind === "scheduledPayment" ? <Scheduled r={r} me={me} name={name} />
            : <Bounty r={r} me={me} name={name} />}
      <AssetLine r={r} nameOf={chainName} />
      <Heights st={st} {...(settled !== undefined ? { settled } : {})} />
      <Buttons actions={actions} st={st} me={me} preimage={preimage.trim()} />
    </Frame>
  );
}

/** The actions between this identity and `peer` that are not offers in the chat already (escrows, scheduled payments, ...). */
export function ActionsWith({ actions, peer, me, name, chainName, inChat }: { actions: ChatActions; peer: string; me: string; name: NameOf; chainName?: ChainNameOf; inChat: ReadonlySet<string> }) {
  useStore(actions.version);
  const list = actions.between(peer).filter((st) => !inChat.has(st.record.id));
  if (list.length === 0) return null;
  return (
    <details class="actions-with" open data-test="actions-with">
      <summary>{t("act.with", { name: name(peer), count: list.length })}</summary>
      {list.map((st) => <ActionCard key={st.record.id} actions={actions} id={st.record.id} me={me} name={name} chainName={chainName} />)}
    </details>
  );
}
