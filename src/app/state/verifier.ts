// Placeholder until the browser-side verification lands (docs/APP.md 6).
import type { Session } from "./session.js";

export const verifier = {
  attach(_s: Session): void {},
  detach(): void {},
};
