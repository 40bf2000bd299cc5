// Works and licences (docs/WORKS.md): register a work on an anchor of its content, add and
// withdraw offers, buy licences, tip, transfer; read a work and its licences, and verify them
// by proofs under a header the light client verified (VerifiedChain). Browser-safe.
import type { BlockHeader } from "../chain/block/types.js";
import type { WorkBody } from "../chain/tx/kinds/work.js";
import type { AssetRef, LicenceTerm, Share } from "../chain/works/records.js";
import type { OfferTerms } from "../chain/works/rules.js";
import { fromHex, toHex } from "../util/bytes.js";
import { contentHash, verifyAnchor } from "./anchors.js";
import type { ChatBase, SendOptions, Submitted } from "./chat-base.js";
import { chatError } from "./chat-errors.js";
import type { Identity } from "./keys.js";
import { RpcClientError } from "./rpc-client.js";
import { checkLicenceProof, checkWorkProof, type ProvenLicence, type ProvenWork, type WorkProofJson } from "./verify/work-proofs.js";

export type { OfferTerms, Share, LicenceTerm, AssetRef, ProvenWork, ProvenLicence };

export interface WorkInfo {
  workId: string;
  owner: string;
  metaHash: string;
  creators: Array<{ address: string; bps: number }>;
  payees: Array<{ address: string; bps: number }>;
  height: number;
  time: number;
  txId: string;
  offerCount: number;
  licenceCount: number;
  transfers: number;
  /** The fields below are absent when a proof of absence is asked for and no work is registered. */
  offers: Array<{ index: number; asset: string | null; price: string; use: string; term: { clock: string; length?: number }; withdrawn: boolean; height: number }>;
  anchor?: { owner: string; height: number; tag: string };
  proof?: WorkProofJson;
}

export interface LicenceInfo {
  serial: number;
  holder: string;
  offer: number;
  asset: string | null;
  price: string;
  use: string;
  fromHeight: number;
  fromTime: number;
  term: string;
  until: number | null;
  valid: boolean;
  txId: string;
}

export interface LicencePage {
  workId: string;
  licenceCount: number;
  licences: LicenceInfo[];
  proof?: WorkProofJson;
}

export function toWorkId(h: Uint8Array | string): Uint8Array {
  const bytes = typeof h === "string" ? fromHex(h.trim()) : h;
  if (!bytes || bytes.length !== 32) throw chatError({ code: "BAD_INPUT", reason: "work id must be 32 bytes" }, `not a work id: "${String(h)}" (expected the content's SHA-256, 64 hex digits)`);
  return bytes;
}

export interface RegisterOptions extends SendOptions {
  /** SHA-256 of the metadata document (title, description, licence texts); default all zeros. */
  metaHash?: Uint8Array;
  offers?: OfferTerms[];
  /** Tag for the anchor made in the same tx when the content is not anchored yet. */
  anchorTag?: string;
}

export interface Registered extends Submitted {
  workId: string;
  /** Whether this tx also anchored the content. */
  anchored: boolean;
}

/** Registers `content` as a work (anchoring it in the same tx unless it is anchored already). Throws WORK_EXISTS before signing when it is registered. */
export async function registerWork(base: ChatBase, identity: Identity, content: Uint8Array, creators: Share[], opts: RegisterOptions = {}): Promise<Registered> {
  const hash = contentHash(content);
  // Refused before signing: the chain would refuse it too (WORK_EXISTS), but only after taking the fee.
  const existing = await getWork(base, hash);
  if (existing) throw chatError({ code: "WORK_EXISTS", workId: existing.workId, owner: existing.owner, height: existing.height }, `already registered as a work by ${existing.owner} at height ${existing.height}`);
  const anchor = await verifyAnchor(base, hash);
  if (anchor && anchor.owner !== identity.address)
    throw chatError({ code: "ANCHOR_EXISTS", hash: anchor.hash, owner: anchor.owner, height: anchor.height }, `anchored by ${anchor.owner} at height ${anchor.height}: only whoever anchored it first can register it as a work`);
  const anchorTag = anchor ? null : (opts.anchorTag ?? "work");
  const body: WorkBody = { op: "register", contentHash: hash, metaHash: opts.metaHash ?? new Uint8Array(32), creators, offers: opts.offers ?? [], anchorTag };
  const sent = await base.submitSealed(identity, "work", () => body, opts);
  return { ...sent, workId: "0x" + toHex(hash), anchored: anchorTag !== null };
}

/** Sends one work op (offer, withdraw, license, tip, transfer) as built by the caller. */
export function sendWorkOp(base: ChatBase, identity: Identity, body: WorkBody, opts: SendOptions = {}): Promise<Submitted> {
  return base.submitSealed(identity, "work", () => body, opts);
}

/** The work at the node's head, or null when none is registered under this id. */
export async function getWork(base: ChatBase, workId: Uint8Array | string, proof = false): Promise<WorkInfo | null> {
  try {
    return await base.client.rpc.call<WorkInfo>("work_get", ["0x" + toHex(toWorkId(workId)), proof]);
  } catch (e) {
    if (e instanceof RpcClientError && e.type.code === "RPC_ERROR" && e.type.reason === "WORK_NOT_FOUND") return null;
    throw e;
  }
}

export function workLicences(base: ChatBase, workId: Uint8Array | string, from = 0, limit = 50, proof = false): Promise<LicencePage> {
  return base.client.rpc.call<LicencePage>("work_licences", ["0x" + toHex(toWorkId(workId)), from, limit, proof]);
}

/** What verification needs of a light client: verified headers by height (VerifiedChain.header). */
export interface HeaderSource {
  header(height: number): Promise<BlockHeader | undefined>;
}

export interface VerifiedWork extends ProvenWork {
  licenceCount: number;
  licences: Array<ProvenLicence & { height: number }>;
}

async function headerAt(chain: HeaderSource, height: number): Promise<BlockHeader> {
  const h = await chain.header(height);
  if (!h) throw chatError({ code: "BAD_NODE_DATA", reason: `no verified header at height ${height}` }, `cannot verify: the light client has no header at height ${height}`);
  return h;
}

/**
 * The work registered for `workId` and every licence sold (up to `maxLicences`), each proven under
 * a header `chain` verified; `work` is null when the proof shows no work under this id.
 */
export async function verifyWork(base: ChatBase, chain: HeaderSource, workId: Uint8Array | string, maxLicences = 1_000): Promise<VerifiedWork> {
  const id = toWorkId(workId);
  // With proof the node answers a missing work too, with a proof of its absence.
  const info = await getWork(base, id, true);
  if (!info?.proof) throw chatError({ code: "BAD_NODE_DATA", reason: "work_get returned no proof" }, "the node did not prove its answer");
  const proven = checkWorkProof(await headerAt(chain, info.proof.height), id, info.proof);
  const licences: VerifiedWork["licences"] = [];
  let licenceCount = proven.work?.licenceCount ?? 0;
  for (let from = 0; from < Math.min(licenceCount, maxLicences);) {
    const page = await workLicences(base, id, from, Math.min(200, maxLicences - from), true);
    const header = await headerAt(chain, page.proof!.height);
    const checked = checkLicenceProof(header, id, from, Math.min(200, maxLicences - from), page.proof!);
    licenceCount = checked.licenceCount;
    for (const l of checked.licences) licences.push({ ...l, height: header.height });
    if (checked.licences.length === 0) break;
    from += checked.licences.length;
  }
  return { ...proven, licenceCount, licences };
}
