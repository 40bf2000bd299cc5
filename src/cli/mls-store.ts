// The CLI's MLS store: one JSON file per key file, `<key>.mls.json` (mode 0600), replaced
// atomically so a crash leaves the old or the new file. It holds MLS group secrets in plaintext.
// TODO(issue 15, devices and recovery): encrypt it under the key file's passphrase with the
// keys helper's keystore format once that lands on main.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { PrivateKeyPackage } from "ts-mls";
import { bytesEqual, fromHex, toHex } from "../util/bytes.js";
import type { GroupPost, MlsStore, StoredGroup, StoredKeyPackage } from "../client/mls/store.js";
import { cliError } from "./common.js";

interface FileShape {
  kind: "parley-mls-store";
  version: 1;
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

export class FileMlsStore implements MlsStore {
  constructor(readonly path: string) {}

  private read(): FileShape {
    if (!existsSync(this.path)) return { kind: "parley-mls-store", version: 1, groups: {}, keyPackages: [] };
    let f: FileShape;
    try {
      f = JSON.parse(readFileSync(this.path, "utf8")) as FileShape;
    } catch (e) {
      throw cliError(`${this.path}: ${(e as Error).message}`);
    }
    if (f.kind !== "parley-mls-store" || f.version !== 1) throw cliError(`${this.path}: not a parley MLS store (version 1)`);
    return f;
  }

  private write(f: FileShape): void {
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(f) + "\n", { mode: 0o600 });
    renameSync(tmp, this.path);
  }

  getGroup(id: string): Promise<StoredGroup | null> {
    const g = this.read().groups[id];
    if (!g) return Promise.resolve(null);
    const out: StoredGroup = { state: bytes(g.state, this.path), cursor: g.cursor, posts: g.posts };
    if (g.pending) out.pending = { commit: bytes(g.pending.commit, this.path), state: bytes(g.pending.state, this.path) };
    return Promise.resolve(out);
  }

  putGroup(id: string, g: StoredGroup): Promise<void> {
    const f = this.read();
    f.groups[id] = { state: toHex(g.state), cursor: g.cursor, posts: g.posts, ...(g.pending ? { pending: { commit: toHex(g.pending.commit), state: toHex(g.pending.state) } } : {}) };
    this.write(f);
    return Promise.resolve();
  }

  groups(): Promise<string[]> {
    return Promise.resolve(Object.keys(this.read().groups));
  }

  addKeyPackage(kp: StoredKeyPackage): Promise<void> {
    const f = this.read();
    const p = kp.privatePackage;
    f.keyPackages.push({ publicPackage: toHex(kp.publicPackage), initPrivateKey: toHex(p.initPrivateKey), hpkePrivateKey: toHex(p.hpkePrivateKey), signaturePrivateKey: toHex(p.signaturePrivateKey) });
    this.write(f);
    return Promise.resolve();
  }

  keyPackages(): Promise<StoredKeyPackage[]> {
    return Promise.resolve(this.read().keyPackages.map((k) => {
      const privatePackage: PrivateKeyPackage = { initPrivateKey: bytes(k.initPrivateKey, this.path), hpkePrivateKey: bytes(k.hpkePrivateKey, this.path), signaturePrivateKey: bytes(k.signaturePrivateKey, this.path) };
      return { publicPackage: bytes(k.publicPackage, this.path), privatePackage };
    }));
  }

  removeKeyPackage(publicPackage: Uint8Array): Promise<void> {
    const f = this.read();
    f.keyPackages = f.keyPackages.filter((k) => !bytesEqual(bytes(k.publicPackage, this.path), publicPackage));
    this.write(f);
    return Promise.resolve();
  }
}
