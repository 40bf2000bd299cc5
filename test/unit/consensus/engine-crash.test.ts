import { describe, expect, it } from "vitest";
import type { Step } from "../../../src/consensus/types.js";
import { MemoryWal, type SigningWal, type WalEntry } from "../../../src/consensus/wal.js";
import { Sim, type SimNode } from "./sim.js";

const CRASH_HEIGHT = 2;
const TARGET_HEIGHT = 6;

interface CrashPlan {
  step: Step;
  /** false: dies right after the WAL record, before signing/sending; true: right after sending. */
  afterSend: boolean;
  restartAfterMs: number;
  /** Restart with an empty WAL (the negative control: what the WAL prevents). */
  loseWal?: boolean;
}

/**
 * Arms `node` to die at its first WAL record of (CRASH_HEIGHT, plan.step). A dead process
 * writes, sends and commits nothing; it restarts after plan.restartAfterMs with the WAL and
 * chain it had persisted.
 */
function armCrash(sim: Sim, node: SimNode, plan: CrashPlan): { crashed: () => boolean } {
  const disk = new MemoryWal();
  let fired = false;
  let sendThenDie = false;
  const die = () => {
    node.up = false;
    sim.clock.setTimeout(() => {
      node.kill();
      node.wal = plan.loseWal ? new MemoryWal() : disk;
      node.outbound = null;
      node.boot();
    }, plan.restartAfterMs);
  };
  const wal: SigningWal = {
    get: (h, r, s) => disk.get(h, r, s),
    entriesAt: (h) => disk.entriesAt(h),
    pruneBelow: (h) => disk.pruneBelow(h),
    record: (e: WalEntry) => {
      if (!node.up) return;
      disk.record(e);
      if (fired || e.height !== CRASH_HEIGHT || e.step !== plan.step) return;
      fired = true;
      if (plan.afterSend) sendThenDie = true;
      else die();
    },
  };
  node.wal = wal;
  node.outbound = (msg) => {
    sim.broadcastFrom(node.index, msg);
    if (sendThenDie) {
      sendThenDie = false;
      die();
    }
    return true;
  };
  return { crashed: () => fired };
}

async function runCrash(plan: CrashPlan, silent: number[], seed: number) {
  const sim = new Sim({ n: 4, seed });
  // Node 2 proposes (height 2, round 0), so it also reaches the propose step there.
  const victim = sim.nodes[2]!;
  const armed = armCrash(sim, victim, plan);
  sim.start(silent);
  const live = sim.nodes.filter((n) => !silent.includes(n.index)).map((n) => n.index);
  const done = await sim.runUntil(() => sim.minHeight(live) >= TARGET_HEIGHT, 600_000);
  return { sim, victim, done, crashed: armed.crashed() };
}

describe("crash and restart with the signing WAL", () => {
  const steps: Step[] = ["propose", "prevote", "precommit"];
  for (const silent of [[], [0]]) {
    const label = silent.length === 0 ? "all up" : "one other validator down, so the restarted one is needed";
    it(`a validator killed at each step never signs conflicting messages and catches up (${label})`, async () => {
      for (const step of steps) {
        for (const afterSend of [false, true]) {
          for (const restartAfterMs of [100, 3000]) {
            const plan = { step, afterSend, restartAfterMs };
            const { sim, victim, done, crashed } = await runCrash(plan, silent, 7);
            const what = JSON.stringify(plan);
            expect(crashed, what).toBe(true);
            expect(sim.equivocators(), what).toEqual([]);
            expect(sim.violations, what).toEqual([]);
            expect(done, what).toBe(true);
            expect(victim.height, what).toBeGreaterThanOrEqual(TARGET_HEIGHT);
          }
        }
      }
    });
  }

  it("without its WAL the same restart equivocates, and the check catches it", async () => {
    const { sim, victim } = await runCrash({ step: "prevote", afterSend: true, restartAfterMs: 100, loseWal: true }, [0], 7);
    expect(sim.equivocators()).toContain(victim.index);
  });
});
