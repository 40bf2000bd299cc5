// Consortium permissioning at the connection level: when an allowlist is configured, only the
// listed peer ids may connect in either direction, and banned peers are refused until the ban
// ends. Checks run at every point libp2p offers, so a denied peer never reaches the muxer or
// gossipsub. Private and loopback addresses are deliberately NOT filtered: consortium nodes
// often run on a LAN and devnets on 127.0.0.1.
import type { ConnectionGater, PeerId } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";

export interface PeerPolicy {
  /** Peer ids allowed to connect; null means anyone may. Replaced while running (Network.setAllowPeers). */
  allowPeers: ReadonlySet<string> | null;
  isBanned(peerId: string): boolean;
}

export function isPeerAllowed(policy: PeerPolicy, peerId: string): boolean {
  if (policy.allowPeers !== null && !policy.allowPeers.has(peerId)) return false;
  return !policy.isBanned(peerId);
}

/** The /p2p/<id> component of a multiaddr, if it has one. */
export function multiaddrPeerId(addr: Multiaddr): string | null {
  for (const c of addr.getComponents()) if (c.name === "p2p" && c.value !== undefined) return c.value;
  return null;
}

export function createConnectionGater(policy: PeerPolicy): ConnectionGater {
  const deny = (peerId: PeerId): boolean => !isPeerAllowed(policy, peerId.toString());
  return {
    denyDialPeer: deny,
    denyDialMultiaddr: (addr) => {
      const id = multiaddrPeerId(addr);
      return id !== null && !isPeerAllowed(policy, id);
    },
    // The remote peer id is known only after the Noise handshake: inbound checks start there.
    denyInboundEncryptedConnection: deny,
    denyOutboundEncryptedConnection: deny,
    denyInboundUpgradedConnection: deny,
    denyOutboundUpgradedConnection: deny,
    // Do not even store addresses of peers we would refuse (keeps identify/PX from filling the peer store).
    filterMultiaddrForPeer: (peerId) => !deny(peerId),
  };
}
