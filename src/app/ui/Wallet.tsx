import type { Session } from "../state/session.js";
export function Wallet(_p: { s: Session }) { return <main id="main" class="page" />; }
