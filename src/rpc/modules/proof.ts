// Proofs for clients that verify for themselves, over JSON-RPC: a browser cannot speak libp2p,
// so it asks the light-sync questions (docs/LIGHT.md 3) here, in the same bytes, and checks the
// answers with the same code as `parley light` (src/light). The node answers exactly as its
// light server does over libp2p; nothing here is trusted by the client.
import { s } from "../schema.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import type { JsonObject } from "../json.js";
import { rpcError } from "../errors.js";
import { InvalidRequestError } from "../../network/index.js";
import { genesisToJson, type Genesis } from "../../chain/genesis.js";
import { hex } from "./format.js";

// The largest light request is a state request: 256 keys of at most 256 bytes, each ~262 bytes
// encoded (~66 KiB); 68 KiB leaves room and no more.
const MAX_REQUEST_BYTES = 68 * 1024;

export const PROOF_PROTOCOLS = ["headers", "account", "index", "tx", "devices", "state"] as const;
export type ProofProtocol = (typeof PROOF_PROTOCOLS)[number];

/**
 * What the module needs of a node: its genesis and the light server's answers, one function per
 * protocol (src/node/light-server.ts provides them), so this layer never imports src/node.
 */
export interface ProofSource {
  readonly genesis: Genesis;
  readonly light: Record<ProofProtocol, (request: Uint8Array) => Promise<Uint8Array>>;
}

export class ProofModule {
  static readonly namespace = "proof";
  static readonly methods: MethodTable<ProofModule> = {
    genesis: [],
    request: [
      ["protocol", p.oneOf(...PROOF_PROTOCOLS)],
      ["request", p.hex({ max: MAX_REQUEST_BYTES })],
    ],
  };
  static readonly docs: DocTable<ProofModule> = {
    genesis: { summary: "The chain's genesis as genesis.json holds it: a client derives header 0 from it and pins its hash", result: s.any("genesis.json (docs/PROTOCOL.md)") },
    request: { summary: "One light-protocol request (headers, proofs) answered over HTTP, bytes in and out as hex", result: s.object({ response: s.hex() }, { required: ["response"] }), errors: ["NOT_FOUND"] },
  };

  constructor(private readonly source: ProofSource) {}

  /** The chain's genesis, as genesis.json holds it: a client derives header 0 from it and pins its hash. */
  genesis(): JsonObject {
    return genesisToJson(this.source.genesis) as JsonObject;
  }

  /** One light-sync request (canonical msgpack, hex) and the light server's answer (hex). */
  async request(protocol: ProofProtocol, request: Uint8Array): Promise<JsonObject> {
    try {
      const response = await this.source.light[protocol](request);
      return { response: hex(response) };
    } catch (e) {
      if (e instanceof InvalidRequestError) throw rpcError("INVALID_PARAMS", "BAD_FORMAT", { param: "request", detail: e.type.reason });
      throw e;
    }
  }
}
