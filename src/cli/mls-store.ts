// The CLI's MLS store: one JSON file per key file, `<key>.mls.json` (mode 0600), replaced
// atomically so a crash leaves the old or the new file. Version 2 seals the contents (group
// secrets, key package private halves) under a key derived from the identity's secret key
// (../client/mls/store-seal.ts, docs/ENCRYPTION.md 12.9); only the address is in the clear:
//   {"kind":"parley-mls-store","version":2,"address":"parley1...","cipher":"xchacha20-poly1305",
//    "nonce":"<48 hex>","ciphertext":"<hex of the sealed JSON of { groups, keyPackages }>"}
// A version 1 file (plaintext, before issue 15's devices part) is read and rewritten sealed.
// Each write replaces the whole file, so epoch secrets MLS deleted are gone from the new file.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { PrivateKeyPackage } from "ts-mls";
import { bytesEqual, fromHex, fromUtf8, toHex, utf8 } from "../util/bytes.js";
import type { GroupPost, MlsStore, StoredGroup, StoredKeyPackage } from "../client/mls/store.js";
import { openStore, sealStore } from "../client/mls/store-seal.js";
import type { Identity } from "../client/keys.js";
import { cliError } from "./common.js";

/** What is sealed (and what a version 1 file held in the clear). */
interface FileShape {
  groups: Record<string, { state: string; cursor: string; posts: GroupPost[]; pending?: { commit: string; state: string } }>;
  keyPackages: Array<{ publicPackage: string; initPrivateKey: string; hpkePrivateKey: string; signaturePrivateKey: string }>;
}

function bytes(hex: string, path: string): Uint8Array {
  const b = fromHex(hex);
  if (!b) throw cliError(`${path}: not hex where bytes were expected`);
  return b;
}

export function mlsStorePath(keyPath: string): string {
  return `${keyPath}.mls.json`;
}

interface SealedFile {
  kind: "parley-mls-store";
  version: 2;
  address: string;
  cipher: "xchacha20-poly1305";
  nonce: string;
  ciphertext: string;
}

function shapeOf(x: unknown, path: string): FileShape {
  const f = x as Partial<FileShape> | null;
  if (typeof f !== "object" || f === null || typeof f.groups !== "object" || f.groups === null || !Array.isArray(f.keyPackages)) throw cliError(`${path}: the store holds no groups and key packages`);
  return { groups: f.groups, keyPackages: f.keyPackages };
}

export class FileMlsStore implements MlsStore {
  /** `identity`: the key file's identity, whose secret key seals the store. */
  constructor(readonly path: string, readonly identity: Identity) {}

  private read(): FileShape {
    if (!existsSync(this.path)) return { groups: {}, keyPackages: [] };
    let f: { kind?: unknown; version?: unknown; address?: unknown; nonce?: unknown; ciphertext?: unknown };
    try {
      f = JSON.parse(readFileSync(this.path, "utf8")) as typeof f;
    } catch (e) {
      throw cliError(`${this.path}: ${(e as Error).message}`);
    }
    if (typeof f !== "object" || f === null || f.kind !== "parley-mls-store") throw cliError(`${this.path}: not a parley MLS store`);
    if (f.version === 1) {
      // Plaintext from an older build: seal it now, so its secrets stop sitting in the clear.
      const old = shapeOf(f, this.path);
      this.write(old);
      return old;
    }
    if (f.version !== 2) throw cliError(`${this.path}: MLS store version ${String(f.version)} is not supported (this build reads 1 and 2)`);
    if (f.address !== this.identity.address) throw cliError(`${this.path}: the MLS store belongs to ${String(f.address)}, not to this key (${this.identity.address})`);
    const nonce = typeof f.nonce === "string" ? fromHex(f.nonce) : null;
    const ciphertext = typeof f.ciphertext === "string" ? fromHex(f.ciphertext) : null;
    const opened = nonce && ciphertext ? openStore(this.identity, nonce, ciphertext) : null;
    const text = opened && fromUtf8(opened);
    if (!text) throw cliError(`${this.path}: the MLS store does not open with this key (altered, or sealed for another key)`);
    return shapeOf(JSON.parse(text), this.path);
  }

  private write(f: FileShape): void {
    const sealed = sealStore(this.identity, utf8(JSON.stringify({ groups: f.groups, keyPackages: f.keyPackages })));
    const file: SealedFile = { kind: "parley-mls-store", version: 2, address: this.identity.address, cipher: "xchacha20-poly1305", nonce: toHex(sealed.nonce), ciphertext: toHex(sealed.ciphertext) };
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(file) + "\n", { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  // Async so a bad file rejects the promise rather than throwing at the call.
  async getGroup(id: string): Promise<StoredGroup | null> {
    const g = this.read().groups[id];
    if (!g) return null;
    const out: StoredGroup = { state: bytes(g.state, this.path), cursor: g.cursor, posts: g.posts };
    if (g.pending) out.pending = { commit: bytes(g.pending.commit, this.path), state: bytes(g.pending.state, this.path) };
    return out;
  }

  async putGroup(id: string, g: StoredGroup): Promise<void> {
    const f = this.read();
    f.groups[id] = { state: toHex(g.state), cursor: g.cursor, posts: g.posts, ...(g.pending ? { pending: { commit: toHex(g.pending.commit), state: toHex(g.pending.state) } } : {}) };
    this.write(f);
  }

  async groups(): Promise<string[]> {
    return Object.keys(this.read().groups);
  }

  async addKeyPackage(kp: StoredKeyPackage): Promise<void> {
    const f = this.read();
    const p = kp.privatePackage;
    f.keyPackages.push({ publicPackage: toHex(kp.publicPackage), initPrivateKey: toHex(p.initPrivateKey), hpkePrivateKey: toHex(p.hpkePrivateKey), signaturePrivateKey: toHex(p.signaturePrivateKey) });
    this.write(f);
  }

  async keyPackages(): Promise<StoredKeyPackage[]> {
    return this.read().keyPackages.map((k) => {
      const privatePackage: PrivateKeyPackage = { initPrivateKey: bytes(k.initPrivateKey, this.path), hpkePrivateKey: bytes(k.hpkePrivateKey, this.path), signaturePrivateKey: bytes(k.signaturePrivateKey, this.path) };
      return { publicPackage: bytes(k.publicPackage, this.path), privatePackage };
    });
  }

  async removeKeyPackage(publicPackage: Uint8Array): Promise<void> {
    const f = this.read();
    f.keyPackages = f.keyPackages.filter((k) => !bytesEqual(bytes(k.publicPackage, this.path), publicPackage));
    this.write(f);
  }
}
