// Whether a chaos run's traffic really went through its link proxies, so a link fault was a
// fault of the link and not of a proxy nobody used. libp2p keeps one connection per pair of
// peers when one side's dial lands first: the other side then never dials, and its proxy in
// that direction rightly carries nothing. So coverage is per pair (either direction's proxy
// carried bytes), and a bypass is an outbound connection to a full-chain node on any address
// other than the dialer's proxy port for it (a peer learned by identify and dialled directly).
export interface NodeConnection {
  peer: string;
  direction: "inbound" | "outbound";
  remoteAddr: string;
}

export interface LinkCoverage {
  /** Bytes relayed by every proxy together. */
  total: number;
  /** Pairs "a<->b" whose proxies carried no byte in either direction (light-light pairs have none). */
  silentPairs: string[];
  /** Outbound connections open at the end that did not go through the dialer's proxy: "dialer->target addr". */
  directLinks: string[];
}

/** `bytes` by "dialer->target"; `connections` by node name; `peerName` maps a peer id to a node name; `portFor` as LinkProxies.portFor. */
export function linkCoverage(
  bytes: ReadonlyMap<string, number>,
  connections: ReadonlyMap<string, readonly NodeConnection[]>,
  peerName: (peerId: string) => string | undefined,
  portFor: (dialer: string, target: string) => number | undefined,
): LinkCoverage {
  const total = [...bytes.values()].filter((b) => b > 0).reduce((a, b) => a + b, 0);
  const pairs = new Map<string, number>();
  for (const [link, b] of bytes) {
    const [dialer, target] = link.split("->") as [string, string];
    const key = [dialer, target].sort().join("<->");
    pairs.set(key, Math.max(pairs.get(key) ?? 0, b));
  }
  const silentPairs = [...pairs].filter(([, b]) => b <= 0).map(([k]) => k);
  const directLinks: string[] = [];
  for (const [dialer, conns] of connections) {
    for (const c of conns) {
      if (c.direction !== "outbound") continue;
      const target = peerName(c.peer);
      if (target === undefined) continue;
      const port = portFor(dialer, target);
      if (port === undefined) continue; // not a proxied link (a light node is never dialled)
      if (Number(/\/tcp\/(\d+)/.exec(c.remoteAddr)?.[1]) !== port) directLinks.push(`${dialer}->${target} ${c.remoteAddr}`);
    }
  }
  return { total, silentPairs, directLinks };
}
