// account_history's page size: refused past the maximum, like every other param, never cut.
import { describe, expect, it } from "vitest";
import { AccountModule } from "../../../../src/rpc/modules/account.js";
import { bindParams, type ParamList } from "../../../../src/rpc/params.js";
import { newIdentity } from "../../../../src/client/keys.js";

const history = AccountModule.methods.history as unknown as ParamList<readonly unknown[]>;
const address = newIdentity().address;

describe("account_history params", () => {
  it("refuses a limit over 200 (or under 1) with INVALID_PARAMS OUT_OF_RANGE naming the param", () => {
    for (const limit of [201, 10_000, 0]) {
      expect(() => bindParams(history, [address, limit])).toThrow(
        expect.objectContaining({ type: expect.objectContaining({ code: "INVALID_PARAMS", reason: "OUT_OF_RANGE", data: expect.objectContaining({ param: "limit" }) }) }),
      );
    }
  });

  it("takes 1..200 and defaults to 50", () => {
    expect(bindParams(history, [address, 200])[1]).toBe(200);
    expect(bindParams(history, { address, limit: 1 })[1]).toBe(1);
    expect(bindParams(history, [address])[1]).toBe(50);
  });
});
