// Gossip throughput between two libp2p hosts in two processes on 127.0.0.1: 100 items of
// 200 bytes per message (the tx-batch shape), unsigned gossip, async validation with a handler
// that decodes the batch and accepts it. Not part of `npm test`.
//
//   npx tsc -p tsconfig.json; node dist/bench/gossip.js [seconds=2]
//
// The sender keeps at most WINDOW messages unacknowledged (the receiver gossips its count back),
// so the figure is sustained delivery measured at the receiver (first to last
// message), not how fast a socket buffer fills.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { decodeUnknown, encode, readArray } from "../src/chain/codec.js";
import { Network } from "../src/network/network.js";

const ITEMS = 100;
const ITEM_BYTES = 200;
// 500 messages x 20 KB = 10 MB in flight at most.
const WINDOW = 500;
const TOPICS = [
  { name: "tx", maxQueue: 1024, drop: "newest" as const, concurrency: 4 },
  { name: "ack", maxQueue: 64, drop: "oldest" as const, concurrency: 1 },
];
// The receiver reports its count back this often, on gossip (the uncongested reverse path).
const ACK_EVERY = 25;

interface Stats {
  messages: number;
  items: number;
  firstAt: number;
  lastAt: number;
}

async function receiver(): Promise<void> {
  const net = await Network.create({
    chainId: "bench",
    privateKey: new Uint8Array(32).fill(2),
    listen: { host: "127.0.0.1", port: 0 },
    bootstrap: [],
    allowPeers: null,
    topics: TOPICS,
  });
  const stats: Stats = { messages: 0, items: 0, firstAt: 0, lastAt: 0 };
  net.onGossip("tx", (data) => {
    const items = readArray(decodeUnknown(data));
    if (items === undefined) return "reject";
    const now = performance.now();
    if (stats.messages === 0) stats.firstAt = now;
    stats.lastAt = now;
    stats.messages++;
    stats.items += items.length;
    if (stats.messages % ACK_EVERY === 0) void net.publish("ack", encode([stats.messages]));
    return "accept";
  });
  await net.handle("stats", () => encode([stats.messages, stats.items, stats.firstAt, stats.lastAt]));
  process.send!({ addrs: net.multiaddrs() });
  process.on("message", (m) => {
    if (m === "stop") void net.stop().then(() => process.exit(0));
  });
}

async function sender(seconds: number): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ["receiver"], { stdio: "inherit" });
  const addrs = await new Promise<string[]>((resolve) => child.once("message", (m) => resolve((m as { addrs: string[] }).addrs)));
  const net = await Network.create({
    chainId: "bench",
    privateKey: new Uint8Array(32).fill(1),
    listen: { host: "127.0.0.1", port: 0 },
    bootstrap: addrs,
    allowPeers: null,
    topics: TOPICS,
  });
  const remote = addrs[0]!.split("/p2p/")[1]!;
  try {
    const deadline = Date.now() + 5_000;
    while (!net.meshPeers("tx").includes(remote) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (!net.meshPeers("tx").includes(remote)) throw new Error("no mesh within 5 s");

    const items = Array.from({ length: ITEMS }, () => randomBytes(ITEM_BYTES));
    const readStats = async (): Promise<Stats> => {
      const v = decodeUnknown(await net.request(remote, "stats", new Uint8Array(0), { timeoutMs: 5_000 })) as number[];
      return { messages: v[0]!, items: v[1]!, firstAt: v[2]!, lastAt: v[3]! };
    };
    let sent = 0;
    let acked = 0;
    net.onGossip("ack", (data) => {
      const n = readArray(decodeUnknown(data))?.[0];
      if (typeof n === "number" && n > acked) acked = n;
      return "accept";
    });
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      if (sent - acked >= WINDOW) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      // A fresh counter in the first item makes every message a distinct gossip id.
      items[0]!.writeUInt32BE(sent, 0);
      await net.publish("tx", encode(items));
      sent++;
      if (sent % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    let final = await readStats();
    for (let i = 0; i < 100 && final.messages < sent; i++) {
      await new Promise((r) => setTimeout(r, 20));
      final = await readStats();
    }
    const secs = (final.lastAt - final.firstAt) / 1000;
    const bytes = ITEMS * ITEM_BYTES;
    console.log(`gossip bench: ${ITEMS} x ${ITEM_BYTES} B items per message (${bytes} B payload), ${seconds} s`);
    console.log(`sent ${sent} messages, received ${final.messages} (${final.items} items) in ${secs.toFixed(2)} s`);
    console.log(`${Math.round(final.messages / secs)} messages/s, ${Math.round(final.items / secs)} items/s, ${((final.messages * bytes) / secs / 1e6).toFixed(1)} MB/s`);
  } finally {
    await net.stop();
    child.send("stop");
  }
}

if (process.argv[2] === "receiver") void receiver();
else void sender(Number(process.argv[2] ?? 2));
