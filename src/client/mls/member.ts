// One member's MLS state in one group, without the chain: create, join, build a commit, adopt
// it once the chain accepted it, process others' commits, seal and open messages. The chain
// part (who wins an epoch, the log, resubmitting) is in ./groups.ts; this file is the part the
// forward-secrecy tests and the bench drive directly.
import { ed25519 } from "@noble/curves/ed25519.js";
import {
  acceptAll,
  createApplicationMessage,
  createCommit,
  createGroup,
  decodeGroupState,
  decodeMlsMessage,
  emptyPskIndex,
  encodeGroupState,
  encodeMlsMessage,
  joinGroup,
  mlsExporter,
  processMessage,
  zeroOutUint8Array,
  type ClientState,
  type KeyPackage,
  type MLSMessage,
  type PrivateKeyPackage,
  type Proposal,
} from "ts-mls";
import { decodeRatchetTree, encodeRatchetTree } from "ts-mls/ratchetTree.js";
import { PRIVATE_HEADER_BYTES, signedCommitBytes, submitMessage, type MlsBlobRef } from "../../chain/tx/kinds/mls-state.js";
import { bytesEqual, toHex } from "../../util/bytes.js";
import type { Identity } from "../keys.js";
import { identityKeyPackage, leavesOf, membersOf, type LeafInfo } from "./leaf.js";
import { MLS_CLIENT_CONFIG, mlsSuite } from "./suite.js";
import { ParleyError } from "../../util/errors.js";

export class MlsError extends ParleyError<
  | { code: "MLS_DECODE"; reason: string }
  | { code: "MLS_PROCESS"; reason: string }
  | { code: "NOT_A_MEMBER"; address: string }
  | { code: "ALREADY_MEMBER"; address: string }
  | { code: "GROUP_NOT_JOINED"; groupId: string }
  | { code: "NO_WELCOME"; groupId: string }
  | { code: "NO_KEY_PACKAGE"; address: string }
  | { code: "BAD_KEY_PACKAGE"; address: string; reason: string }
  | { code: "COMMIT_LOST"; groupId: string; attempts: number }
  | { code: "MISSED_COMMIT"; groupId: string; epoch: number; logEpoch: number }
> {}

/** A commit built but not yet ordered: adopt it only once its tx is final. */
export interface PendingCommit {
  epoch: number;
  commit: Uint8Array;
  /** The Welcome for added members (MLSMessage bytes), or null. */
  welcome: Uint8Array | null;
  /** The ratchet tree after the commit (for the welcome tx). */
  ratchetTree: Uint8Array;
  members: number;
  nextSubmitKey: Uint8Array;
  /** Signs submitMessage for (chainId, sender): call with the tx's own fields (and its commit blob, if sent as one). */
  submitSig(chainId: string, from: Uint8Array, blob?: MlsBlobRef): Uint8Array;
  readonly newState: ClientState;
  readonly consumed: Uint8Array[];
}

export type Opened = { kind: "application"; plaintext: Uint8Array } | { kind: "proposal" } | { kind: "unreadable"; reason: string };

const SUBMIT_LABEL = "parley/mls/submit-key/v1";

export function decodeMls(bytes: Uint8Array): MLSMessage {
  const d = decodeMlsMessage(bytes, 0);
  if (!d || d[1] !== bytes.length) throw new MlsError({ code: "MLS_DECODE", reason: "not one whole MLSMessage" });
  return d[0];
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class MlsMember {
  private constructor(private st: ClientState) {}

  /** A new group (epoch 0) with this identity (or, with `owner`, this device of owner) as its only leaf. */
  static async create(identity: Identity, groupId: Uint8Array, owner?: Uint8Array): Promise<MlsMember> {
    const cs = await mlsSuite();
    const kp = await identityKeyPackage(identity, cs, owner);
    return new MlsMember(await createGroup(groupId, kp.publicPackage, kp.privatePackage, [], cs, MLS_CLIENT_CONFIG));
  }

  /** Joins from a Welcome with the key package it was made for. */
  static async join(welcomeBytes: Uint8Array, ratchetTree: Uint8Array, kp: { publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }): Promise<MlsMember> {
    const cs = await mlsSuite();
    const w = decodeMls(welcomeBytes);
    if (w.wireformat !== "mls_welcome") throw new MlsError({ code: "MLS_DECODE", reason: "not a welcome" });
    const tree = decodeRatchetTree(ratchetTree, 0);
    if (!tree) throw new MlsError({ code: "MLS_DECODE", reason: "bad ratchet tree" });
    try {
      return new MlsMember(await joinGroup(w.welcome, kp.publicPackage, kp.privatePackage, emptyPskIndex, cs, tree[0], undefined, MLS_CLIENT_CONFIG));
    } catch (e) {
      throw new MlsError({ code: "MLS_PROCESS", reason: reason(e) });
    }
  }

  /** The state as persisted (its secrets: keep it encrypted at rest). */
  static restore(bytes: Uint8Array): MlsMember {
    const d = decodeGroupState(bytes, 0);
    if (!d) throw new MlsError({ code: "MLS_DECODE", reason: "bad group state" });
    return new MlsMember({ ...d[0], clientConfig: MLS_CLIENT_CONFIG });
  }

  save(): Uint8Array {
    return encodeGroupState(this.st);
  }

  get groupId(): Uint8Array {
    return this.st.groupContext.groupId;
  }

  get epoch(): number {
    return Number(this.st.groupContext.epoch);
  }

  /** RFC 9420 8.7: equal for every member in the same epoch of the same group. */
  get epochAuthenticator(): Uint8Array {
    return this.st.keySchedule.epochAuthenticator;
  }

  /** The identity of every leaf, in tree order (an identity with several devices repeats). */
  members(): Uint8Array[] {
    return membersOf(this.st.ratchetTree).map((m) => m.address);
  }

  /** Every leaf with its identity and device key, in tree order. */
  leaves(): LeafInfo[] {
    return leavesOf(this.st.ratchetTree);
  }

  /** True when `address` is an identity with a leaf, or a leaf's device key. */
  isMember(address: Uint8Array): boolean {
    return leavesOf(this.st.ratchetTree).some((m) => bytesEqual(m.address, address) || bytesEqual(m.device, address));
  }

  /** True when `device` (an identity's own key or a device key) is a leaf. */
  hasLeaf(device: Uint8Array): boolean {
    return leavesOf(this.st.ratchetTree).some((m) => bytesEqual(m.device, device));
  }

  /** This member's own leaf index. */
  get ownLeafIndex(): number {
    return this.st.privatePath.leafIndex;
  }

  /** Remove proposals for these leaves (indices from leaves()). */
  static removeLeafProposals(leafIndices: number[]): Proposal[] {
    return leafIndices.map((removed) => ({ proposalType: "remove", remove: { removed } }) as Proposal);
  }

  /** This epoch's submit key pair: Ed25519 from the MLS exporter, so only members know it. */
  static async submitKeyOf(st: ClientState): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }> {
    const seed = await mlsExporter(st.keySchedule.exporterSecret, SUBMIT_LABEL, st.groupContext.groupId, 32, await mlsSuite());
    return { secretKey: seed, publicKey: ed25519.getPublicKey(seed) };
  }

  submitKey(): Promise<{ secretKey: Uint8Array; publicKey: Uint8Array }> {
    return MlsMember.submitKeyOf(this.st);
  }

  /** Add proposals for these key packages (MLSMessage bytes, already checked by the caller). */
  static addProposals(keyPackages: KeyPackage[]): Proposal[] {
    return keyPackages.map((keyPackage) => ({ proposalType: "add", add: { keyPackage } }));
  }

  /** Remove proposals for every leaf of each identity (all its devices), or for one device's leaf. */
  removeProposals(addresses: Uint8Array[]): Proposal[] {
    const leaves = leavesOf(this.st.ratchetTree);
    const removed = new Set<number>();
    for (const a of addresses) {
      const hit = leaves.filter((x) => bytesEqual(x.address, a) || bytesEqual(x.device, a));
      if (hit.length === 0) throw new MlsError({ code: "NOT_A_MEMBER", address: toHex(a) });
      for (const h of hit) removed.add(h.leafIndex);
    }
    return MlsMember.removeLeafProposals([...removed]);
  }

  /** A commit of these proposals with a fresh update path (no proposals: a self-update, for PCS). */
  async prepareCommit(proposals: Proposal[]): Promise<PendingCommit> {
    const cs = await mlsSuite();
    const epoch = this.epoch;
    const current = await this.submitKey();
    const r = await createCommit({ state: this.st, cipherSuite: cs }, { extraProposals: proposals, ratchetTreeExtension: false });
    const next = await MlsMember.submitKeyOf(r.newState);
    const commit = encodeMlsMessage(r.commit);
    const groupId = this.groupId;
    return {
      epoch,
      commit,
      welcome: r.welcome ? encodeMlsMessage({ welcome: r.welcome, wireformat: "mls_welcome", version: "mls10" }) : null,
      ratchetTree: encodeRatchetTree(r.newState.ratchetTree),
      members: membersOf(r.newState.ratchetTree).length,
      nextSubmitKey: next.publicKey,
      submitSig: (chainId, from, blob) => ed25519.sign(submitMessage(chainId, from, groupId, epoch, blob ? signedCommitBytes(commit.subarray(0, PRIVATE_HEADER_BYTES), blob) : commit, next.publicKey), current.secretKey),
      newState: r.newState,
      consumed: r.consumed,
    };
  }

  /** The state a pending commit leads to, to persist before sending it. */
  static pendingState(p: PendingCommit): Uint8Array {
    return encodeGroupState(p.newState);
  }

  /** The chain ordered our commit: move to its epoch and delete the secrets it used. */
  adopt(p: PendingCommit): void {
    if (p.epoch !== this.epoch) throw new MlsError({ code: "MLS_PROCESS", reason: `pending commit is for epoch ${p.epoch}, state is at ${this.epoch}` });
    this.st = p.newState;
    p.consumed.forEach(zeroOutUint8Array);
  }

  /** Someone else's commit, the one the chain ordered for our epoch. */
  async processCommit(bytes: Uint8Array): Promise<void> {
    const m = decodeMls(bytes);
    if (m.wireformat !== "mls_private_message" && m.wireformat !== "mls_public_message") throw new MlsError({ code: "MLS_DECODE", reason: "commit is not a handshake message" });
    try {
      const r = await processMessage(m, this.st, emptyPskIndex, acceptAll, await mlsSuite());
      if (r.kind !== "newState") throw new MlsError({ code: "MLS_PROCESS", reason: "expected a commit, got application data" });
      this.st = r.newState;
      r.consumed.forEach(zeroOutUint8Array);
    } catch (e) {
      if (e instanceof MlsError) throw e;
      throw new MlsError({ code: "MLS_PROCESS", reason: reason(e) });
    }
  }

  /** An application message for the current epoch (MLSMessage bytes). */
  async seal(plaintext: Uint8Array): Promise<Uint8Array> {
    const r = await createApplicationMessage(this.st, plaintext, await mlsSuite());
    this.st = r.newState;
    r.consumed.forEach(zeroOutUint8Array);
    return encodeMlsMessage({ privateMessage: r.privateMessage, wireformat: "mls_private_message", version: "mls10" });
  }

  /** Opens an application message or proposal; what cannot be opened says why (never throws). */
  async open(bytes: Uint8Array): Promise<Opened> {
    try {
      const m = decodeMls(bytes);
      if (m.wireformat !== "mls_private_message") return { kind: "unreadable", reason: "not a private message" };
      const r = await processMessage(m, this.st, emptyPskIndex, acceptAll, await mlsSuite());
      this.st = r.newState;
      r.consumed.forEach(zeroOutUint8Array);
      return r.kind === "applicationMessage" ? { kind: "application", plaintext: r.message } : { kind: "proposal" };
    } catch (e) {
      return { kind: "unreadable", reason: reason(e) };
    }
  }
}
