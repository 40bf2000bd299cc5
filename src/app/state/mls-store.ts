// The app's MLS store: the same records as the CLI's `<key>.mls.json` (group states, log cursors,
// opened posts, private halves of key packages), kept in this browser's localStorage and sealed
// at rest. Group states hold epoch secrets, so they are never stored in the clear: the whole
// record is XChaCha20-Poly1305 under a key derived from the identity's secret key
// (HKDF-SHA256, salt "parley/app-mls-store/v1", info = the address), a fresh nonce per write.
// Only an unlocked session has the secret key, so a locked app's groups are as closed as its
// vault; forgetting the identity removes the record with it (docs/APP.md, "Groups").
import { xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { randomBytes } from "@noble/ciphers/utils.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { PrivateKeyPackage } from "ts-mls";
import type { Identity } from "../../client/keys.js";
import type { GroupPost, MlsStore, StoredGroup, StoredKeyPackage } from "../../client/mls/store.js";
import { bytesEqual, fromHex, toHex, utf8 } from "../../util/bytes.js";
import { loadJson, saveJson } from "../lib/storage.js";

interface Shape {
  groups: Record<string, { state: string; cursor: string; posts: GroupPost[]; pending?: { commit: string; state: string } }>;
  keyPackages: Array<{ publicPackage: string; initPrivateKey: string; hpkePrivateKey: string; signaturePrivateKey: string }>;
}

interface Sealed {
  v: 1;
  nonce: string;
  box: string;
}

const isSealed = (v: unknown): v is Sealed => typeof v === "object" && v !== null && (v as Sealed).v === 1 && typeof (v as Sealed).nonce === "string" && typeof (v as Sealed).box === "string";

function hex(s: string): Uint8Array {
  const b = fromHex(s);
  if (!b) throw new Error("the stored MLS record is damaged");
  return b;
}

/** The storage key of an identity's MLS record (also removed by "remove from this browser"). */
export function mlsStorageKey(address: string): string {
  return `mls.${address}`;
}

export class BrowserMlsStore implements MlsStore {
  private readonly key: Uint8Array;
  private readonly storageKey: string;
  private cache: Shape | null = null;

  constructor(me: Identity) {
    this.key = hkdf(sha256, me.secretKey, utf8("parley/app-mls-store/v1"), utf8(me.address), 32);
    this.storageKey = mlsStorageKey(me.address);
  }

  private read(): Shape {
    if (this.cache) return this.cache;
    const sealed = loadJson<Sealed | null>(this.storageKey, null, (v): v is Sealed | null => v === null || isSealed(v));
    if (!sealed) return (this.cache = { groups: {}, keyPackages: [] });
    // A record sealed for another key, or changed, does not open: refuse rather than start over,
    // which would throw away the groups' secrets.
    const plain = xchacha20poly1305(this.key, hex(sealed.nonce)).decrypt(hex(sealed.box));
    return (this.cache = JSON.parse(new TextDecoder().decode(plain)) as Shape);
  }

  private write(s: Shape): void {
    this.cache = s;
    const nonce = randomBytes(24);
    const box = xchacha20poly1305(this.key, nonce).encrypt(utf8(JSON.stringify(s)));
    saveJson(this.storageKey, { v: 1, nonce: toHex(nonce), box: toHex(box) } satisfies Sealed);
  }

  getGroup(id: string): Promise<StoredGroup | null> {
    const g = this.read().groups[id];
    if (!g) return Promise.resolve(null);
    const out: StoredGroup = { state: hex(g.state), cursor: g.cursor, posts: g.posts };
    if (g.pending) out.pending = { commit: hex(g.pending.commit), state: hex(g.pending.state) };
    return Promise.resolve(out);
  }

  putGroup(id: string, g: StoredGroup): Promise<void> {
    const s = this.read();
    s.groups[id] = { state: toHex(g.state), cursor: g.cursor, posts: g.posts, ...(g.pending ? { pending: { commit: toHex(g.pending.commit), state: toHex(g.pending.state) } } : {}) };
    this.write(s);
    return Promise.resolve();
  }

  groups(): Promise<string[]> {
    return Promise.resolve(Object.keys(this.read().groups));
  }

  addKeyPackage(kp: StoredKeyPackage): Promise<void> {
    const s = this.read();
    const p = kp.privatePackage;
    s.keyPackages.push({ publicPackage: toHex(kp.publicPackage), initPrivateKey: toHex(p.initPrivateKey), hpkePrivateKey: toHex(p.hpkePrivateKey), signaturePrivateKey: toHex(p.signaturePrivateKey) });
    this.write(s);
    return Promise.resolve();
  }

  keyPackages(): Promise<StoredKeyPackage[]> {
    return Promise.resolve(this.read().keyPackages.map((k) => {
      const privatePackage: PrivateKeyPackage = { initPrivateKey: hex(k.initPrivateKey), hpkePrivateKey: hex(k.hpkePrivateKey), signaturePrivateKey: hex(k.signaturePrivateKey) };
      return { publicPackage: hex(k.publicPackage), privatePackage };
    }));
  }

  removeKeyPackage(publicPackage: Uint8Array): Promise<void> {
    const s = this.read();
    s.keyPackages = s.keyPackages.filter((k) => !bytesEqual(hex(k.publicPackage), publicPackage));
    this.write(s);
    return Promise.resolve();
  }
}
