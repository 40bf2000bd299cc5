import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Integration tests start real node processes on 2 cores: run files one or two at a time
    // so that timing-sensitive consensus tests are not starved. `npm test` runs two files after
    // the rest, one at a time: the memory floods (200 MB through one node) and the browser test
    // (a 4-validator devnet plus Chromium) each starved whatever ran beside them in CI.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
