import { describe, expect, it } from "vitest";
import { ValidatorWatch } from "../../../src/node/validator-watch.js";
import { NodeMetrics } from "../../../src/node/metrics.js";
import { formatAddress } from "../../../src/chain/address.js";
import { identity } from "../chain/tx/fixtures.js";
import type { Logger } from "../../../src/util/logger.js";

const [a, b, c] = ["a", "b", "c"].map((l) => identity(`watch-${l}`).publicKey) as [Uint8Array, Uint8Array, Uint8Array];

function recordingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const at = (_obj: unknown, msg: string) => lines.push(msg);
  const log = { info: at, warn: at, error: at, debug: () => undefined, child: () => log } as unknown as Logger;
  return { log, lines };
}

async function missed(m: NodeMetrics, v: Uint8Array): Promise<number> {
  const got = (await m.missedVotes.get()).values.find((x) => x.labels["validator"] === formatAddress(v));
  return got?.value ?? 0;
}

describe("validator watch", () => {
  it("counts a missed vote per height for a silent validator, logs it once it stays silent, and when it is back", async () => {
    const m = new NodeMetrics();
    const { log, lines } = recordingLogger();
    const w = new ValidatorWatch(null, m, log);
    for (let h = 1; h <= 4; h++) w.heightLeft(h, [a, b, c], [c]);
    expect(await missed(m, c)).toBe(4);
    expect(await missed(m, a)).toBe(0);
    expect(lines.filter((l) => l.startsWith("validator silent"))).toHaveLength(1);
    w.heightLeft(5, [a, b, c], []);
    expect(lines).toContain("validator heard again");
  });

  it("logs a decided set change and this node joining the set", () => {
    const m = new NodeMetrics();
    const { log, lines } = recordingLogger();
    const w = new ValidatorWatch(c, m, log);
    w.setAfterBlock([a, b], [a, b], 3);
    w.setAfterBlock([a, b], [a, b, c], 4);
    expect(lines).toContain("validator set change decided");
    expect(lines.some((l) => l.startsWith("this node is now a validator"))).toBe(false);
    w.setAfterBlock([a, b, c], [a, b, c], 5);
    expect(lines.some((l) => l.startsWith("this node is now a validator"))).toBe(true);
  });
});
