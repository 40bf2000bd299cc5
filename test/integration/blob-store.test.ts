// File blobs on one real node (LevelDB and the blob store in a temp dir, HTTP on 127.0.0.1 port
// 0): the refusals a user sees, tamper evidence, restart, and resuming cut-off transfers.
import { afterEach, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cleanup, devChain, runCli, tempDir, type DevChain } from "./harness.js";
import { ParleyNode } from "../../src/node/node.js";
import { BlobClient, BlobClientError, sealFile, type FileSource } from "../../src/client/blobs.js";
import { ChatClient } from "../../src/client/chat.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { newIdentity, signBytes, type Identity } from "../../src/client/keys.js";
import { blobUploadMessage } from "../../src/messaging/blob-upload.js";
import { saveAttachment } from "../../src/cli/commands/files.js";
import { encryptedChunks } from "../../src/client/blobs.js";
import { toHex } from "../../src/util/bytes.js";
import type { BlobLimits } from "../../src/node/blobs/limits.js";

const running: ParleyNode[] = [];
afterEach(async () => {
  for (const n of running.splice(0)) await n.stop().catch(() => undefined);
  await cleanup();
});

const KiB = 1024;
const LIMITS: Partial<BlobLimits> = { maxBlobBytes: 1024 * KiB, accountQuotaBytes: 2048 * KiB };

async function start(chain: DevChain, dataDir: string, blobs: Partial<BlobLimits> = LIMITS): Promise<ParleyNode> {
  const node = await ParleyNode.start({ dataDir, genesis: chain.genesis, identity: chain.validators[0]!, rpc: { port: 0 }, logLevel: "warn", blobs });
  running.push(node);
  return node;
}

function source(bytes: Uint8Array): FileSource {
  // Re-readable, in 10 KiB pieces, as a file stream would give it.
  return async function* () {
    for (let at = 0; at < bytes.length; at += 10 * KiB) yield bytes.subarray(at, at + 10 * KiB);
  };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

async function refusedWith(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BlobClientError) return e.type.code === "REFUSED" ? e.type.reason : e.type.code;
    throw e;
  }
  throw new Error("expected a refusal");
}

async function setup() {
  const chain = devChain({ funded: 2 });
  const dataDir = join(chain.dir, "node");
  const node = await start(chain, dataDir);
  const [alice, bob] = chain.funded as [Identity, Identity];
  return { chain, dataDir, node, alice, bob, blobs: new BlobClient(new ParleyClient(node.rpcUrl)) };
}

describe("blob store on one node", () => {
  it("an oversize file, a full quota and an unknown uploader are clear refusals that store nothing", async () => {
    const { blobs, alice } = await setup();
    const big = randomBytes(1100 * KiB);
    expect(await refusedWith(blobs.attach(alice, { source: source(big), fileName: "big.bin", mediaType: "application/octet-stream" }))).toBe("TOO_LARGE");
    const sealedBig = await sealFile(source(big));
    expect(await blobs.info(sealedBig.blobHash)).toMatchObject({ stored: false, uploadOffset: null });

    await blobs.attach(alice, { source: source(randomBytes(900 * KiB)), fileName: "a", mediaType: "x/y" });
    await blobs.attach(alice, { source: source(randomBytes(900 * KiB)), fileName: "b", mediaType: "x/y" });
    expect(await refusedWith(blobs.attach(alice, { source: source(randomBytes(300 * KiB)), fileName: "c", mediaType: "x/y" }))).toBe("QUOTA_EXCEEDED");
    expect((await blobs.limits(alice.address)).usedBytes).toBeGreaterThan(1800 * KiB);

    // The node enforces the same bounds itself (the SDK only says them first): a declared size
    // over the cap or past the quota is refused before the body is read.
    const { chainId } = await blobs.client.info();
    const rawPut = async (size: number) => {
      const hash = new Uint8Array(32).fill(size & 0xff);
      const time = Date.now();
      const resp = await fetch(`${blobs.client.url}/blob/${toHex(hash)}`, {
        method: "PUT", body: new Uint8Array(10),
        headers: { "parley-uploader": toHex(alice.publicKey), "parley-time": String(time), "parley-size": String(size), "parley-signature": toHex(signBytes(alice.secretKey, blobUploadMessage(chainId, hash, size, time))) },
      });
      return [resp.status, ((await resp.json()) as { error: { code: string } }).error.code];
    };
    expect(await rawPut(1100 * KiB)).toEqual([413, "TOO_LARGE"]);
    expect(await rawPut(300 * KiB)).toEqual([403, "QUOTA_EXCEEDED"]);

    // A key the chain has never seen cannot spend a quota.
    expect(await refusedWith(blobs.attach(newIdentity(), { source: source(randomBytes(10)), fileName: "d", mediaType: "x/y" }))).toBe("UNAUTHORIZED");
  });

  it("an upload whose bytes do not match the signed hash is refused and nothing is stored", async () => {
    const { node, blobs, alice } = await setup();
    const good = await sealFile(source(randomBytes(50 * KiB)));
    const other = Buffer.concat(await collect(encryptedChunks(source(randomBytes(50 * KiB)), good.key, good.chunkSize)));
    const { chainId } = await new ParleyClient(node.rpcUrl).info();
    const time = Date.now();
    const resp = await fetch(`${node.rpcUrl}/blob/${toHex(good.blobHash)}`, {
      method: "PUT",
      body: other,
      headers: {
        "parley-uploader": toHex(alice.publicKey), "parley-time": String(time), "parley-size": String(other.length),
        "parley-signature": toHex(signBytes(alice.secretKey, blobUploadMessage(chainId, good.blobHash, other.length, time))),
      },
    });
    expect(resp.status).toBe(422);
    expect(((await resp.json()) as { error: { code: string } }).error.code).toBe("HASH_MISMATCH");
    expect(await blobs.info(good.blobHash)).toMatchObject({ stored: false, uploadOffset: null });
  });

  it("a blob survives a restart, and one altered on the node's disk is refused by the recipient", async () => {
    const { chain, dataDir, node, blobs, alice, bob } = await setup();
    const file = randomBytes(300 * KiB);
    const a = await blobs.attach(alice, { source: source(file), fileName: "photo.jpg", mediaType: "image/jpeg" });
    await new ChatClient(node.rpcUrl).sendMessage(alice, bob.address, "the photo", { attachments: [a] });
    await node.stop();
    running.length = 0;

    const again = await start(chain, dataDir);
    const chat = new ChatClient(again.rpcUrl);
    const [m] = (await chat.readInbox(bob)).messages;
    expect(m?.attachments[0]?.fileName).toBe("photo.jpg");
    const back = new BlobClient(new ParleyClient(again.rpcUrl));
    const parts: Uint8Array[] = [];
    await back.download(m!.attachments[0]!, (p) => void parts.push(p));
    expect(Buffer.concat(parts).equals(file)).toBe(true);

    // Flip one byte of the stored blob: the recipient's hash check refuses it.
    const path = join(dataDir, "blobs", toHex(a.blobHash));
    const bytes = readFileSync(path);
    bytes[1000] = bytes[1000]! ^ 0xff;
    writeFileSync(path, bytes);
    const code = await refusedWith(back.download(a, () => undefined));
    expect(["HASH_MISMATCH", "DECRYPT_FAILED"]).toContain(code);
  });

  it("an interrupted download resumes from the saved part, and an interrupted upload from the node's offset", async () => {
    const { node, blobs, alice } = await setup();
    const file = randomBytes(700 * KiB);
    const a = await blobs.attach(alice, { source: source(file), fileName: "../notes.bin", mediaType: "application/octet-stream" });
    // The first 100 KiB arrived before the connection dropped (a Range request serves exactly them).
    const dir = tempDir("parley-save-");
    const resp = await fetch(`${node.rpcUrl}/blob/${toHex(a.blobHash)}`, { headers: { Range: "bytes=0-102399" } });
    expect(resp.status).toBe(206);
    expect(resp.headers.get("content-range")).toBe(`bytes 0-102399/${700 * KiB + 11 * 16}`);
    writeFileSync(join(dir, `.${toHex(a.blobHash)}.part`), Buffer.from(await resp.arrayBuffer()));
    const saved = await saveAttachment(node.rpcUrl, a, dir);
    expect(saved).toBe(join(dir, "notes.bin")); // the name is cut to its base: no writing outside DIR
    expect(readFileSync(saved).equals(file)).toBe(true);
    expect(readdirSync(dir)).toEqual(["notes.bin"]);

    // An upload cut after its first piece: blob_info says where it stopped and upload() goes on from there.
    const file2 = randomBytes(600 * KiB);
    const sealed = await sealFile(source(file2));
    const blob = Buffer.concat(await collect(encryptedChunks(source(file2), sealed.key, sealed.chunkSize)));
    const { chainId } = await new ParleyClient(node.rpcUrl).info();
    const time = Date.now();
    const headers = {
      "parley-uploader": toHex(alice.publicKey), "parley-time": String(time), "parley-size": String(blob.length),
      "parley-signature": toHex(signBytes(alice.secretKey, blobUploadMessage(chainId, sealed.blobHash, blob.length, time))),
    };
    const first = await fetch(`${node.rpcUrl}/blob/${toHex(sealed.blobHash)}`, { method: "PUT", body: blob.subarray(0, 200 * KiB), headers });
    expect(first.status).toBe(202);
    expect((await blobs.info(sealed.blobHash)).uploadOffset).toBe(200 * KiB);
    const seen: number[] = [];
    await blobs.upload(alice, sealed, source(file2), (p) => seen.push(p.done));
    expect(seen[0]).toBe(200 * KiB);
    expect(await blobs.info(sealed.blobHash)).toMatchObject({ stored: true, size: blob.length });
  });
});

describe("files from the command line", () => {
  it("channel post --file and channel read --save: the member saves the file; a full quota is one clear line", async () => {
    const chain = devChain({ funded: 2 });
    const node = await start(chain, join(chain.dir, "node"), { maxBlobBytes: 1024 * KiB, accountQuotaBytes: 600 * KiB });
    const [, bob] = chain.funded as [Identity, Identity];
    const [aliceKey, bobKey] = chain.fundedKeys as [string, string];
    const dir = tempDir("parley-cli-files-");
    const file = join(dir, "minutes.pdf");
    const bytes = randomBytes(500 * KiB);
    writeFileSync(file, bytes);
    const created = await runCli(["channel", "create", "--key", aliceKey, "--name", "team", "--members", bob.address, "--rpc", node.rpcUrl]);
    expect(created.code, created.stderr).toBe(0);
    const channel = created.stdout.trim();
    const posted = await runCli(["channel", "post", "--key", aliceKey, "--channel", channel, "--text", "minutes", "--file", file, "--rpc", node.rpcUrl]);
    expect(posted.code, posted.stderr).toBe(0);
    expect(posted.stderr).toMatch(/^upload minutes\.pdf: 0\.5 MiB\n$/);

    const out = join(dir, "bob");
    const read = await runCli(["channel", "read", "--key", bobKey, "--channel", channel, "--save", out, "--rpc", node.rpcUrl]);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toMatch(/: minutes \[file minutes\.pdf 512000 B application\/pdf blob [0-9a-f]{16}\]/);
    expect(readFileSync(join(out, "minutes.pdf")).equals(bytes)).toBe(true);

    // A second file passes Alice's 600 KiB quota: one line, naming the node's code, and no message sent.
    const again = await runCli(["chat", "send", "--key", aliceKey, "--to", bob.address, "--file", file, "--rpc", node.rpcUrl]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error: minutes\.pdf: the node refused the upload \[QUOTA_EXCEEDED\]/)]);
    expect((await new ChatClient(node.rpcUrl).readInbox(bob)).messages).toHaveLength(0);
  }, 90_000);
});
