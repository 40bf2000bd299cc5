// The verified header chain: the trusted head in memory, every verified header and validator
// set on disk. Peers' header batches are applied one at a time (a lock), each header checked
// by verify-header.ts against the head before it; what verified is stored even when a later
// header in the same batch fails, and the failure goes back to the caller to drop the peer.
import { sha256 } from "../crypto/native.js";
import { decodeHeader } from "../chain/block/codec.js";
import type { BlockHeader } from "../chain/block/types.js";
import type { Genesis } from "../chain/genesis.js";
import { ValidatorSet } from "../consensus/validator-set.js";
import { bytesEqual, toHex } from "../util/bytes.js";
import { err, ok, type Result } from "../util/errors.js";
import { LightStoreError, VerifyError } from "./errors.js";
import type { GenesisAnchor } from "./genesis.js";
import type { HeaderEntry } from "../network/light-protocol.js";
import type { HeaderStore, HeaderWrite, SetWrite } from "./store.js";
import { checkCommit, verifyNextHeader, type TrustedHead } from "./verify-header.js";
import { CheckpointError, type CheckpointStart } from "./checkpoint.js";

export type HeadersListener = (added: readonly TrustedHead[]) => void;

// The newest headers' hashes and the sets that finalized them: a second peer's copy of a recent
// header is checked (same hash, and its own certificate) without a disk read.
const RECENT_HASHES = 1024;

interface Recent {
  hash: Uint8Array;
  /** The set that finalized this height; null when unknown (the head found at start). */
  set: ValidatorSet | null;
}

export class HeaderChain {
  private current: TrustedHead;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly recent = new Map<number, Recent>();
  private readonly listeners: HeadersListener[] = [];

  private constructor(
    private readonly chainId: string,
    private readonly store: HeaderStore,
    head: TrustedHead,
  ) {
    this.current = head;
    this.recent.set(head.height, { hash: head.hash, set: null });
  }

  /**
   * Resumes from the stored head, or starts at genesis (whose set is stored on first start). With
   * a trusted checkpoint (checkpoint.ts) above the stored head, it starts there instead; one at or
   * below the stored head must agree with the stored header at its height.
   */
  static async open(genesis: Genesis, anchor: GenesisAnchor, store: HeaderStore, checkpoint: CheckpointStart | null = null): Promise<HeaderChain> {
    const height = await store.headHeight();
    if (checkpoint && (height === undefined || height < checkpoint.pin.height)) {
      const head = await checkpoint.head();
      await store.append([{ height: head.height, bytes: head.bytes }], [{ hash: head.header.nextValidatorsHash, addresses: head.nextSet.addresses }]);
      return new HeaderChain(genesis.chainId, store, head);
    }
    const pin = checkpoint?.pin;
    const stored = pin && (await store.header(pin.height));
    // [REJECT] a final height has one header: the stored chain and the pin cannot both be right
    if (pin && stored && !bytesEqual(sha256(stored), pin.hash))
      throw new CheckpointError({ code: "CHECKPOINT_MISMATCH", height: pin.height, pinned: toHex(pin.hash), served: toHex(sha256(stored)) }, `the stored header ${pin.height} is not the pinned one`);
    if (height === undefined) {
      await store.append([], [{ hash: anchor.header.nextValidatorsHash, addresses: genesis.validators }]);
      const head: TrustedHead = { height: 0, hash: anchor.hash, header: anchor.header, bytes: anchor.bytes, nextSet: ValidatorSet.from(genesis.validators) };
      return new HeaderChain(genesis.chainId, store, head);
    }
    const bytes = await store.header(height);
    const decoded = bytes && decodeHeader(bytes);
    if (!bytes || !decoded || !decoded.ok) throw new LightStoreError({ code: "CORRUPT", reason: `head header ${height} missing or undecodable` });
    // Every set a stored header names was stored with it (or at genesis).
    const set = await store.validatorSet(decoded.value.nextValidatorsHash);
    if (!set) throw new LightStoreError({ code: "CORRUPT", reason: `validator set ${toHex(decoded.value.nextValidatorsHash)} missing` });
    const head: TrustedHead = { height, hash: sha256(bytes), header: decoded.value, bytes, nextSet: ValidatorSet.from(set) };
    return new HeaderChain(genesis.chainId, store, head);
  }

  get head(): TrustedHead {
    return this.current;
  }

  onHeaders(cb: HeadersListener): () => void {
    this.listeners.push(cb);
    return () => {
      const i = this.listeners.indexOf(cb);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Resolves true once the verified head reaches `height`, false after `ms`. */
  waitForHeight(height: number, ms: number): Promise<boolean> {
    if (this.current.height >= height) return Promise.resolve(true);
    return new Promise((resolve) => {
      const off = this.onHeaders(() => {
        if (this.current.height < height) return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, ms);
    });
  }

  /** A verified header, or undefined above the head. */
  async header(height: number): Promise<BlockHeader | undefined> {
    if (height === this.current.height) return this.current.header;
    if (height > this.current.height) return undefined;
    const bytes = await this.store.header(height);
    const d = bytes && decodeHeader(bytes);
    return d && d.ok ? d.value : undefined;
  }

  private async knownAt(height: number): Promise<Recent | undefined> {
    const known = this.recent.get(height);
    if (known) return known;
    const bytes = await this.store.header(height);
    return bytes && { hash: sha256(bytes), set: null };
  }

  /**
   * Verifies and stores consecutive headers from a peer. Entries at heights already verified
   * must carry the same hash (another peer got there first). Returns how many were new.
   */
  extend(entries: readonly HeaderEntry[]): Promise<Result<number, VerifyError>> {
    const run = this.lock.then(() => this.extendLocked(entries));
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async extendLocked(entries: readonly HeaderEntry[]): Promise<Result<number, VerifyError>> {
    let cur = this.current;
    const writes: HeaderWrite[] = [];
    const sets: SetWrite[] = [];
    const added: TrustedHead[] = [];
    let failure: VerifyError | null = null;
    for (const e of entries) {
      const peek = decodeHeader(e.header);
      if (peek.ok && peek.value.height <= cur.height) {
        const height = peek.value.height;
        const known = await this.knownAt(height);
        // [REJECT] a final height has one header: a different one is forged (or evidence of a fork)
        if (!known || !bytesEqual(known.hash, sha256(e.header))) {
          failure = new VerifyError({ code: "CONFLICTING_HEADER", height });
          break;
        }
        // [REJECT] a copy comes with a valid certificate too, or its sender is lying about it
        const bad = known.set && checkCommit(this.chainId, height, known.hash, e.commit, known.set);
        if (bad) {
          failure = bad;
          break;
        }
        continue;
      }
      const v = verifyNextHeader(this.chainId, cur, e);
      if (!v.ok) {
        failure = v.error;
        break;
      }
      this.recent.set(v.value.height, { hash: v.value.hash, set: cur.nextSet });
      cur = v.value;
      writes.push({ height: cur.height, bytes: cur.bytes });
      if (v.value.changedSet) sets.push({ hash: cur.header.nextValidatorsHash, addresses: v.value.changedSet });
      added.push(cur);
    }
    if (added.length > 0) {
      await this.store.append(writes, sets);
      this.current = cur;
      for (const k of this.recent.keys()) {
        if (this.recent.size <= RECENT_HASHES) break;
        this.recent.delete(k);
      }
      for (const l of [...this.listeners]) l(added);
    }
    return failure ? err(failure) : ok(added.length);
  }
}
