// The libp2p host configuration, in one place: TCP + Noise + Yamux, identify, and gossipsub 17
// tuned for a small consortium (2-7 validators plus a few full nodes).
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { gossipsub } from "@libp2p/gossipsub";
import { identify, type Identify } from "@libp2p/identify";
import type { ConnectionGater, Libp2p, PrivateKey } from "@libp2p/interface";
import type { GossipSub, Message } from "@libp2p/gossipsub";
import { tcp } from "@libp2p/tcp";
import { createLibp2p } from "libp2p";
import { createHash } from "node:crypto";

export type HostServices = { identify: Identify; pubsub: GossipSub };
export type Host = Libp2p<HostServices>;

export interface HostOptions {
  privateKey: PrivateKey;
  listen: string;
  gater: ConnectionGater;
  /** Largest gossip message accepted (default 4 MiB: a 100-tx batch of large messages, or a block proposal). */
  maxGossipBytes: number;
}

// Message id = SHA-256 of the data: gossip is unsigned (our payloads are signed at the
// application layer), so the id must come from the content, and a re-published identical
// batch is deduplicated network-wide.
function msgIdFn(msg: Message): Uint8Array {
  const d = createHash("sha256").update(msg.data).digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

function msgIdToStrFn(id: Uint8Array): string {
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString("hex");
}

export async function createHost(opts: HostOptions): Promise<Host> {
  return createLibp2p<HostServices>({
    privateKey: opts.privateKey,
    addresses: { listen: [opts.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: opts.gater,
    connectionManager: {
      // Devnets run every node on one host: libp2p's default of 5 inbound connections per
      // second per IP would refuse a 7-node devnet starting at once.
      inboundConnectionThreshold: 100,
      maxConnections: 200,
      dialTimeout: 5_000,
    },
    services: {
      identify: identify(),
      pubsub: gossipsub({
        globalSignaturePolicy: "StrictNoSign",
        msgIdFn,
        msgIdToStrFn,
        // Forward only what our handler accepted (reportMessageValidationResult in gossip.ts).
        asyncValidation: true,
        // Publishing before peers subscribe (or alone, as a single validator) is normal: the
        // caller gets 0 recipients, never an exception.
        allowPublishToZeroTopicPeers: true,
        ignoreDuplicatePublishError: true,
        // Consortium peers all subscribe to every topic: the floodsub fallback only adds a protocol.
        fallbackToFloodsub: false,
        // Our own messages go straight to every subscribed peer: lowest latency in a small net.
        floodPublish: true,
        // Mesh degree for 2-7 peers: Dhi=8 never prunes a full mesh of a 7-node consortium,
        // Dlo=2 keeps a 3-node line connected, D=4 is the target when grafting more.
        // Dout must be < Dlo and <= D/2; Dscore <= Dhi.
        D: 4,
        Dlo: 2,
        Dhi: 8,
        Dout: 1,
        Dscore: 2,
        Dlazy: 4,
        heartbeatInterval: 700,
        // One RPC frame carries a message plus protobuf framing and piggybacked control messages.
        maxInboundDataLength: opts.maxGossipBytes + 64 * 1024,
        scoreParams: {
          // Devnets put every validator on one IP; consortium peers are allowlisted anyway.
          IPColocationFactorWeight: 0,
        },
      }),
    },
  });
}
