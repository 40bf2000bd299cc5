// A process holding the LinkProxies in front of one node's p2p port, one per peer that dials
// it, so they can run inside that node's network namespace (`ip netns exec`): the proxied
// bytes then still cross the node's own veth and a partition cuts them like any other. The
// harness starts one per node (chaos/link-proxies.ts) and stops it by its pid.
//   node dist/chaos/link-proxy-host.js '{"host":H,"targetPort":P,"ports":[p1,p2,...]}'
// Prints `ready` once every port listens. Reads JSON lines on stdin:
//   {"ports":[p...],"faults":{...LinkFaults}}   set those proxies' faults ({} heals them)
//   {"stats":true}                              prints {"bytes":{"<port>":n,...}} on stdout
import { createInterface } from "node:readline";
import { LinkProxy, type LinkFaults } from "./link-proxy.js";

interface HostConfig {
  host: string;
  targetPort: number;
  ports: number[];
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? "{}") as HostConfig;
  if (typeof cfg.host !== "string" || !Number.isInteger(cfg.targetPort) || !Array.isArray(cfg.ports)) throw new Error("usage: link-proxy-host.js '{\"host\":H,\"targetPort\":P,\"ports\":[...]}'");
  const proxies = new Map<number, LinkProxy>();
  for (const port of cfg.ports) proxies.set(port, await LinkProxy.start(cfg.targetPort, port, Math.random, { host: cfg.host, targetHost: cfg.host }));
  process.stdout.write("ready\n");
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    let msg: { ports?: number[]; faults?: Partial<LinkFaults>; stats?: boolean };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      process.stderr.write(`link-proxy-host: not JSON: ${line}\n`);
      return;
    }
    if (msg.stats) {
      const bytes = Object.fromEntries([...proxies].map(([p, x]) => [p, x.bytes.toNode + x.bytes.fromNode]));
      process.stdout.write(JSON.stringify({ bytes }) + "\n");
      return;
    }
    for (const p of msg.ports ?? []) proxies.get(p)?.set(msg.faults ?? {});
  });
  // The harness going away (stdin closed) or a signal ends the host: no orphaned listeners.
  const stop = (): void => void Promise.all([...proxies.values()].map((x) => x.close())).then(() => process.exit(0));
  lines.on("close", stop);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`link-proxy-host: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
