// The light client's transport when it runs in a browser: a "peer" is a node's RPC URL, and a
// light-sync request goes as proof_request over HTTP (src/rpc/modules/proof.ts) in the same
// bytes as over libp2p. Tx proofs asked in the same tick go to a node as one JSON-RPC batch
// (a page of messages is checked in one round trip); header long-polls go alone.
import { fromHex, toHex } from "../../util/bytes.js";
import { LIGHT_PROTOCOLS } from "../../network/light-protocol.js";
import { HttpRpcClient, RpcClientError } from "../rpc-client.js";

const NAMES: Record<string, string> = {
  [LIGHT_PROTOCOLS.headers]: "headers",
  [LIGHT_PROTOCOLS.account]: "account",
  [LIGHT_PROTOCOLS.index]: "index",
  [LIGHT_PROTOCOLS.tx]: "tx",
  [LIGHT_PROTOCOLS.devices]: "devices",
  [LIGHT_PROTOCOLS.state]: "state",
};

// A long-poll is held up to 4 s by the node; anything slower than this is a dead connection.
const RPC_TIMEOUT_MS = 15_000;

interface Queued {
  request: Uint8Array;
  resolve: (b: Uint8Array) => void;
  reject: (e: unknown) => void;
}

export class RpcProofNetwork {
  private readonly clients = new Map<string, HttpRpcClient>();
  private readonly queues = new Map<string, Queued[]>();

  constructor(readonly nodes: readonly string[]) {
    for (const url of nodes) this.clients.set(url, new HttpRpcClient(url, RPC_TIMEOUT_MS));
  }

  /** Every node counts as connected from the start (HTTP has no connection to wait for). */
  onPeerConnected(cb: (peer: string) => void): void {
    queueMicrotask(() => this.nodes.forEach(cb));
  }

  request(peer: string, protocol: string, request: Uint8Array): Promise<Uint8Array> {
    const name = NAMES[protocol];
    const client = this.clients.get(peer);
    if (!name || !client) return Promise.reject(new RpcClientError({ code: "TRANSPORT", reason: `no ${protocol} over RPC to ${peer}` }));
    if (name === "tx") return this.batched(peer, request);
    return client.call<{ response: string }>("proof_request", [name, "0x" + toHex(request)]).then(decodeResponse);
  }

  private batched(peer: string, request: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const q = this.queues.get(peer);
      if (q) return q.push({ request, resolve, reject });
      this.queues.set(peer, [{ request, resolve, reject }]);
      queueMicrotask(() => void this.flush(peer));
    });
  }

  private async flush(peer: string): Promise<void> {
    const q = this.queues.get(peer) ?? [];
    this.queues.delete(peer);
    try {
      const answers = await this.clients.get(peer)!.batch(q.map((x) => ({ method: "proof_request", params: ["tx", "0x" + toHex(x.request)] })));
      answers.forEach((a, i) => (a.error ? q[i]!.reject(a.error) : q[i]!.resolve(decodeResponse(a.result as { response: string }))));
    } catch (e) {
      for (const x of q) x.reject(e);
    }
  }
}

function decodeResponse(r: { response?: unknown }): Uint8Array {
  const bytes = typeof r?.response === "string" ? fromHex(r.response) : null;
  // Undecodable bytes are caught by the protocol decoders, which treat them as MALFORMED.
  return bytes ?? new Uint8Array(0);
}
