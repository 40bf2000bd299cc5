// File blobs through one node (docs/PERFORMANCE.md "File blobs"): a node process on 127.0.0.1
// with its store in a temp dir, a --mb file of random bytes (default 50).
//  1. client: encrypting and hashing the file (sealFile, the SDK's first pass), MB/s
//  2. node upload: the ready ciphertext PUT in 8 MiB pieces (what the node sustains), MB/s
//  3. SDK upload end to end (encrypt again + PUT pieces), MB/s
//  4. node download: GET streamed and discarded, MB/s; SDK download (hash check + decrypt), MB/s
//  5. the node's RSS (VmRSS) before and at its peak while it receives the upload (2) and while it
//     serves --parallel (10) downloads at once
//   npx tsc -p tsconfig.json && node dist/bench/blobs.js [--mb 50] [--parallel 10] [--json]
import { mkdtempSync, rmSync, writeFileSync, createReadStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { BlobClient, encryptedChunks, sealFile } from "../src/client/blobs.js";
import { ParleyClient } from "../src/client/parley-client.js";
import { encodeKeyFile, newIdentity, signBytes } from "../src/client/keys.js";
import { blobUploadMessage } from "../src/messaging/blob-upload.js";
import { genesisJson } from "../src/node/dev-chain.js";
import { toHex } from "../src/util/bytes.js";
import { rssMb, startNode } from "./lib/cluster.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const MB = arg("mb", 50);
const PARALLEL = arg("parallel", 10);
const JSON_OUT = process.argv.includes("--json");
const MiB = 1024 * 1024;
const PIECE = 8 * MiB;

function log(s: string): void {
  if (!JSON_OUT) process.stdout.write(s + "\n");
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const rate = (bytes: number, ms: number): number => Math.round((bytes / MiB / (ms / 1000)) * 10) / 10;

async function drain(url: string): Promise<number> {
  const resp = await fetch(url);
  if (!resp.ok || !resp.body) throw new Error(`GET ${url}: ${resp.status}`);
  let n = 0;
  const reader = resp.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.length;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "parley-bench-blobs-"));
  const validator = newIdentity();
  const user = newIdentity();
  const genesis = join(dir, "genesis.json");
  writeFileSync(genesis, genesisJson("bench-blobs", [validator], [{ address: user.address, balance: 1_000_000_000n }], {}));
  writeFileSync(join(dir, "v.key"), encodeKeyFile(validator));
  const node = await startNode(["node", "--data-dir", join(dir, "node"), "--genesis", genesis, "--key", join(dir, "v.key"), "--rpc-port", "0", "--log-level", "warn", "--blob-max-mb", String(MB + 1), "--blob-quota-mb", String(4 * MB)]);
  const pid = node.proc.pid!;
  try {
    const path = join(dir, "file.bin");
    writeFileSync(path, randomBytes(MB * MiB));
    const source = () => createReadStream(path, { highWaterMark: 1 * MiB });
    const client = new ParleyClient(node.rpc);
    const blobs = new BlobClient(client);
    const { chainId } = await client.info();
    log(`file: ${MB} MiB; node pid ${pid}, RSS at start ${rssMb(pid)} MB`);

    const seal = await timed(() => sealFile(source));
    log(`client encrypt + hash:   ${rate(seal.value.blobSize, seal.ms)} MB/s (${Math.round(seal.ms)} ms)`);

    // 2. The node alone: ciphertext already in memory, PUT in pieces.
    const blob = Buffer.concat(await (async () => {
      const out: Uint8Array[] = [];
      for await (const c of encryptedChunks(source, seal.value.key, seal.value.chunkSize)) out.push(c);
      return out;
    })());
    const hash = toHex(seal.value.blobHash);
    const time = Date.now();
    const headers = {
      "content-type": "application/octet-stream", "parley-uploader": toHex(user.publicKey), "parley-time": String(time), "parley-size": String(blob.length),
      "parley-signature": toHex(signBytes(user.secretKey, blobUploadMessage(chainId, seal.value.blobHash, blob.length, time))),
    };
    const upBefore = rssMb(pid) ?? 0;
    let upPeak = upBefore;
    const upSampler = setInterval(() => (upPeak = Math.max(upPeak, rssMb(pid) ?? 0)), 20);
    const rawUp = await timed(async () => {
      for (let at = 0; at < blob.length; at += PIECE) {
        const resp = await fetch(`${node.rpc}/blob/${hash}`, { method: "PUT", body: blob.subarray(at, at + PIECE), headers: { ...headers, "parley-offset": String(at) } });
        if (!resp.ok) throw new Error(`PUT: ${resp.status} ${await resp.text()}`);
      }
    });
    clearInterval(upSampler);
    log(`node upload (PUT):       ${rate(blob.length, rawUp.ms)} MB/s (${Math.round(rawUp.ms)} ms, hash check included); node RSS ${upBefore} MB before, peak ${upPeak} MB`);

    // 3. SDK end to end: a second file, so it is not already stored.
    writeFileSync(path, randomBytes(MB * MiB));
    const sdkUp = await timed(() => blobs.attach(user, { source, fileName: "file.bin", mediaType: "application/octet-stream" }));
    log(`SDK upload (seal + PUT): ${rate(blob.length, sdkUp.ms)} MB/s (${Math.round(sdkUp.ms)} ms, both passes)`);

    // 4. Downloads.
    const rawDown = await timed(() => drain(`${node.rpc}/blob/${hash}`));
    log(`node download (GET):     ${rate(rawDown.value, rawDown.ms)} MB/s (${Math.round(rawDown.ms)} ms)`);
    const sdkDown = await timed(() => blobs.download(sdkUp.value, () => undefined));
    log(`SDK download + decrypt:  ${rate(blob.length, sdkDown.ms)} MB/s (${Math.round(sdkDown.ms)} ms)`);

    // 5. RSS while serving PARALLEL downloads at once.
    const before = rssMb(pid) ?? 0;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid) ?? 0)), 20);
    const par = await timed(() => Promise.all(Array.from({ length: PARALLEL }, () => drain(`${node.rpc}/blob/${hash}`))));
    clearInterval(sampler);
    const total = par.value.reduce((a, b) => a + b, 0);
    log(`${PARALLEL} downloads at once:    ${rate(total, par.ms)} MB/s in all (${Math.round(par.ms)} ms); node RSS ${before} MB before, peak ${peak} MB (+${peak - before} MB)`);
    if (JSON_OUT) {
      process.stdout.write(JSON.stringify({
        mb: MB, parallel: PARALLEL,
        clientSealMBs: rate(seal.value.blobSize, seal.ms), nodeUploadMBs: rate(blob.length, rawUp.ms), sdkUploadMBs: rate(blob.length, sdkUp.ms),
        nodeDownloadMBs: rate(rawDown.value, rawDown.ms), sdkDownloadMBs: rate(blob.length, sdkDown.ms),
        parallelDownloadMBs: rate(total, par.ms), rssBeforeMb: before, rssPeakMb: peak, uploadRssBeforeMb: upBefore, uploadRssPeakMb: upPeak,
      }) + "\n");
    }
  } finally {
    process.kill(pid, "SIGTERM");
    await new Promise((r) => node.proc.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
