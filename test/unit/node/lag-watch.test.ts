import { describe, expect, it } from "vitest";
import { LagWatch } from "../../../src/node/lag-watch.js";
import { NodeMetrics } from "../../../src/node/metrics.js";
import type { Logger } from "../../../src/util/logger.js";

function recordingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (_obj: unknown, msg: string) => lines.push(msg);
  const log = { info: at, warn: at, error: at, debug: () => undefined, child: () => log } as unknown as Logger;
  return { log, lines };
}

describe("lag watch", () => {
  it("reports blocks behind the best peer and logs falling behind and catching up", async () => {
    const m = new NodeMetrics();
    const { log, lines } = recordingLogger();
    const lag = new LagWatch(m, log);
    lag.peerHead(10);
    lag.observe(4);
    expect((await m.blocksBehind.get()).values[0]!.value).toBe(6);
    expect(lines.some((l) => l.startsWith("fallen behind"))).toBe(true);
    lag.observe(10);
    expect((await m.blocksBehind.get()).values[0]!.value).toBe(0);
    expect(lines).toContain("caught up with the network");
  });
});
