import { describe, expect, it } from "vitest";
import { TxModule } from "../../../../src/rpc/modules/tx.js";
import type { NodeServices } from "../../../../src/node/services.js";
import { err, ok } from "../../../../src/util/errors.js";
import { txError } from "../../../../src/chain/tx/errors.js";

// A node whose admission answers by the first byte of the tx: 1 = admitted, 2 = bad signature, 3 = pool full.
function fakeNode(): { node: NodeServices; seen: Uint8Array[] } {
  const seen: Uint8Array[] = [];
  const node = {
    async submitTx(bytes: Uint8Array) {
      seen.push(bytes);
      if (bytes[0] === 1) return ok({ id: Buffer.from(bytes).toString("hex").padEnd(64, "0") });
      if (bytes[0] === 2) return err(txError({ code: "BAD_SIGNATURE" }));
      return err(txError({ code: "POOL_FULL", reason: "full" }));
    },
  } as unknown as NodeServices;
  return { node, seen };
}

const validator = TxModule.methods.sendBatch![0][1];

describe("tx_sendBatch", () => {
  it("answers one entry per tx, in order, with the id or the tx_send error code and reason", async () => {
    const { node, seen } = fakeNode();
    const out = await new TxModule(node).sendBatch([Uint8Array.of(1, 0xaa), Uint8Array.of(2), Uint8Array.of(3)]);
    expect(seen).toHaveLength(3);
    expect(out[0]).toEqual({ id: "0x01aa".padEnd(66, "0") });
    expect(out[1]).toMatchObject({ error: { code: -32000, data: { reason: "BAD_SIGNATURE" } } });
    expect(out[2]).toMatchObject({ error: { code: -32001, data: { reason: "POOL_FULL" } } });
  });

  it("decodes hex with or without 0x into plain bytes", () => {
    const r = validator.check(["0x01ff", "a0B1"]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.map((b) => [...b])).toEqual([[1, 255], [0xa0, 0xb1]]);
  });

  it("refuses odd-length or non-hex text and names the offending index", () => {
    for (const bad of ["0x0", "zz", "01 2", "0x01g0"]) {
      const r = validator.check(["0x01", bad]);
      expect(r).toMatchObject({ ok: false, reason: "BAD_FORMAT", path: "1" });
    }
    expect(validator.check("0x01")).toMatchObject({ ok: false, reason: "WRONG_TYPE" });
    expect(validator.check([7])).toMatchObject({ ok: false, reason: "WRONG_TYPE", path: "0" });
    expect(validator.check(Array.from({ length: 1001 }, () => "00"))).toMatchObject({ ok: false, reason: "BAD_LENGTH" });
  });
});
