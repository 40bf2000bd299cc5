// Placeholder until the verifier reports (docs/APP.md 6).
export function VerifyBanner() {
  return null;
}
