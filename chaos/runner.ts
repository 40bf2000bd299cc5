// Runs one chaos scenario end to end: start the network, create channels, put the load on it,
// inject the faults, heal everything, let the chain settle, then check every invariant and
// stop every process. Returns the report; throws only when the harness itself cannot run.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { newIdentity, type Identity } from "../src/client/keys.js";
import { Cluster } from "./cluster.js";
import { NetnsLab } from "./netns.js";
import { byzantineValidators, nodeNames } from "./manifest.js";
import { FaultInjector, type FaultRecord } from "./faults.js";
import {
  allSentFinal, finalTxsExactlyOnce, honestNotBanned, lightNodesFollow, messagesReadable, noEquivocation, noNegativeBalance, nodesStayedUp, resumedWithin,
  sameBlockHashes, supplyConserved, type BalanceSnapshot, type InvariantResult,
} from "./invariants.js";
import { actionsAgree, actionsSettled, type ExpectedAction } from "./action-invariants.js";
import { LOAD_KINDS, LoadGenerator, type LoadKind, type LoadStats } from "./load.js";
import type { ChaosManifest, FaultKind } from "./manifest.js";
import { linkCoverage, type LinkCoverage, type NodeConnection } from "./link-coverage.js";
import { evidenceOn, headOf, networkStatusOn, readBalances, readMessages, scanChain, waitActionsClosed, waitConverged } from "./observe.js";
import { probe } from "./probe.js";
import { ChaosError } from "./errors.js";

export interface RunOptions {
  /** Where keys, genesis, data dirs and logs go (default: a new temp dir). */
  dir?: string;
  /** Keep the dir after a run whose invariants all held (a failed run always keeps it). */
  keep?: boolean;
  log?: (line: string) => void;
  /** Node log level (default warn). */
  logLevel?: string;
  /** Aborting ends the load phase early; every node is still stopped. */
  signal?: AbortSignal;
}

export interface ChaosReport {
  name: string;
  seed: number;
  ok: boolean;
  dir: string;
  kept: boolean;
  wallSec: number;
  network: ChaosManifest["network"];
  durationSec: number;
  faults: { injected: Record<FaultKind, number>; total: number; skipped: number; errors: string[]; crashRestarts: number; timeline: string[] };
  txs: LoadStats & { sentTotal: number; finalTotal: number; notFinal: number; messagesChecked: number; actionsOpenAtEnd: number };
  height: number;
  /** ms from the last fault healing until a new tx was final on every node. */
  resumeMs: number | null;
  /** The same measured each time the network was whole again during the run. */
  recoveriesMs: Array<number | null>;
  maxRssMb: Record<string, number>;
  /** Link proxies (network.linkProxies): bytes relayed in all, the pairs that carried none, and connections around the proxies. */
  proxiedBytes: LinkCoverage | null;
  invariants: InvariantResult[];
}

// Every funded account starts with this; the load moves at most ~1e3 per tx plus fees.
const ACCOUNT_BALANCE = 1_000_000_000_000n;
// A node one block behind the others at the end gets this long to take it before it counts as lagging.
const CATCH_UP_MS = 10_000;
// After the load stops: time for re-sends to land every tx, and for every node to agree.
const DRAIN_MS = 60_000;
const CONVERGE_MS = 90_000;
const STARTUP_PROBE_MS = 60_000;
// After the drain: the last action deadline is at most ~20 s after its creation (load-actions.ts).
const ACTIONS_CLOSE_MS = 45_000;
const LIGHT_CATCH_UP_MS = 30_000;

/** Polls `fn` until it yields a value or `ms` pass; null on timeout. */
async function waitFor<T>(fn: () => Promise<T | null>, ms: number): Promise<T | null> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await fn().catch(() => null);
    if (v !== null) return v;
    await sleep(250);
  }
  return null;
}

export async function runScenario(m: ChaosManifest, opts: RunOptions = {}): Promise<ChaosReport> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), `parley-chaos-${m.name}-`));
  const accounts = Array.from({ length: m.load.accounts }, () => newIdentity());
  // One fresh account per probe: a probe is always nonce 0, independent of any lane.
  const probes: Identity[] = Array.from({ length: m.faults.length + 2 }, () => newIdentity());
  const funded = [...accounts, ...probes].map((a) => ({ address: a.address, balance: ACCOUNT_BALANCE }));
  // Namespaces are removed in the finally below, and by netns.ts's signal and exit handlers.
  const net = m.network.netns ? NetnsLab.create(nodeNames(m.network)) : null;
  let cluster: Cluster;
  try {
    cluster = await Cluster.create({ dir, manifest: m, funded, ...(opts.logLevel ? { logLevel: opts.logLevel } : {}), ...(net ? { net } : {}) });
  } catch (e) {
    net?.destroy();
    throw e;
  }
  const addresses = [...funded.map((f) => f.address), ...cluster.nodes.filter((n) => n.role === "validator").map((n) => n.identity.address)];
  let probeNext = 0;
  const nextProbe = (): Identity | null => probes[probeNext++] ?? null;
  const reportedFinal = new Map<string, { height: number; index: number; node: string }>();
  let injector: FaultInjector | null = null;
  let load: LoadGenerator | null = null;
  try {
    log(`network: ${m.network.validators} validators, ${m.network.fullNodes} full nodes, ${m.network.lightNodes} light nodes in ${dir}${net ? ` (namespaces ${net.run}-*)` : ""}`);
    await cluster.startAll();
    // Retried: on a saturated machine the first answer took more than the client's 5 s.
    type Info = { chainId: string; params: { feeBase: string; feePerByte: string } };
    const info = await waitFor(() => cluster.rpc(cluster.nodes[0]!, 15_000).call<Info>("node_info"), STARTUP_PROBE_MS);
    if (!info) throw new ChaosError({ code: "NETWORK_NOT_LIVE", waitedMs: STARTUP_PROBE_MS, dir }, `v0 did not answer node_info within ${STARTUP_PROBE_MS} ms; logs in ${dir}`);
    const chain = { chainId: info.chainId, feeBase: BigInt(info.params.feeBase), feePerByte: BigInt(info.params.feePerByte) };
    const probeOnce = async (timeoutMs: number) => {
      const who = nextProbe();
      if (!who) return null;
      const r = await probe(cluster, who, accounts[0]!.publicKey, { ...chain, height: 0 }, timeoutMs);
      if (r.final) reportedFinal.set(r.id, r.final);
      return r;
    };
    const first = await probeOnce(STARTUP_PROBE_MS);
    if (!first || first.ms === null) throw new ChaosError({ code: "NETWORK_NOT_LIVE", waitedMs: STARTUP_PROBE_MS, dir }, `the network did not finalize a tx within ${STARTUP_PROBE_MS} ms of starting; logs in ${dir}`);
    log(`network up; first tx final everywhere in ${first.ms} ms`);

    load = new LoadGenerator(cluster, m.load, accounts, chain, m.seed);
    await load.setup();
    log(`${load.channels.length} channels created; load ${m.load.transfersPerSec}/${m.load.messagesPerSec}/${m.load.channelPostsPerSec}/${m.load.actionsPerSec}/${m.load.assetTransfersPerSec} (transfers/messages/posts/actions/asset transfers) per s${load.asset ? `, asset ${load.asset.slice(0, 18)}` : ""} for ${m.durationSec} s, ${m.faults.length} faults`);

    const recoveries: Array<Promise<number | null>> = [];
    const inj = new FaultInjector(cluster, m.faults, () => {
      recoveries.push(probeOnce(m.resumeWithinSec * 1000).then((r) => r?.ms ?? null));
    }, log);
    injector = inj;
    const t0 = Date.now();
    inj.start();
    load.start();
    const progress = setInterval(() => {
      const s = load!.stats;
      log(`${((Date.now() - t0) / 1000).toFixed(0)}s: sent ${sum(s.sent)}, final ${sum(s.final)}, unconfirmed ${load!.unconfirmed()}, faults ${inj.records.length}`);
    }, 15_000);
    progress.unref();
    await sleep(m.durationSec * 1000, opts.signal);
    if (opts.signal?.aborted) throw new ChaosError({ code: "INTERRUPTED" });
    const skipped = inj.stopTriggering();
    load.stopGenerating();
    await inj.settle();
    clearInterval(progress);
    const lastHeal = inj.lastHealAt === null ? Date.now() : t0 + inj.lastHealAt;
    // The resume probe: from the last heal until a new tx is final on every node.
    const probeStart = Date.now();
    const last = await probeOnce(m.resumeWithinSec * 1000 + 30_000);
    const resumeMs = last && last.ms !== null ? probeStart + last.ms - lastHeal : null;
    const recoveriesMs = await Promise.all(recoveries);
    log(`faults healed; resume probe ${resumeMs === null ? "timed out" : `${resumeMs} ms after the last heal`}`);

    // Supply with actions in flight: the load has stopped, schedules and escrows are still open.
    // Every action tx sent is asked for: one not (yet) in a block has no record and locks nothing.
    const inFlight = new Map<string, BalanceSnapshot>();
    const sentActions = [...load.actions.keys()];
    for (const n of cluster.serving()) {
      const snap = await readBalances(cluster, n, addresses, sentActions, load.asset).catch(() => null);
      if (snap) inFlight.set(`${n.name} (actions in flight)`, snap);
    }
    const notFinal = await load.drain(DRAIN_MS);
    await load.stop();
    for (const t of load.finalTxs()) reportedFinal.set(t.id, t.final!);
    // Actions whose creation is final settle by themselves (time wakes make their blocks).
    const created = [...load.actions.values()].filter((a) => load!.sent.get(a.id)?.final);
    const actionsOpenAtEnd = await waitActionsClosed(cluster, created.map((a) => a.id), ACTIONS_CLOSE_MS);
    log(`${created.length} actions created; ${actionsOpenAtEnd} still open after their deadlines`);
    const head = await waitConverged(cluster, CONVERGE_MS);
    log(`drained (${notFinal} not final); ${head ? `converged at height ${head.height}` : "nodes did NOT converge"}`);

    const serving = cluster.serving();
    const converged = head?.height ?? Math.min(...(await Promise.all(serving.map((n) => cluster.rpc(n).call<{ height: number }>("chain_getHead")))).map((h) => h.height));
    // An action's time wake can make a block after the nodes converged, while the scans below
    // run one node after another: every node is compared up to the highest head seen now, once
    // each has it (a node still below it then really lags), never to a height only the last
    // node scanned had reached.
    const heads = await Promise.all(serving.map((n) => cluster.rpc(n).call<{ height: number }>("chain_getHead").then((h) => h.height).catch(() => converged)));
    const top = Math.max(converged, ...heads);
    await Promise.all(serving.map((n) => waitFor(() => headOf(cluster, n).then((h) => (h.height >= top ? h : null)), CATCH_UP_MS)));
    const hashes = new Map<string, string[]>();
    const blockTimes = new Map<string, number[]>();
    const txs = new Map<string, Map<string, Array<{ height: number; index: number }>>>();
    const balances = new Map<string, BalanceSnapshot>();
    const evidence = new Map<string, string[]>();
    const standing = new Map<string, Array<{ peer: string; strikes: number; bannedForMs: number }>>();
    const connections = new Map<string, NodeConnection[]>();
    for (const n of serving) {
      // Each node's own head: a node left behind shows up as "not caught up".
      const own = (await cluster.rpc(n).call<{ height: number }>("chain_getHead")).height;
      const scan = await scanChain(cluster, n, Math.min(top, own));
      hashes.set(n.name, scan.hashes);
      blockTimes.set(n.name, scan.times);
      txs.set(n.name, scan.txs);
      balances.set(n.name, await readBalances(cluster, n, addresses, created.map((a) => a.id), load.asset));
      evidence.set(n.name, await evidenceOn(cluster, n));
      const status = await networkStatusOn(cluster, n);
      standing.set(n.name, status.standing);
      connections.set(n.name, status.connections);
    }
    // Light nodes verify headers as they come: give them a while to reach the converged head.
    const reference = hashes.get(serving[0]?.name ?? "") ?? [];
    const lightHeads = new Map<string, { height: number; hash: string } | null>();
    for (const n of cluster.servingLight()) {
      const head = await waitFor(() => headOf(cluster, n).then((h) => (h.height >= reference.length ? h : null)), LIGHT_CATCH_UP_MS);
      lightHeads.set(n.name, head ?? (await headOf(cluster, n).catch(() => null)));
    }
    const finalIds = new Set(load.finalTxs().map((t) => t.id));
    const expected = load.expected.filter((e) => finalIds.has(e.id));
    const read = await readMessages(cluster, load);
    log(`read back ${read.size} messages`);

    const crashes = new Map(cluster.nodes.map((n) => [n.name, [...n.crashes, ...inj.records.filter((r) => r.spec.node === n.name && r.error).map((r) => `fault ${r.spec.kind} failed: ${r.error}`)]]));
    const pendingIds = [...load.sent.values()].filter((t) => t.final === null).map((t) => t.id);
    const observedAt = Date.now();
    const expectedActions: ExpectedAction[] = [...load.actions.values()].filter((a) => load!.sent.get(a.id)?.final).map((a) => {
      const claims = a.claimTxs.map((id) => load!.sent.get(id)!).filter((t) => t.final);
      return {
        id: a.id, plan: a.plan, kind: a.kind, locked: a.locked, runs: a.runs, shares: a.shares, settlesByMs: a.settlesByMs,
        claimsOk: claims.filter((t) => !t.failed).length, claimsFailed: claims.filter((t) => t.failed).length,
        createFailed: load!.sent.get(a.id)!.failed,
        includedAtMs: blockTimes.get(serving[0]?.name ?? "")?.[load!.sent.get(a.id)!.final!.height - 1] ?? null,
      };
    });
    const liars = byzantineValidators(m).map((name) => cluster.node(name));
    const invariants = [
      sameBlockHashes(hashes),
      finalTxsExactlyOnce(reportedFinal, txs),
      supplyConserved(cluster.genesisTotal, new Map([...inFlight, ...balances])),
      noNegativeBalance(balances, cluster.genesisTotal),
      messagesReadable(expected, read),
      noEquivocation(evidence, m.honest, new Set(liars.map((n) => n.identity.address))),
      honestNotBanned(standing, new Set(liars.map((n) => n.peerId))),
      resumedWithin(m.resumeWithinSec, resumeMs),
      nodesStayedUp(crashes),
      allSentFinal(load.sent.size, pendingIds),
      lightNodesFollow(lightHeads, reference),
      actionsSettled(expectedActions, balances, observedAt),
      actionsAgree(balances),
    ];
    const ok = invariants.every((i) => i.ok);
    // Pairs no byte went through (a light node dials no light node, so those are left out), and
    // connections that went around the proxies.
    const links = cluster.links;
    const byPeer = new Map(cluster.nodes.map((n) => [n.peerId, n.name]));
    const proxied = links ? linkCoverage(await links.bytes(), connections, (p) => byPeer.get(p), (d, t) => links.portFor(d, t)) : null;
    const s = load.stats;
    const kept = !ok || opts.keep === true;
    return {
      name: m.name, seed: m.seed, ok, dir, kept,
      wallSec: Math.round((Date.now() - started) / 1000),
      network: m.network, durationSec: m.durationSec,
      faults: {
        injected: inj.injected(), total: inj.records.length, skipped,
        errors: inj.records.filter((r) => r.error).map((r) => `${r.spec.kind} ${r.spec.node}: ${r.error}`),
        crashRestarts: inj.crashRestarts,
        timeline: inj.records.map(describeFault),
      },
      txs: { ...s, sentTotal: sum(s.sent), finalTotal: sum(s.final), notFinal, messagesChecked: expected.length, actionsOpenAtEnd },
      height: top, resumeMs, recoveriesMs,
      maxRssMb: Object.fromEntries(cluster.nodes.map((n) => [n.name, Math.round(n.maxRssBytes / 2 ** 20)])),
      proxiedBytes: proxied,
      invariants,
    };
  } finally {
    await injector?.settle().catch(() => undefined);
    await load?.stop().catch(() => undefined);
    await cluster.stopAll();
    net?.destroy();
  }
}

/** Runs, writes report.json into the run dir, removes the dir unless kept. */
export async function runAndReport(m: ChaosManifest, opts: RunOptions = {}): Promise<ChaosReport> {
  const report = await runScenario(m, opts);
  if (report.kept) writeFileSync(join(report.dir, "report.json"), JSON.stringify({ manifest: m, report }, null, 2));
  else rmSync(report.dir, { recursive: true, force: true });
  return report;
}

function describeFault(r: FaultRecord): string {
  const healed = r.healedAt === null ? "not healed" : `healed ${(r.healedAt / 1000).toFixed(1)}s`;
  return `${(r.startedAt / 1000).toFixed(1)}s h${r.height} ${r.spec.kind} ${r.spec.node} ${r.spec.durationSec}s, ${healed}${r.error ? `, ERROR ${r.error}` : ""}`;
}

export function formatReport(r: ChaosReport): string {
  const lines = [
    `chaos ${r.name} (seed ${r.seed}): ${r.ok ? "ALL INVARIANTS HELD" : "INVARIANTS VIOLATED"}`,
    `  network ${r.network.validators} validators + ${r.network.fullNodes} full nodes + ${r.network.lightNodes} light nodes, ${r.durationSec} s of load, wall ${r.wallSec} s, final height ${r.height}`,
    `  faults injected: ${r.faults.total} (${Object.entries(r.faults.injected).map(([k, v]) => `${k} ${v}`).join(", ")}), skipped ${r.faults.skipped}, harness errors ${r.faults.errors.length}, crash restarts ${r.faults.crashRestarts}`,
    `  txs sent ${r.txs.sentTotal} (transfer ${r.txs.sent.transfer}, message ${r.txs.sent.message}, post ${r.txs.sent.channelPost}, action ${r.txs.sent.action}, claim ${r.txs.sent.claim}, asset transfer ${r.txs.sent.assetTransfer}; ${r.txs.assetPayments} messages paid in the asset), final ${r.txs.finalTotal}, re-sends ${r.txs.resends}, not final ${r.txs.notFinal}, messages read back ${r.txs.messagesChecked}`,
    `  actions created: ${Object.entries(r.txs.actions).map(([k, v]) => `${k} ${v}`).join(", ")}; open after deadlines ${r.txs.actionsOpenAtEnd}; failed txs: ${Object.entries(r.txs.failed).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}`,
    `  send errors: ${Object.entries(r.txs.sendErrors).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}`,
    `  resumed ${r.resumeMs === null ? "never" : `${(r.resumeMs / 1000).toFixed(1)} s`} after the last fault; recoveries (s): ${r.recoveriesMs.map((x) => (x === null ? "-" : (x / 1000).toFixed(1))).join(" ") || "none"}`,
    `  max RSS (MiB): ${Object.entries(r.maxRssMb).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    ...(r.proxiedBytes ? [`  link proxies relayed ${(r.proxiedBytes.total / 2 ** 20).toFixed(1)} MiB; pairs with no bytes: ${r.proxiedBytes.silentPairs.join(", ") || "none"}; connections around the proxies: ${r.proxiedBytes.directLinks.join(", ") || "none"}`] : []),
    ...r.invariants.map((i) => `  [${i.ok ? "ok  " : "FAIL"}] ${i.name}: ${i.detail}`),
    `  dir: ${r.kept ? r.dir : "(removed)"}`,
  ];
  return lines.join("\n");
}

const sum = (r: Record<LoadKind, number>): number => LOAD_KINDS.reduce((n, k) => n + r[k], 0);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((r) => {
    const t = setTimeout(r, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      r();
    }, { once: true });
  });
}
