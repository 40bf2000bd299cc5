// node dist/bench/messages.js [--messages N] [--senders S] [--json]
// The chat SDK against one in-process node (block time 100 ms): how fast messages go from
// sendMessage to final, how long decrypting a 200-entry inbox page takes (with and without
// client-side signature checks), and how soon after a block a watcher sees its message.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { newIdentity, type Identity } from "../src/client/keys.js";
import { genesisJson } from "../src/node/dev-chain.js";
import { parseGenesis } from "../src/chain/genesis.js";
import { ParleyNode } from "../src/node/node.js";
import { ChatClient, type ChatMessage } from "../src/client/chat.js";

const { values: args } = parseArgs({
  options: {
    messages: { type: "string", default: "400" },
    senders: { type: "string", default: "8" },
    json: { type: "boolean", default: false },
  },
});
const N = Number(args.messages);
const S = Math.max(1, Number(args.senders));

function ms(t0: number): number {
  return Math.round((performance.now() - t0) * 10) / 10;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

const dir = mkdtempSync(join(tmpdir(), "parley-bench-msg-"));
const validator = newIdentity();
const senders: Identity[] = Array.from({ length: S }, () => newIdentity());
const reader = newIdentity();
const genesis = parseGenesis(genesisJson("parley-bench", [validator], senders.map((s) => ({ address: s.address, balance: 10n ** 15n })), { blockTimeMs: 100, heartbeatMs: 0 }));
const node = await ParleyNode.start({ dataDir: join(dir, "node"), genesis, identity: validator, rpc: { port: 0 }, logLevel: "warn" });
try {
  const chat = new ChatClient(node.rpcUrl);
  const latencies: number[] = [];
  const seen: ChatMessage[] = [];
  const watcher = await chat.watch(reader, (m) => {
    latencies.push(Date.now() - m.time);
    seen.push(m);
  });

  // Each sender pipelines its messages (the SDK serialises nonces per sender); all senders in parallel.
  const t0 = performance.now();
  const per = Math.ceil(N / S);
  const sent = await Promise.all(senders.map(async (s, i) => {
    const out = [];
    for (let k = 0; k < per && i * per + k < N; k++) out.push(await chat.sendMessage(s, reader.address, `message ${i}.${k}`, { wait: false }));
    return out;
  }));
  const ids = sent.flat();
  const tSubmitted = ms(t0);
  await chat.client.waitFinal(ids[ids.length - 1]!.id, 120_000, 20);
  for (const s of sent) if (s.length) await chat.client.waitFinal(s[s.length - 1]!.id, 120_000, 20);
  const tFinal = ms(t0);
  const deadline = Date.now() + 10_000;
  while (seen.length < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  watcher.close();

  const tRead = performance.now();
  const page = await chat.readInbox(reader, { limit: 200 });
  const readVerified = ms(tRead);
  const fast = new ChatClient(node.rpcUrl, { verifySignatures: false });
  await fast.chainId();
  const tFast = performance.now();
  await fast.readInbox(reader, { limit: 200 });
  const readUnverified = ms(tFast);

  const result = {
    messages: ids.length,
    senders: S,
    submitMs: tSubmitted,
    allFinalMs: tFinal,
    messagesPerSecond: Math.round((ids.length / tFinal) * 1000),
    inboxPage200: { entries: page.messages.length, decrypted: page.messages.filter((m) => m.text !== null).length, ms: readVerified, msWithoutSignatureChecks: readUnverified },
    watch: { seen: seen.length, afterBlockTimeMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(0, ...latencies) } },
  };
  process.stdout.write(args.json ? JSON.stringify(result) + "\n" : JSON.stringify(result, null, 2) + "\n");
} finally {
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
}
