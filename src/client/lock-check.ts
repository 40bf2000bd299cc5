// Before an action locks an asset, what the chain would refuse at execution (keeping the fee):
// the asset must be transferable or the sender its admin, the sender's holding not frozen, and
// holding enough (docs/ACTIONS.md 2.7: ASSET_NOT_TRANSFERABLE, ASSET_FROZEN, ASSET_INSUFFICIENT).
// Pure, so the CLI and the web app check the same rules before anything is signed.

export type LockRefusal =
  | { code: "ASSET_NOT_TRANSFERABLE"; admin: string }
  | { code: "ASSET_FROZEN" }
  | { code: "ASSET_INSUFFICIENT"; held: bigint };

/** `asset` as asset_get gives it, `holding` as asset_balance does (balance in base units). */
export function assetLockRefusal(asset: { flags: readonly string[]; admin: string }, holding: { balance: bigint; frozen: boolean }, from: string, amount: bigint): LockRefusal | null {
  // [FAIL] points (not transferable) move only from their admin.
  if (!asset.flags.includes("transferable") && asset.admin !== from) return { code: "ASSET_NOT_TRANSFERABLE", admin: asset.admin };
  // [FAIL] a frozen holding moves nothing.
  if (holding.frozen) return { code: "ASSET_FROZEN" };
  // [FAIL] the lock is a debit of the holding.
  if (holding.balance < amount) return { code: "ASSET_INSUFFICIENT", held: holding.balance };
  return null;
}
