// Amounts typed in the app, in the unit of what is paid (the native token or an asset): bigints
// only, and a refusal says whether there were too many decimals for that unit.
import { describe, expect, it } from "vitest";
import { readAmountInput } from "../../../src/app/state/amount-input.js";

const PTS = { symbol: "PTS", decimals: 2 };

describe("readAmountInput", () => {
  it("reads an amount in the asset's decimals, to the base unit", () => {
    expect(readAmountInput("12.34", PTS)).toEqual({ ok: true, amount: 1_234n });
    expect(readAmountInput("1,000.5 PTS", PTS)).toEqual({ ok: true, amount: 100_050n });
    expect(readAmountInput("7", PTS)).toEqual({ ok: true, amount: 700n });
  });

  it("says when an amount has more decimals than the asset, and refuses zero, junk and another symbol", () => {
    expect(readAmountInput("1.234", PTS)).toEqual({ ok: false, code: "AMOUNT_TOO_PRECISE" });
    expect(readAmountInput("1.2300", PTS)).toEqual({ ok: true, amount: 123n });
    for (const bad of ["0", "-1", "abc", "5 PAR", "18446744073709551616"]) expect(readAmountInput(bad, { symbol: "PTS", decimals: 0 })).toEqual({ ok: false, code: "AMOUNT_INVALID" });
  });
});
