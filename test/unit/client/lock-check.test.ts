// What the CLI and the web app refuse before signing an action that locks an asset: the chain's
// own rules (docs/ACTIONS.md 2.7), in its order: points move only from their admin, a frozen
// holding moves nothing, and the holding must cover the lock.
import { describe, expect, it } from "vitest";
import { assetLockRefusal } from "../../../src/client/lock-check.js";

const admin = "parley1admin";
const me = "parley1me";
const coin = { flags: ["transferable"], admin };
const points = { flags: ["mintable"], admin };

describe("assetLockRefusal", () => {
  it("lets a holder lock up to what it holds of a transferable asset", () => {
    expect(assetLockRefusal(coin, { balance: 500n, frozen: false }, me, 500n)).toBeNull();
    expect(assetLockRefusal(coin, { balance: 500n, frozen: false }, me, 501n)).toEqual({ code: "ASSET_INSUFFICIENT", held: 500n });
  });

  it("refuses points to anyone but their admin, and a frozen holding even to the admin", () => {
    expect(assetLockRefusal(points, { balance: 10n, frozen: false }, me, 1n)).toEqual({ code: "ASSET_NOT_TRANSFERABLE", admin });
    expect(assetLockRefusal(points, { balance: 10n, frozen: false }, admin, 1n)).toBeNull();
    expect(assetLockRefusal(points, { balance: 10n, frozen: true }, admin, 1n)).toEqual({ code: "ASSET_FROZEN" });
  });
});
