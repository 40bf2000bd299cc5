// Where a member keeps its MLS secrets between runs: each group's state (encodeGroupState: the
// epoch secrets and tree keys, so it must be kept secret) with its log cursor and the posts it
// opened, and the private halves of published key packages until a Welcome uses them.
// A store that persists must seal what it writes: the CLI's file store (src/cli/mls-store.ts)
// does with ./store-seal.ts, under a key derived from the identity's secret key.
import type { PrivateKeyPackage } from "ts-mls";
import { bytesEqual } from "../../util/bytes.js";

export interface GroupPost {
  id: string;
  /** The identity that posted (for a post from one of its devices, the device's owner). */
  from: string;
  /** The device key that sent it, when a device of `from` did (absent for the identity's own key). */
  device?: string;
  epoch: number;
  text: string;
  /**
   * Files the post carries (docs/ENCRYPTION.md 10), as JSON-safe records: the same fields as an
   * Attachment with bytes in hex. Absent for a text-only post (and in stores written before).
   */
  attachments?: StoredAttachment[];
  height: number;
  index: number;
  cursor: string;
}

/** An attachment as the stores keep it (JSON): hex for blobHash, key and thumbnail. */
export interface StoredAttachment {
  blobHash: string;
  size: number;
  mediaType: string;
  fileName: string;
  key: string;
  chunkSize: number;
  thumbnail: string | null;
}

export interface StoredGroup {
  /** encodeGroupState bytes. */
  state: Uint8Array;
  /** The group log is processed up to and including this cursor ("height.index"). */
  cursor: string;
  posts: GroupPost[];
  /**
   * A commit sent but not yet seen final, with the state it leads to: if the client stops (or
   * stops waiting) before it learns the outcome, the next sync finds the commit in the log and
   * adopts this state (a member cannot process its own commit).
   */
  pending?: { commit: Uint8Array; state: Uint8Array };
}

export interface StoredKeyPackage {
  /** MLSMessage key package bytes as published. */
  publicPackage: Uint8Array;
  privatePackage: PrivateKeyPackage;
}

export interface MlsStore {
  getGroup(groupIdHex: string): Promise<StoredGroup | null>;
  putGroup(groupIdHex: string, g: StoredGroup): Promise<void>;
  groups(): Promise<string[]>;
  addKeyPackage(kp: StoredKeyPackage): Promise<void>;
  keyPackages(): Promise<StoredKeyPackage[]>;
  /** Called once a Welcome used it: its init key must not open another. */
  removeKeyPackage(publicPackage: Uint8Array): Promise<void>;
}

export class MemoryMlsStore implements MlsStore {
  private readonly byGroup = new Map<string, StoredGroup>();
  private kps: StoredKeyPackage[] = [];

  getGroup(id: string): Promise<StoredGroup | null> {
    return Promise.resolve(this.byGroup.get(id) ?? null);
  }
  putGroup(id: string, g: StoredGroup): Promise<void> {
    this.byGroup.set(id, g);
    return Promise.resolve();
  }
  groups(): Promise<string[]> {
    return Promise.resolve([...this.byGroup.keys()]);
  }
  addKeyPackage(kp: StoredKeyPackage): Promise<void> {
    this.kps.push(kp);
    return Promise.resolve();
  }
  keyPackages(): Promise<StoredKeyPackage[]> {
    return Promise.resolve([...this.kps]);
  }
  removeKeyPackage(publicPackage: Uint8Array): Promise<void> {
    this.kps = this.kps.filter((k) => !bytesEqual(k.publicPackage, publicPackage));
    return Promise.resolve();
  }
}

