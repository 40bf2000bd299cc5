// Attachments from the command line: `chat send --file`, `channel post --file` and
// `chat read --save DIR` / `channel read --save DIR`. Uploads and downloads show a progress bar
// on stderr. A download goes to DIR/.<hash>.part first, resumes from that file's end when run
// again, is checked against its hash, decrypted to a temporary file, and only then renamed to
// its name: an interrupted or refused download never leaves a wrong file under the real name.
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { once } from "node:events";
import { BlobClient, BlobClientError, BlobOpener, type Progress } from "../../client/blobs.js";
import type { Identity } from "../../client/keys.js";
import { ParleyClient } from "../../client/parley-client.js";
import { blobSize, type Attachment } from "../../messaging/crypto/index.js";
import { toHex } from "../../util/bytes.js";
import { cliError } from "../common.js";

// Media types by extension for what people usually send; anything else is octet-stream.
const MEDIA_TYPES: Record<string, string> = {
  ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
  ".pdf": "application/pdf", ".txt": "text/plain", ".md": "text/markdown", ".zip": "application/zip",
  ".mp4": "video/mp4", ".mp3": "audio/mpeg", ".json": "application/json",
};

export function mediaTypeOf(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/** A progress bar on stderr, redrawn at most every 1 % (only when stderr is a terminal, else one line at the end). */
export function progressBar(label: string): { update: (p: Progress) => void; done: () => void; abort: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = -1;
  let total = 0;
  return {
    update: (p) => {
      total = p.total;
      const pct = p.total === 0 ? 100 : Math.floor((100 * p.done) / p.total);
      if (!tty || pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      process.stderr.write(`\r${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${String(pct).padStart(3)}% ${mib(p.done)}/${mib(p.total)} MiB`);
    },
    done: () => process.stderr.write(tty ? "\n" : `${label}: ${mib(total)} MiB\n`),
    // A failure is reported on its own line; the bar only ends the line it drew.
    abort: () => {
      if (tty && last >= 0) process.stderr.write("\n");
    },
  };
}

function mib(n: number): string {
  return (n / (1024 * 1024)).toFixed(1);
}

/** Encrypts and uploads `path`; the attachment for the message. */
export async function uploadFile(rpc: string, id: Identity, path: string): Promise<Attachment> {
  if (!existsSync(path) || !statSync(path).isFile()) throw cliError(`${path}: no such file`);
  const bar = progressBar(`upload ${basename(path)}`);
  const blobs = new BlobClient(new ParleyClient(rpc));
  try {
    const a = await blobs.attach(id, { source: () => createReadStream(path), fileName: basename(path), mediaType: mediaTypeOf(path) }, { onProgress: bar.update });
    bar.done();
    return a;
  } catch (e) {
    bar.abort();
    throw e instanceof BlobClientError && e.type.code === "REFUSED" ? cliError(`${basename(path)}: the node refused the upload [${e.type.reason}]: ${e.type.detail}`) : e;
  }
}

/** A name safe to create in DIR: the base name without control characters, never "." or "..". */
export function safeName(name: string, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = basename(name.replace(/\\/g, "/")).replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return cleaned === "" || cleaned === "." || cleaned === ".." ? fallback : cleaned;
}

function freePath(dir: string, name: string): string {
  let path = join(dir, name);
  const ext = extname(name);
  for (let i = 1; existsSync(path); i++) path = join(dir, `${name.slice(0, name.length - ext.length)} (${i})${ext}`);
  return path;
}

/** Downloads, checks, decrypts and saves one attachment into `dir`; returns the saved path. */
export async function saveAttachment(rpc: string, a: Attachment, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const hash = toHex(a.blobHash);
  const part = join(dir, `.${hash}.part`);
  const total = blobSize(a.size, a.chunkSize);
  const have = existsSync(part) ? statSync(part).size : 0;
  if (have > total) rmSync(part);
  const start = have > total ? 0 : have;
  const name = safeName(a.fileName, hash.slice(0, 16));
  if (start < total) {
    const bar = progressBar(`download ${name}`);
    const out = createWriteStream(part, { flags: start > 0 ? "a" : "w" });
    let done = start;
    try {
      for await (const c of new BlobClient(new ParleyClient(rpc)).blobBytes(a.blobHash, { offset: start })) {
        if (!out.write(c)) await once(out, "drain");
        done += c.length;
        bar.update({ done, total });
      }
      bar.done();
    } catch (e) {
      bar.abort();
      // What arrived stays in the part file: running the command again resumes from there.
      throw e instanceof BlobClientError ? cliError(`${name}: ${e.message} (run again to resume)`) : e;
    } finally {
      out.end();
      await once(out, "close");
    }
  }
  // Check and decrypt from the saved blob (it may come partly from an earlier run).
  const opener = new BlobOpener(a);
  const tmp = join(dir, `.${hash}.plain`);
  const plain = createWriteStream(tmp);
  try {
    for await (const c of createReadStream(part)) for (const p of opener.push(c as Buffer)) if (!plain.write(p)) await once(plain, "drain");
    plain.write(opener.finish());
  } catch (e) {
    plain.destroy();
    rmSync(tmp, { force: true });
    // Wrong bytes are not resumable: drop them so the next run downloads afresh.
    rmSync(part, { force: true });
    throw cliError(`${name}: ${(e as Error).message}`);
  }
  plain.end();
  await once(plain, "close");
  const path = freePath(dir, name);
  renameSync(tmp, path);
  rmSync(part, { force: true });
  return path;
}

export function attachmentLine(a: Attachment): string {
  return `[file ${a.fileName} ${a.size} B ${a.mediaType} blob ${toHex(a.blobHash).slice(0, 16)}]`;
}
