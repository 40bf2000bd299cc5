import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { freePort } from "../../chaos/cluster.js";

describe("chaos cluster ports", () => {
  it("picks bindable ports below the kernel's ephemeral range, so outgoing connections cannot take them first", async () => {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    for (let i = 0; i < 5; i++) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(low);
      await new Promise<void>((res, rej) => {
        const s = createServer();
        s.once("error", rej);
        s.listen(port, "127.0.0.1", () => s.close(() => res()));
      });
    }
  });
});
