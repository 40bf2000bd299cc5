// How `parley <action> show` prints a record: base units with the node's formatted amount
// beside them, and the asset named by symbol and issuer (symbols are not unique).
import { afterEach, describe, expect, it, vi } from "vitest";
import { moneyArg, moneyText, printAction } from "../../../src/cli/commands/action-common.js";
import type { ActionJson } from "../../../src/client/actions.js";
import { actionRecordJson } from "../../../src/chain/actions/record-json.js";
import type { BountyRecord } from "../../../src/chain/actions/bounty.js";
import { formatAddress } from "../../../src/chain/address.js";

afterEach(() => vi.restoreAllMocks());

function printed(a: ActionJson): string {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  printAction(a);
  return out;
}

const issuer = "parley1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq";
const assetId = "0x" + "ab".repeat(32);

describe("action show output", () => {
  it("shows each amount with its formatted value and the asset with its issuer", () => {
    const text = printed({
      id: "0x" + "01".repeat(32), kind: "escrow", status: "open", locked: "1250", amount: "1250",
      asset: { assetId, symbol: "PTS", decimals: 2, issuer }, formatted: { locked: "12.5 PTS", amount: "12.5 PTS" },
    } as unknown as ActionJson);
    expect(text).toMatch(/^locked\s+1250 \(12\.5 PTS\)$/m);
    expect(text).toMatch(/^amount\s+1250 \(12\.5 PTS\)$/m);
    expect(text).toMatch(new RegExp(`^asset\\s+PTS \\(issuer parley1qqqqq…qqqq\\)  ${assetId}$`, "m"));
    expect(text).not.toMatch(/formatted/);
  });

  it("names the native token without an issuer", () => {
    const text = printed({ id: "0x" + "02".repeat(32), kind: "bounty", status: "paid", locked: "0", amount: "5000000",
      asset: { assetId: null, symbol: "PAR", decimals: 6, issuer: null }, formatted: { locked: "0 PAR", amount: "5 PAR" } } as unknown as ActionJson);
    expect(text).toMatch(/^amount\s+5000000 \(5 PAR\)$/m);
    expect(text).toMatch(/^asset\s+PAR \(native\)$/m);
  });

  it("reads amounts in the action's unit: whole tokens for a bare number, refusing too many decimals and zero", () => {
    const pts = { asset: null, unit: { decimals: 2, symbol: "PTS" } };
    expect(moneyArg("12.5", "amount", pts)).toBe(1_250n);
    expect(moneyArg("3", "amount", pts)).toBe(300n);
    expect(moneyText(1_250n, pts)).toBe("12.5 PTS");
    expect(() => moneyArg("0.001", "amount", pts)).toThrow(/--amount: .*decimal places/);
    expect(() => moneyArg("0", "total", pts)).toThrow(/--total must be positive/);
    expect(moneyArg("0", "deposit", pts, { positive: false })).toBe(0n);
  });

  it("a bounty whose answerer was frozen in the asset shows the refund to the owner and why, and no payee", () => {
    const [owner, answerer] = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
    const r: BountyRecord = {
      kind: "bounty", owner, asset: new Uint8Array(32).fill(0xab), amount: 100n, target: { kind: "direct", to: owner }, answerer,
      deadline: { clock: "height", at: 500 }, createdHeight: 3, status: "returned", paidTo: answerer, settledHeight: 9,
    };
    const json = actionRecordJson(new Uint8Array(32).fill(7), r, { assetId: r.asset, symbol: "PTS", decimals: 2, issuer: owner });
    const text = printed({ ...json, id: "0x" + "07".repeat(32) } as unknown as ActionJson);
    expect(text).toMatch(/^status\s+refunded$/m);
    expect(text).toMatch(/^paidTo\s+-$/m);
    expect(text).toMatch(new RegExp(`^answeredBy\\s+${formatAddress(answerer)}$`, "m"));
    expect(text).toMatch(new RegExp(`^refundedTo\\s+${formatAddress(owner)}$`, "m"));
    expect(text).toMatch(/^refundReason\s+ANSWERER_FROZEN$/m);
  });
});
