// The short, seeded chaos scenario of `npm test`: 4 validators and a full node under a mixed load
// of transfers, messages, channel posts and automatic actions (recurring payments, escrows
// claimed or refunded, red packets with their claims), with every kind of fault (kill, disconnect, wipe of a
// full node and of a validator, pause triggered by height, clean restart), then every invariant.
// The long runs are `npm run chaos` (docs/OPERATIONS.md, "Chaos runs").
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseManifest } from "../../chaos/manifest.js";
import { formatReport, runAndReport } from "../../chaos/runner.js";

const SMOKE = resolve(import.meta.dirname, "../../chaos/manifests/smoke.json");

describe("chaos smoke scenario", () => {
  it("every invariant holds after kill, disconnect, wipe, pause and restart under load", async () => {
    const manifest = parseManifest(JSON.parse(readFileSync(SMOKE, "utf8")));
    const report = await runAndReport(manifest);
    if (!report.ok || report.faults.total !== manifest.faults.length) console.error(formatReport(report));
    expect(report.invariants.filter((i) => !i.ok)).toEqual([]);
    expect(report.invariants.map((i) => i.name)).toEqual([
      "identical_block_hashes", "final_txs_on_all_nodes_exactly_once", "supply_conserved", "no_negative_balance",
      "messages_readable_by_recipients", "no_conflicting_votes", "nobody_honest_banned", "chain_resumed_after_last_fault", "no_node_crashed", "every_sent_tx_final",
      "light_nodes_follow_chain", "actions_settled_as_planned", "actions_agree_on_all_nodes",
    ]);
    expect(report.faults.total).toBe(manifest.faults.length);
    expect(report.faults.errors).toEqual([]);
    expect(report.txs.finalTotal).toBeGreaterThan(100);
    expect(report.txs.messagesChecked).toBeGreaterThan(50);
    // Every plan ran at least once, and its claims were sent and final.
    expect(Object.values(report.txs.actions).every((n) => n > 0)).toBe(true);
    expect(report.txs.final.claim).toBeGreaterThan(0);
    expect(report.txs.actionsOpenAtEnd).toBe(0);
  }, 150_000);
});
