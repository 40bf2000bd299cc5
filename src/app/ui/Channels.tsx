import type { Session } from "../state/session.js";
export function Channels(_p: { s: Session; id: string | null }) { return <main id="main" class="page" />; }
