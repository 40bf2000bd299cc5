// Files in chat on a 4-validator devnet of real node processes: a 50 MB file sent through one
// node is read byte-identical through others that never saw the upload (they fetch it from a
// peer over libp2p), a copy survives its node's restart, and a peer serving altered bytes is
// refused. CLI end to end: `chat send --file` and `chat read --save`.
import { afterEach, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cleanup, runCli, tempDir, waitFor } from "./harness.js";
import { startNet } from "./network-harness.js";
import { BlobClient, type FileSource } from "../../src/client/blobs.js";
import { ParleyClient } from "../../src/client/parley-client.js";
import { ChatClient } from "../../src/client/chat.js";
import type { Identity } from "../../src/client/keys.js";
import { toHex } from "../../src/util/bytes.js";

afterEach(cleanup);

const MiB = 1024 * 1024;

async function fileHash(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest("hex");
}

function source(bytes: Uint8Array): FileSource {
  return async function* () {
    for (let at = 0; at < bytes.length; at += 256 * 1024) yield bytes.subarray(at, at + 256 * 1024);
  };
}

describe("blob replication between nodes", () => {
  it("a 50 MB file sent via node 0 is read byte-identical via nodes that never saw the upload, and after a restart", async () => {
    const net = await startNet(4, {}, 2, [], ["--blob-max-mb", "60"], true);
    const [alice, bob] = net.chain.funded as [Identity, Identity];
    const [aliceKey, bobKey] = net.chain.fundedKeys as [string, string];
    const dir = tempDir("parley-blob-");
    const file = join(dir, "video.mp4");
    writeFileSync(file, randomBytes(50 * MiB));
    const want = await fileHash(file);
    const rpc = (i: number) => net.nodes[i]!.rpc;

    const sent = await runCli(["chat", "send", "--key", aliceKey, "--to", bob.address, "--text", "the video", "--file", file, "--rpc", rpc(0)], 120_000);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toMatch(/sent: message/);

    // `chat send` returns once node 0 has the message final; nodes 1 and 3 may be a block behind.
    const top = (await new ParleyClient(rpc(0)).rpc.call<{ height: number }>("chain_getHead")).height;
    for (const i of [1, 3]) await waitFor(`node ${i} at height ${top}`, async () => (await new ParleyClient(rpc(i)).rpc.call<{ height: number }>("chain_getHead")).height >= top, 30_000);

    // Node 1 never saw the upload: the CLI's download makes it fetch the blob from a peer.
    const out = join(dir, "bob");
    const read = await runCli(["chat", "read", "--key", bobKey, "--save", out, "--rpc", rpc(1)], 120_000);
    expect(read.code, read.stderr).toBe(0);
    expect(read.stdout).toMatch(/the video \[file video\.mp4 52428800 B video\/mp4/);
    expect(readdirSync(out)).toEqual(["video.mp4"]);
    expect(await fileHash(join(out, "video.mp4"))).toBe(want);

    // Node 3 too, through the SDK, checked as it streams.
    const chat3 = new ChatClient(rpc(3));
    const [m] = (await chat3.readInbox(bob)).messages;
    const a = m!.attachments[0]!;
    const h = createHash("sha256");
    await new BlobClient(new ParleyClient(rpc(3))).download(a, (p) => void h.update(p));
    expect(h.digest("hex")).toBe(want);

    // Node 1 kept its copy: it survives a restart and is served from its own disk.
    await net.kill(1);
    await net.start(1, ["--blob-max-mb", "60"]);
    const info = await new BlobClient(new ParleyClient(rpc(1))).info(a.blobHash);
    expect(info).toMatchObject({ stored: true, size: 50 * MiB + 800 * 16 });
    const h1 = createHash("sha256");
    await new BlobClient(new ParleyClient(rpc(1))).download(a, (p) => void h1.update(p));
    expect(h1.digest("hex")).toBe(want);
  }, 180_000);

  it("a node does not keep bytes a peer serves that do not match the hash", async () => {
    const net = await startNet(2, {}, 1, [], [], true);
    const [alice] = net.chain.funded as [Identity];
    const rpc = (i: number) => net.nodes[i]!.rpc;
    const blobs0 = new BlobClient(new ParleyClient(rpc(0)));
    const a = await blobs0.attach(alice, { source: source(randomBytes(3 * MiB)), fileName: "x.bin", mediaType: "application/octet-stream" });
    // Alter node 0's stored copy in place (same size): node 0 serves it, node 1 must refuse it.
    const path = join(net.chain.dir, "node-0", "blobs", toHex(a.blobHash));
    const bytes = readFileSync(path);
    bytes[2 * MiB] = bytes[2 * MiB]! ^ 1;
    writeFileSync(path, bytes);
    await waitFor("nodes connected", async () => (await new ParleyClient(rpc(1)).info()).peers >= 1, 30_000);
    const resp = await fetch(`${rpc(1)}/blob/${toHex(a.blobHash)}`);
    expect(resp.status).toBe(404);
    expect(await new BlobClient(new ParleyClient(rpc(1))).info(a.blobHash)).toMatchObject({ stored: false, uploadOffset: null });
    const metrics = await (await fetch(`${rpc(1)}/metrics`)).text();
    expect(metrics).toMatch(/parley_blob_refusals_total\{reason="HASH_MISMATCH"\} 1/);
  }, 90_000);
});
