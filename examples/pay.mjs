// Pay someone with the Parley SDK: sign a transfer, send it, wait until it is final.
//
//   PARLEY_RPC=http://127.0.0.1:8645 PARLEY_KEY=.parley-data/dev.key node examples/pay.mjs [to] [amount]
//
// `to` defaults to a fresh address (printed), `amount` to 1000. PARLEY_KEY is a key file of a
// funded account (`npm start` writes .parley-data/dev.key). Exits 0 once the transfer is final.
import { readFileSync } from "node:fs";
import { ChatClient, decodeKeyFile, newIdentity } from "parley/client";

const rpc = process.env.PARLEY_RPC ?? "http://127.0.0.1:8645";
const me = decodeKeyFile(readFileSync(process.env.PARLEY_KEY ?? ".parley-data/dev.key", "utf8"));
const to = process.argv[2] ?? newIdentity().address;
const amount = BigInt(process.argv[3] ?? "1000");

const chat = new ChatClient(rpc);
const before = await chat.client.account(to);
// sendPayment waits for finality by default; a refused tx throws (TX_FAILED, or the node's error).
const sent = await chat.sendPayment(me, to, amount, { memo: "thanks for lunch" });
const after = await chat.client.account(to);
console.log(`paid ${amount} to ${to} in tx ${sent.id} (block ${sent.height})`);
console.log(`their balance: ${before.balance} -> ${after.balance}`);
