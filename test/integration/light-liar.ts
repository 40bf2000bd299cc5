// A full node "patched to lie" for light-node tests: an in-process libp2p peer that serves the
// light protocols by asking an honest validator and then forging one thing in the answer.
import { Network } from "../../src/network/index.js";
import type { Identity } from "../../src/client/keys.js";
import { newIdentity } from "../../src/client/keys.js";
import { buildTx } from "../../src/client/tx-builder.js";
import { decodeHeader, encodeHeader } from "../../src/chain/block/codec.js";
import { decodeAccount, encodeAccount } from "../../src/chain/state/account.js";
import { decodeCertificate, encodeCertificate } from "../../src/consensus/certificate.js";
import {
  LIGHT_LIMITS,
  LIGHT_PROTOCOLS,
  decodeAccountResponse,
  decodeHeadersResponse,
  decodeIndexResponse,
  decodeIndexRequest,
  decodeStateResponse,
  encodeAccountResponse,
  encodeHeadersResponse,
  encodeIndexResponse,
  encodeStateResponse,
} from "../../src/network/light-protocol.js";

/** What the liar forges; "none" relays honestly. */
export type LieMode = "none" | "header" | "commit" | "balance" | "message" | "state";

export interface Liar {
  net: Network;
  addr: string;
  mode: LieMode;
  stop(): Promise<void>;
}

function forgeHeaders(bytes: Uint8Array, mode: LieMode): Uint8Array {
  const entries = decodeHeadersResponse(bytes)!;
  return encodeHeadersResponse(entries.map((e) => {
    if (mode === "header") {
      // Another state root: the header's hash changes, the certificate no longer signs it.
      const h = decodeHeader(e.header);
      if (!h.ok) return e;
      const stateRoot = h.value.stateRoot.slice();
      stateRoot[0]! ^= 0xff;
      return { ...e, header: encodeHeader({ ...h.value, stateRoot }) };
    }
    if (mode === "commit") {
      // Two of four signatures: below the quorum of three.
      const c = decodeCertificate(e.commit);
      if (!c.ok) return e;
      return { ...e, commit: encodeCertificate({ ...c.value, precommits: c.value.precommits.slice(0, 2) }) };
    }
    return e;
  }));
}

export function forgeBalance(bytes: Uint8Array): Uint8Array {
  const r = decodeAccountResponse(bytes)!;
  if (r.status !== "ok") return bytes;
  const a = (r.value && decodeAccount(r.value)) || { balance: 0n, nonce: 0, prekey: null };
  return encodeAccountResponse({ ...r, value: encodeAccount({ ...a, balance: a.balance + 1_000_000n }) });
}

/** light-state: the last byte of every present value changed (an asset balance, a name's owner, a licence). */
export function forgeState(bytes: Uint8Array): Uint8Array {
  const r = decodeStateResponse(bytes)!;
  if (r.status !== "ok") return bytes;
  return encodeStateResponse({ ...r, entries: r.entries.map((e) => {
    if (e.value === null || e.value.length === 0) return e;
    const value = e.value.slice();
    value[value.length - 1]! ^= 0x01;
    return { ...e, value };
  }) });
}

function forgeMessage(bytes: Uint8Array, req: Uint8Array, chainId: string, forger: Identity): Uint8Array {
  const r = decodeIndexResponse(bytes)!;
  const q = decodeIndexRequest(req)!;
  const last = r.status === "ok" ? r.entries[r.entries.length - 1] : undefined;
  if (r.status !== "ok" || !last) return bytes;
  // A transfer that was never in any block, put in the place (and with the proof) of a real one.
  const fake = buildTx(forger, "transfer", { to: q.address, amount: 777_000n, memo: null }, { chainId, nonce: 0, fee: 10_000n, expiry: 1_000 });
  return encodeIndexResponse({ ...r, entries: [...r.entries.slice(0, -1), { ...last, tx: fake.bytes }] });
}

/** Starts a liar that relays to `honest` (a validator's multiaddr) and forges per `mode`. */
export async function startLiar(identity: Identity, chainId: string, honest: string): Promise<Liar> {
  const honestPeer = honest.split("/p2p/")[1]!;
  const net = await Network.create({ chainId, privateKey: identity.secretKey, listen: { host: "127.0.0.1", port: 0 }, bootstrap: [honest], allowPeers: null, topics: [] });
  const forger = newIdentity();
  const liar: Liar = { net, addr: net.multiaddrs()[0]!, mode: "none", stop: () => net.stop() };
  const relay = (name: string) => (req: Uint8Array) => net.request(honestPeer, name, req, { timeoutMs: 9_000, maxResponseBytes: LIGHT_LIMITS.maxHeadersResponseBytes + 65_536 });
  await net.handle(LIGHT_PROTOCOLS.headers, async (req) => forgeHeaders(await relay(LIGHT_PROTOCOLS.headers)(req), liar.mode), { maxResponseBytes: LIGHT_LIMITS.maxHeadersResponseBytes + 65_536 });
  await net.handle(LIGHT_PROTOCOLS.account, async (req) => {
    const res = await relay(LIGHT_PROTOCOLS.account)(req);
    return liar.mode === "balance" ? forgeBalance(res) : res;
  });
  await net.handle(LIGHT_PROTOCOLS.index, async (req) => {
    const res = await relay(LIGHT_PROTOCOLS.index)(req);
    return liar.mode === "message" ? forgeMessage(res, req, chainId, forger) : res;
  });
  await net.handle(LIGHT_PROTOCOLS.state, async (req) => {
    const res = await relay(LIGHT_PROTOCOLS.state)(req);
    return liar.mode === "state" ? forgeState(res) : res;
  });
  await net.handle(LIGHT_PROTOCOLS.tx, relay(LIGHT_PROTOCOLS.tx));
  await net.handle(LIGHT_PROTOCOLS.send, relay(LIGHT_PROTOCOLS.send));
  return liar;
}
