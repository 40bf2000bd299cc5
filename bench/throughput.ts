// npm run bench -- [--validators 1|4] [--txs N] [--mix transfer=50,message=40,channel=10] [--shared-assets 4] [--asset-setup] [--shared-asset-setup] [--json]
//   mix kinds: transfer, message, channel, asset (shared assets between existing holders), assetnew (own asset, creates holdings)
//   [--submit binary|sendBatch|batch] [--burst | --rate R --duration S]
// Starts the node(s), funds senders in genesis, pre-signs every tx, then submits over JSON-RPC
// (HTTP requests of --batch txs, --inflight of them in flight; by default one binary tx batch
// per request (POST /txs of raw tx bytes), `--submit sendBatch` one tx_sendBatch call of hex txs,
// `--submit batch` a JSON-RPC batch of tx_send calls) and stops the
// clock when the last tx is final on every node. That closed-loop burst is the default (--burst);
// --rate R --duration S offers R tx/s open-loop for S seconds instead (bench/lib/sustained.ts),
// with 10 s windows of rates, latency and memory.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { newIdentity, encodeKeyFile } from "../src/client/keys.js";
import { genesisJson } from "../src/node/dev-chain.js";
import { HttpRpcClient, WsRpcClient } from "../src/client/rpc-client.js";
import { PostRpc, sendFrames } from "./lib/post-rpc.js";
import { ceilingReport, sampleVerifyCeiling } from "./lib/verify-ceiling.js";
import { buildLoad, makeSenders, parseMix, signTx, type Channel, type SignedItem } from "./lib/workload.js";
import { cpuTimes, dirBytes, metricValue, peakRssMb, startNode, stopAll, threadDelta, threadMs, type BenchNode } from "./lib/cluster.js";
import { fromHex } from "../src/util/bytes.js";
import { startDevnetNodes } from "./lib/devnet.js";
import { percentile, steadyTps } from "./lib/latency.js";
import { DEFAULT_PARAMS } from "../src/chain/params.js";
import { signInWorkers, signSpec } from "./lib/sign-workers.js";
import { runSustained } from "./lib/sustained.js";
import { createOwnAssets, createSharedAssets } from "./lib/asset-setup.js";
import { sustainedReport } from "./lib/sustained-report.js";

const { values: args } = parseArgs({
  options: {
    validators: { type: "string", default: "1" },
    // Burst: 20000. Sustained: rate * duration.
    txs: { type: "string" },
    mix: { type: "string", default: "transfer=50,message=40,channel=10" },
    senders: { type: "string", default: "2000" },
    "block-time": { type: "string", default: "250" },
    batch: { type: "string", default: "500" },
    inflight: { type: "string", default: "4" },
    submit: { type: "string", default: "binary" },
    json: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    burst: { type: "boolean", default: false },
    rate: { type: "string" },
    duration: { type: "string" },
    // Create the senders' own assets in setup even when the mix sends none: a native-only mix then
    // runs on the same state (tree size) as --mix assetnew=..., which isolates the per-tx cost.
    "asset-setup": { type: "boolean", default: false },
    // Passed to every node as --state-history (docs/OPERATIONS.md): prune superseded tree nodes.
    "state-history": { type: "string" },
    // The same for the shared assets of --mix asset=... (a native mix on the steady-state asset state).
    "shared-asset-setup": { type: "boolean", default: false },
    // How many shared assets the `asset` share of the mix pays in (one issuer each).
    "shared-assets": { type: "string", default: "4" },
  },
});

const N_VALIDATORS = Number(args.validators);
const usage = (why: string): never => {
  process.stderr.write(`bench: ${why}\n`);
  process.exit(2);
};
const RATE = args.rate === undefined ? null : Number(args.rate);
if (RATE !== null && args.burst) usage("--burst and --rate exclude each other");
if (RATE !== null && !(RATE > 0)) usage("--rate must be a positive number of txs per second");
if (RATE === null && args.duration !== undefined) usage("--duration needs --rate");
if (RATE !== null && args.duration === undefined && args.txs === undefined) usage("--rate needs --duration (or --txs)");
// With --rate, the load lasts --duration (--txs, if given, may end it sooner).
const N_TXS = RATE === null
  ? Number(args.txs ?? 20000)
  : Math.min(args.txs === undefined ? Infinity : Number(args.txs), args.duration === undefined ? Infinity : Math.round(RATE * Number(args.duration)));
const DURATION_S = RATE === null ? 0 : N_TXS / RATE;
if (!Number.isSafeInteger(N_TXS) || N_TXS < 1) usage("the load must have at least one tx (--txs, or --rate times --duration)");
// The mempool holds at most maxPerSender (1,000) txs of one sender: with at most that many txs
// per sender in the whole load, no backlog can make a sender hit the cap.
const MAX_TXS_PER_SENDER = 1_000;
const N_SENDERS = RATE === null ? Math.min(Number(args.senders), N_TXS) : Math.max(Math.min(Number(args.senders), N_TXS), Math.ceil(N_TXS / MAX_TXS_PER_SENDER));
const BATCH = Number(args.batch);
const INFLIGHT = Number(args.inflight);
const mix = parseMix(args.mix!);
const N_SHARED_ASSETS = Number(args["shared-assets"]);
if (!Number.isSafeInteger(N_SHARED_ASSETS) || N_SHARED_ASSETS < 1) usage("--shared-assets must be a positive integer");
if (!["binary", "sendBatch", "batch"].includes(args.submit!)) usage("--submit is binary, sendBatch or batch");
const SUBMIT = args.submit as "binary" | "sendBatch" | "batch";
// Ceiling samples of 1 s each, before and after the load.
const CEILING_SAMPLES = 3;
const log = (s: string): void => {
  process.stderr.write(s + "\n");
};


async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
  let nodes: BenchNode[] = [];
  try {
    log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? "?"}`);
    // The ceiling is sampled before the nodes start and again after the load (the ratio uses
    // the median of all samples); the load average is noted beside each.
    const loadBefore = loadavg()[0]!;
    const ceilingBefore = await sampleVerifyCeiling(CEILING_SAMPLES);
    log(`verify ceiling (native Ed25519, all cores), before: ${ceilingBefore.join(", ")}/s (load average ${loadBefore.toFixed(2)})`);
    const ceilingAfterLoad = async (): Promise<ReturnType<typeof ceilingReport>> => {
      const loadAfter = loadavg()[0]!;
      const after = await sampleVerifyCeiling(CEILING_SAMPLES);
      return ceilingReport(ceilingBefore, after, loadBefore, loadAfter);
    };

    const validators = Array.from({ length: N_VALIDATORS }, () => newIdentity());
    const senders = makeSenders(N_SENDERS);
    const chainId = "parley-bench";
    const genesis = genesisJson(chainId, validators, senders.map((s) => ({ address: s.id.address, balance: 1_000_000_000_000n })), {
      blockTimeMs: Number(args["block-time"]), heartbeatMs: 0,
    });
    const genesisPath = join(dir, "genesis.json");
    writeFileSync(genesisPath, genesis);
    const keyPaths = validators.map((v, i) => {
      const p = join(dir, `v${i}.key`);
      writeFileSync(p, encodeKeyFile(v), { mode: 0o600 });
      return p;
    });
    const nodeFlags = args["state-history"] === undefined ? [] : ["--state-history", args["state-history"]];
    nodes = N_VALIDATORS === 1
      ? [await startNode(["node", "--data-dir", join(dir, "n0"), "--genesis", genesisPath, "--key", keyPaths[0]!, "--rpc-port", "0", "--log-level", "warn", ...nodeFlags])]
      : await startDevnetNodes(dir, genesisPath, keyPaths, nodeFlags);
    const rpcs = nodes.map((n) => new HttpRpcClient(n.rpc, 120_000));
    log(`nodes: ${nodes.map((n) => n.rpc).join(" ")}`);

    // Setup (not timed): channels for the channel share of the mix, created and final.
    const channels: Channel[] = [];
    if (mix.channel > 0) {
      const perChannel = 100;
      const setup: SignedItem[] = [];
      for (let i = 0; i + perChannel <= senders.length && channels.length < 10; i += perChannel) {
        const members = senders.slice(i, i + perChannel);
        const owner = members[0]!;
        const item = signTx(owner, {
          kind: "channelCreate", chainId, from: owner.id.publicKey, nonce: owner.nonce, fee: 200_000n, expiry: 10_000,
          body: { meta: randomBytes(64), members: members.map((m) => ({ member: m.id.publicKey, wrappedKey: randomBytes(104) })) },
        });
        owner.nonce++;
        setup.push(item);
        channels.push({ id: fromHex(item.id)!, members });
      }
      const res = await rpcs[0]!.batch(setup.map((s) => ({ method: "tx_send", params: [s.hex] })));
      for (const r of res) if (r.error) throw r.error;
      for (const s of setup) {
        for (let i = 0; i < 200; i++) {
          const st = await rpcs[0]!.call<{ status: string }>("tx_get", [s.id]).catch(() => ({ status: "unknown" }));
          if (st.status === "final") break;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      log(`setup: ${channels.length} channels of ${perChannel} members`);
    }

    // Setup (not timed): the assets of the asset shares of the mix (bench/lib/asset-setup.ts).
    if ((mix.asset > 0 || mix.assetnew > 0) && RATE !== null) throw new Error("--mix asset=/assetnew= run in burst mode only (the sign workers do not carry asset ids)");
    let sharedAssets: Uint8Array[] = [];
    if (mix.asset > 0 || args["shared-asset-setup"]) {
      sharedAssets = await createSharedAssets(rpcs[0]!, senders, chainId, N_SHARED_ASSETS);
      log(`setup: ${sharedAssets.length} shared assets, every sender holds each`);
    }
    if (mix.assetnew > 0 || args["asset-setup"]) {
      await createOwnAssets(rpcs[0]!, senders, chainId);
      log(`setup: ${senders.length} assets, one per sender`);
    }

    if (RATE !== null) {
      // Every tx names the last height it may be included at: past the end of the run and its
      // drain at the fastest block rate, with room to spare, yet within the chain's window.
      const maxBlocks = Math.ceil(((DURATION_S + 300) * 1000) / Number(args["block-time"]));
      const expiry = Math.max(50_000, 2 * maxBlocks);
      if (expiry > DEFAULT_PARAMS.maxExpiryWindow) throw new Error(`a ${Math.round(DURATION_S)} s run needs tx expiry ${expiry}, past the chain's maxExpiryWindow ${DEFAULT_PARAMS.maxExpiryWindow}`);
      const t0 = Date.now();
      const store = await signInWorkers(signSpec(senders, channels, N_TXS, mix, chainId, expiry), log);
      const signMs = Date.now() - t0;
      log(`signed ${N_TXS} txs in ${signMs} ms on worker threads (not timed), ${(store.byteSize / 2 ** 20).toFixed(0)} MB of tx bytes`);
      const diskAtStart = dirBytes(join(dir, "n0"));
      const run = await runSustained({
        nodes, store, channels, rate: RATE, batch: BATCH, inflight: INFLIGHT, submit: SUBMIT, log,
      });
      const disk = diskReport(diskAtStart, dirBytes(join(dir, "n0")), run.offered - run.refused);
      const ceiling = await ceilingAfterLoad();
      const { result, text } = sustainedReport(run, {
        validators: N_VALIDATORS, submit: SUBMIT, batch: BATCH, inflight: INFLIGHT, mix: args.mix!, verifyCeiling: ceiling.median, rate: RATE,
        durationS: Number(DURATION_S.toFixed(2)), senders: N_SENDERS, expiry, signMs, loadMb: Math.round(store.byteSize / 2 ** 20),
        peakRssMb: nodes.map((n) => peakRssMb(n.proc.pid!)),
      });
      process.stdout.write(args.json ? JSON.stringify({ ...result, ...ceiling.fields, ...disk.fields }) + "\n" : text + ceiling.text + disk.text);
      return;
    }

    const t0 = Date.now();
    const load = buildLoad(senders, channels, N_TXS, mix, chainId, 50_000, sharedAssets);
    log(`signed ${load.length} txs in ${Date.now() - t0} ms (not timed)`);

    // Finality watch: heads on every node, then the ids in each block.
    const finalAt = nodes.map(() => new Map<string, number>());
    const blockTimes: number[] = [];
    const watchers = await Promise.all(nodes.map(async (n, ni) => {
      const ws = await WsRpcClient.connect(n.rpc.replace("http", "ws"));
      let chainTail = Promise.resolve();
      await ws.subscribe("heads", [], (head) => {
        const h = head as { height: number; txCount: number; time: number };
        const seen = Date.now();
        if (ni === 0) blockTimes.push(h.time);
        if (h.txCount === 0) return;
        chainTail = chainTail.then(async () => {
          const b = await rpcs[ni]!.call<{ txs: string[] }>("chain_getBlock", [h.height, "ids"]);
          for (const id of b.txs) finalAt[ni]!.set(id, seen);
        });
      });
      return ws;
    }));

    // What a chat app sees: a WebSocket subscriber to each channel (on the last node) is notified
    // of every post; the time from tx_send to that notification is measured per post.
    const notifiedAt = new Map<string, number>();
    const chatWs = channels.length > 0 ? await WsRpcClient.connect(nodes[nodes.length - 1]!.rpc.replace("http", "ws")) : null;
    for (const ch of channels) {
      await chatWs!.subscribe("messages", ["0x" + Buffer.from(ch.id).toString("hex")], (m) => {
        const id = (m as { id: string }).id;
        if (!notifiedAt.has(id)) notifiedAt.set(id, Date.now());
      });
    }

    const binaryRpcs = nodes.map((n) => new PostRpc(n.rpc));
    const submitAt = new Map<string, number>();
    let submitted = 0;
    let refused = 0;
    const diskAtStart = dirBytes(join(dir, "n0"));
    const sigChecksAtStart = await metricValue(nodes[0]!.rpc, SIG_CHECKS);
    const cpuAtStart = nodes.map((n) => cpuTimes(n.proc.pid!));
    const benchCpuAtStart = process.cpuUsage();
    const start = Date.now();
    let lastProgress = start;
    const progress = (): void => {
      const now = Date.now();
      if (now - lastProgress < 2000) return;
      lastProgress = now;
      const fin = Math.min(...finalAt.map((m) => m.size));
      log(`  t=${((now - start) / 1000).toFixed(1)}s submitted=${submitted} final(all nodes)=${fin} refused=${refused} tps=${Math.round(fin / ((now - start) / 1000))}`);
    };
    const ticker = setInterval(progress, 500);
    let next = 0;
    let rr = 0;
    async function worker(): Promise<void> {
      while (next < load.length) {
        const slice = load.slice(next, next + BATCH);
        next += slice.length;
        const rpc = rpcs[rr++ % rpcs.length]!;
        const sentAt = Date.now();
        for (const t of slice) submitAt.set(t.id, sentAt);
        const errors = SUBMIT === "binary" ? await sendFrames(binaryRpcs[(rr - 1) % rpcs.length]!, slice.map((t) => t.bytes))
          : SUBMIT === "sendBatch" ? await sendBatch(rpc, slice) : await sendAsBatch(rpc, slice);
        errors.forEach((e, i) => {
          if (e !== null) {
            refused++;
            submitAt.delete(slice[i]!.id);
            if (refused <= 5) log(`  refused: ${e}`);
          }
        });
        submitted += slice.length;
      }
    }
    await Promise.all(Array.from({ length: INFLIGHT }, () => worker()));
    for (const b of binaryRpcs) b.close();
    const expected = submitAt.size;
    const deadline = Date.now() + 300_000;
    while (finalAt.some((m) => [...submitAt.keys()].some((id) => !m.has(id))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const end = Math.max(...finalAt.map((m) => Math.max(0, ...[...submitAt.keys()].map((id) => m.get(id) ?? 0))));
    clearInterval(ticker);
    const latencies = [...submitAt.entries()].map(([id, s]) => Math.max(...finalAt.map((m) => (m.get(id) ?? Infinity))) - s).sort((a, b) => a - b);
    const finalCount = latencies.filter((l) => Number.isFinite(l)).length;
    const seconds = (end - start) / 1000;
    const tps = Math.round(finalCount / seconds);
    const finalTimes = [...submitAt.keys()].map((id) => Math.max(...finalAt.map((m) => m.get(id) ?? Infinity))).filter(Number.isFinite);
    const tps1090 = steadyTps(finalTimes);
    const times = blockTimes.filter((t) => t >= start - 1000);
    const intervals = times.slice(1).map((t, i) => t - times[i]!);
    const blockTime = intervals.length ? Math.round(intervals.reduce((a, b) => a + b, 0) / intervals.length) : NaN;
    const rss = nodes.map((n) => peakRssMb(n.proc.pid!));
    // CPU per finalized tx (node 0), from start to the last finality: less sensitive to other
    // load on the machine than tx/s, so it is the figure to compare code changes by.
    const cpu0 = cpuTimes(nodes[0]!.proc.pid!);
    const cpuStart = cpuAtStart[0];
    const perTx = (a: number | undefined, b: number | undefined): number | null =>
      a === undefined || b === undefined || finalCount === 0 ? null : Math.round(((a - b) * 1000) / finalCount);
    const cpuUsPerTx = perTx(cpu0?.total, cpuStart?.total);
    const mainUsPerTx = perTx(cpu0?.main, cpuStart?.main);
    const benchCpu = process.cpuUsage(benchCpuAtStart);
    const benchUsPerTx = finalCount === 0 ? null : Math.round((benchCpu.user + benchCpu.system) / finalCount);
    const sigChecksAtEnd = await metricValue(nodes[0]!.rpc, SIG_CHECKS);
    // Above 1.0: node 0 verified some txs twice (e.g. gossip arriving after its proposal was checked).
    const sigChecksPerTx = sigChecksAtStart === null || sigChecksAtEnd === null || finalCount === 0 ? null : Number(((sigChecksAtEnd - sigChecksAtStart) / finalCount).toFixed(3));
    for (const w of watchers) w.close();
    const disk = diskReport(diskAtStart, dirBytes(join(dir, "n0")), finalCount);
    const ceiling = await ceilingAfterLoad();
    const verifyCeiling = ceiling.median;
    const notifyLatencies = [...notifiedAt.entries()].filter(([id]) => submitAt.has(id)).map(([id, t]) => t - submitAt.get(id)!).sort((a, b) => a - b);
    chatWs?.close();
    const result = {
      notify_p50_ms: percentile(notifyLatencies, 50), notify_p99_ms: percentile(notifyLatencies, 99), notified: notifyLatencies.length,
      validators: N_VALIDATORS, submit: SUBMIT, batch: BATCH, inflight: INFLIGHT, txs: expected, final: finalCount, refused, mix: args.mix, seconds: Number(seconds.toFixed(2)),
      tps, tps_10_90: tps1090, p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99), block_time_ms: blockTime,
      rss_mb: Math.max(...rss.map((r) => r ?? 0)), rss_per_node_mb: rss, verify_ceiling: verifyCeiling,
      ceiling_share: Number((tps / verifyCeiling).toFixed(3)),
      cpu_us_per_tx: cpuUsPerTx, main_thread_us_per_tx: mainUsPerTx, bench_client_us_per_tx: benchUsPerTx,
      cpu_ms_by_thread: threadMs(cpuStart ?? null, cpu0), sig_checks_per_tx: sigChecksPerTx,
      ...ceiling.fields, ...disk.fields,
    };
    if (args.json) process.stdout.write(JSON.stringify(result) + "\n");
    else {
      process.stdout.write(
        `validators ${result.validators}  txs ${result.txs} (final ${result.final}, refused ${refused})  mix ${result.mix}\n` +
        `finalized: ${tps} tx/s over ${result.seconds} s  (${(result.ceiling_share * 100).toFixed(1)}% of the verify ceiling ${verifyCeiling}/s)\n` +
        `steady (between 10% and 90% final): ${tps1090} tx/s\n` +
        `submit-to-final latency: p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms\n` +
        (notifyLatencies.length > 0 ? `tx_send to subscriber notification (${notifyLatencies.length} channel posts): p50 ${result.notify_p50_ms} ms, p99 ${result.notify_p99_ms} ms\n` : "") +
        `block time: ${blockTime} ms   peak RSS per node: ${rss.join(", ")} MB\n` +
        `node CPU per tx: ${cpuUsPerTx} us (main thread ${mainUsPerTx} us); this load generator: ${benchUsPerTx} us\n` +
        `node CPU ms by thread: ${threadDelta(cpuStart ?? null, cpu0)}\n` +
        `node 0 signature checks per final tx: ${sigChecksPerTx}\n` +
        ceiling.text + disk.text,
      );
    }
  } finally {
    await stopAll(nodes);
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Growth of node 0's data dir over the load, per final tx (LevelDB files as they are, uncompacted). */
function diskReport(before: number, after: number, txs: number): { fields: Record<string, unknown>; text: string } {
  const perTx = txs > 0 ? Math.round((after - before) / txs) : null;
  return {
    fields: { data_dir_bytes: after, data_dir_bytes_per_tx: perTx },
    text: `node 0 data dir: ${(before / 2 ** 20).toFixed(1)} -> ${(after / 2 ** 20).toFixed(1)} MiB, ${perTx} bytes per final tx\n`,
  };
}

/** One tx_sendBatch call; per-tx error text or null. */
async function sendBatch(rpc: HttpRpcClient, slice: SignedItem[]): Promise<Array<string | null>> {
  const res = await rpc.call<Array<{ id?: string; error?: { message: string; data?: unknown } }>>("tx_sendBatch", [slice.map((t) => t.hex)]);
  return res.map((r) => (r.error ? `${r.error.message} ${JSON.stringify(r.error.data ?? null)}` : null));
}

/** A JSON-RPC batch of tx_send calls; per-tx error text or null. */
async function sendAsBatch(rpc: HttpRpcClient, slice: SignedItem[]): Promise<Array<string | null>> {
  const res = await rpc.batch(slice.map((t) => ({ method: "tx_send", params: [t.hex] })));
  return res.map((r) => (r.error ? `${r.error.message} ${JSON.stringify(r.error.type)}` : null));
}

// Node 0's count of tx signatures verified (src/node/metrics.ts).
const SIG_CHECKS = "parley_tx_signature_checks_total";

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
