import type { Session } from "../state/session.js";
export function Anchors(_p: { s: Session | null; hash: string | null }) { return <main id="main" class="page" />; }
