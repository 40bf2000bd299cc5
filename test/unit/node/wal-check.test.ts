// The start-up check that a validator's signing WAL covers the head it signed: refused when the
// WAL is behind the chain (truncated, replaced), allowed when it is ahead (the chain data was
// emptied with the WAL kept and is being synced again; the soak of docs/RELIABILITY.md 8.7
// found such a validator refused for good after a restart mid-sync).
import { describe, expect, it } from "vitest";
import type { Chain } from "../../../src/chain/chain.js";
import { encodeCertificate } from "../../../src/consensus/certificate.js";
import { MemoryWal } from "../../../src/consensus/wal.js";
import { checkWalCoversHead, WalCheckError } from "../../../src/node/wal-check.js";

const ME = new Uint8Array(32).fill(7);
const VALUE = new Uint8Array(32).fill(1);

/** A chain whose head is `height`, finalized at round 0 with our precommit in its certificate. */
function chainAt(height: number): Chain {
  const cert = encodeCertificate({ height, round: 0, valueId: VALUE, precommits: [{ validator: ME, signature: new Uint8Array(64) }] });
  return { head: { height }, blocks: { commit: async (h: number) => (h === height ? cert : null) } } as unknown as Chain;
}

function walWith(...heights: number[]): MemoryWal {
  const wal = new MemoryWal();
  for (const h of heights) wal.record({ height: h, round: 0, step: "precommit", valueId: VALUE });
  return wal;
}

describe("signing WAL covers the head", () => {
  it("passes when the WAL holds our precommit of the head", async () => {
    await expect(checkWalCoversHead(chainAt(50), walWith(50), ME, "w")).resolves.toBeUndefined();
  });

  it("refuses a WAL behind the chain (our precommit of the head is missing)", async () => {
    const e = await checkWalCoversHead(chainAt(50), walWith(40), ME, "w").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WalCheckError);
    expect((e as WalCheckError).type).toMatchObject({ code: "WAL_BEHIND_CHAIN", height: 50 });
    const empty = await checkWalCoversHead(chainAt(50), walWith(), ME, "w").catch((x: unknown) => x);
    expect(empty).toBeInstanceOf(WalCheckError);
  });

  it("passes a WAL ahead of the chain: a data dir emptied with its WAL kept, restarted mid-sync", async () => {
    // The WAL was pruned below 1050 while the network ran; the re-synced chain is at 163.
    await expect(checkWalCoversHead(chainAt(163), walWith(1050, 1051), ME, "w")).resolves.toBeUndefined();
  });
});
