// Send an end-to-end encrypted message with the Parley SDK, then read it as the recipient.
//
//   PARLEY_RPC=http://127.0.0.1:8645 PARLEY_KEY=.parley-data/dev.key node examples/send-message.mjs [text]
//
// The recipient is a fresh identity made here, so the example can also show its side: reading the
// inbox decrypts the message with the recipient's key (nodes only ever see ciphertext).
import { readFileSync } from "node:fs";
import { ChatClient, decodeKeyFile, newIdentity } from "parley/client";

const rpc = process.env.PARLEY_RPC ?? "http://127.0.0.1:8645";
const alice = decodeKeyFile(readFileSync(process.env.PARLEY_KEY ?? ".parley-data/dev.key", "utf8"));
const bob = newIdentity();
const text = process.argv[2] ?? "hello from the Parley SDK";

const chat = new ChatClient(rpc);
const sent = await chat.sendMessage(alice, bob.publicKey, text); // waits until final
console.log(`sent ${sent.id} to ${bob.address} (block ${sent.height})`);

const inbox = await chat.readInbox(bob);
for (const m of inbox.messages) console.log(`bob read from ${m.from}: ${m.text}`);
