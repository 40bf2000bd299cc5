import { describe, expect, it } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  BlobDecryptor, BlobEncryptor, blobSize, decodeContent, decryptBlob, encodeContent, encryptBlob, BLOB_TAG_LEN,
} from "../../../src/messaging/crypto/index.js";
import { toHex } from "../../../src/util/bytes.js";

const KEY = new Uint8Array(32).fill(7);
const CHUNK = 1024;

function file(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

function code(r: { ok: boolean; error?: { code: string } }): string | null {
  return r.ok ? null : r.error!.code;
}

describe("chunked file encryption (blob-cipher)", () => {
  it("round-trips files of every edge size, including empty and exact multiples of the chunk", () => {
    for (const n of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5]) {
      const blob = encryptBlob(KEY, file(n), CHUNK);
      expect(blob.length).toBe(blobSize(n, CHUNK));
      const back = decryptBlob(KEY, blob, CHUNK);
      expect(back.ok && toHex(back.value)).toBe(toHex(file(n)));
    }
  });

  it("streams: pushing odd-sized pieces gives the same blob as one call", () => {
    const plain = file(5 * CHUNK + 17);
    const enc = new BlobEncryptor(KEY, CHUNK);
    const parts: Uint8Array[] = [];
    for (let at = 0; at < plain.length; at += 333) parts.push(...enc.push(plain.subarray(at, at + 333)));
    parts.push(enc.finish());
    const joined = Buffer.concat(parts);
    expect(toHex(joined)).toBe(toHex(encryptBlob(KEY, plain, CHUNK)));
    const dec = new BlobDecryptor(KEY, CHUNK);
    const out: Uint8Array[] = [];
    for (let at = 0; at < joined.length; at += 700) {
      const r = dec.push(joined.subarray(at, at + 700));
      expect(r.ok).toBe(true);
      if (r.ok) out.push(...r.value);
    }
    const last = dec.finish();
    expect(last.ok).toBe(true);
    if (last.ok) out.push(last.value);
    expect(toHex(Buffer.concat(out))).toBe(toHex(plain));
  });

  it("refuses a blob cut at a chunk boundary as TRUNCATED, and cut mid-chunk as undecryptable", () => {
    const blob = encryptBlob(KEY, file(3 * CHUNK + 5), CHUNK);
    expect(code(decryptBlob(KEY, blob.subarray(0, 2 * (CHUNK + BLOB_TAG_LEN)), CHUNK))).toBe("TRUNCATED");
    expect(code(decryptBlob(KEY, blob.subarray(0, blob.length - 3), CHUNK))).toBe("DECRYPT_FAILED");
    expect(code(decryptBlob(KEY, new Uint8Array(0), CHUNK))).toBe("TRUNCATED");
  });

  it("refuses reordered chunks, a flipped bit, extra bytes after the end, a wrong key or chunk size", () => {
    const sealed = CHUNK + BLOB_TAG_LEN;
    const blob = encryptBlob(KEY, file(3 * CHUNK), CHUNK);
    const swapped = Buffer.concat([blob.subarray(sealed, 2 * sealed), blob.subarray(0, sealed), blob.subarray(2 * sealed)]);
    expect(code(decryptBlob(KEY, swapped, CHUNK))).toBe("DECRYPT_FAILED");
    const flipped = Uint8Array.from(blob);
    flipped[sealed + 10]! ^= 1;
    expect(code(decryptBlob(KEY, flipped, CHUNK))).toBe("DECRYPT_FAILED");
    const extended = Buffer.concat([blob, encryptBlob(KEY, file(10), CHUNK)]);
    expect(code(decryptBlob(KEY, extended, CHUNK))).toBe("DECRYPT_FAILED");
    expect(code(decryptBlob(new Uint8Array(32).fill(8), blob, CHUNK))).toBe("DECRYPT_FAILED");
    expect(code(decryptBlob(KEY, blob, 2 * CHUNK))).toBe("DECRYPT_FAILED");
  });

  it("a dropped middle chunk is refused (the counter no longer matches)", () => {
    const sealed = CHUNK + BLOB_TAG_LEN;
    const blob = encryptBlob(KEY, file(3 * CHUNK + 1), CHUNK);
    const dropped = Buffer.concat([blob.subarray(0, sealed), blob.subarray(2 * sealed)]);
    expect(code(decryptBlob(KEY, dropped, CHUNK))).toBe("DECRYPT_FAILED");
  });

  it("each chunk is standard XChaCha20-Poly1305 (checked against @noble's), in Node's native path and the browser's", async () => {
    const { xchacha20poly1305 } = await import("@noble/ciphers/chacha.js");
    const { hkdf } = await import("@noble/hashes/hkdf.js");
    const chunkKey = hkdf(sha256, KEY, new Uint8Array(32), new TextEncoder().encode("parley/blob/v1"), 32);
    const ad = Buffer.concat([Buffer.from("parley/blob-ad/v1"), Buffer.from([0, 0, 4, 0])]);
    const plain = file(2 * CHUNK + 3);
    const expected: Uint8Array[] = [];
    for (let i = 0; i < 3; i++) {
      const nonce = new Uint8Array(24);
      new DataView(nonce.buffer).setBigUint64(0, BigInt(i));
      nonce[8] = i === 2 ? 1 : 0;
      expected.push(xchacha20poly1305(chunkKey, nonce, ad).encrypt(plain.subarray(i * CHUNK, (i + 1) * CHUNK)));
    }
    expect(toHex(encryptBlob(KEY, plain, CHUNK))).toBe(toHex(Buffer.concat(expected)));
  });

  it("matches the test vector in docs/ENCRYPTION.md", () => {
    const plain = new TextEncoder().encode("hello, file");
    const blob = encryptBlob(KEY, plain, 1024);
    expect(toHex(blob)).toBe(VECTOR_BLOB);
    expect(toHex(sha256(blob))).toBe(VECTOR_HASH);
  });
});

describe("message content with attachments", () => {
  const attachment = { blobHash: new Uint8Array(32).fill(1), size: 11, mediaType: "text/plain", fileName: "a.txt", key: KEY, chunkSize: 1024, thumbnail: null };

  it("plain text stays plain UTF-8, so older clients read it", () => {
    const bytes = encodeContent({ text: "hi", attachments: [] });
    expect(new TextDecoder().decode(bytes)).toBe("hi");
    expect(decodeContent(bytes)).toEqual({ text: "hi", attachments: [] });
  });

  it("attachments round-trip and start with 0xFF 0x01 (never UTF-8)", () => {
    const bytes = encodeContent({ text: "see file", attachments: [attachment, { ...attachment, thumbnail: new Uint8Array([1, 2, 3]) }] });
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0x01]);
    const back = decodeContent(bytes);
    expect(back?.text).toBe("see file");
    expect(back?.attachments.length).toBe(2);
    expect(toHex(back!.attachments[1]!.thumbnail!)).toBe("010203");
  });

  it("malformed rich content is refused, not half-read", () => {
    const bytes = encodeContent({ text: "x", attachments: [attachment] });
    expect(decodeContent(Uint8Array.of(0xff, 0x02, ...bytes.subarray(2)))).toBeNull();
    expect(decodeContent(bytes.subarray(0, bytes.length - 1))).toBeNull();
    expect(decodeContent(Uint8Array.of(0xff, 0x01, 0x90))).toBeNull();
  });

  it("matches the attachment vector in docs/ENCRYPTION.md", () => {
    expect(toHex(encodeContent({ text: "see file", attachments: [attachment] }))).toBe(VECTOR_CONTENT);
  });
});

const VECTOR_BLOB = "2ef1dda59df78b1713e1de8e123b02b435412e7e7ffa55b055ffbe";
const VECTOR_HASH = "4850614be8d416635dc5a628ffd7e6276143f59c86789162d9f17d143a6004cb";
const VECTOR_CONTENT =
  "ff0192a87365652066696c659197c42001010101010101010101010101010101010101010101010101010101010101010baa746578742f706c61696ea5612e747874c4200707070707070707070707070707070707070707070707070707070707070707cd0400c0";
