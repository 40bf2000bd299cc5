// Watch an inbox with the Parley SDK: every message or payment to the key, decrypted, as its
// block is finalized (a WebSocket subscription; the client checks each entry before opening it).
//
//   PARLEY_RPC=http://127.0.0.1:8645 PARLEY_KEY=alice.key node examples/watch-inbox.mjs [count]
//
// Runs until Ctrl-C, or until `count` messages arrived. Without PARLEY_KEY it watches a fresh
// identity and prints its address: send to it with `parley chat send --to <address> ...`.
import { readFileSync } from "node:fs";
import { ChatClient, decodeKeyFile, newIdentity } from "parley/client";

const rpc = process.env.PARLEY_RPC ?? "http://127.0.0.1:8645";
const me = process.env.PARLEY_KEY ? decodeKeyFile(readFileSync(process.env.PARLEY_KEY, "utf8")) : newIdentity();
const count = process.argv[2] === undefined ? Infinity : Number(process.argv[2]);

const chat = new ChatClient(rpc);
let seen = 0;
const watcher = await chat.watch(
  me,
  (m) => {
    const what = m.text !== null ? JSON.stringify(m.text) : m.failure !== null ? `(unreadable: ${m.failure})` : "(no text)";
    console.log(`${m.direction === "in" ? "from" : "to"} ${m.direction === "in" ? m.from : m.to}: ${what}${m.amount > 0n ? ` + ${m.amount}` : ""}`);
    if (++seen >= count) {
      watcher.close();
      process.exit(0);
    }
  },
  { onError: (e) => console.error(`watch error: ${e.message}`) },
);
console.log(`watching ${me.address}`);
process.on("SIGINT", () => {
  watcher.close();
  process.exit(0);
});
