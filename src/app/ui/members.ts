// How channels and groups name their members and read a typed list of them.
import { t } from "../i18n/i18n.js";
import type { Session } from "../state/session.js";
import { normalizeAddress } from "../state/contacts.js";
import { displayName } from "./Chats.js";

/** Members as a channel or group shows them: "You" for oneself (not "Note to self", which is a chat). */
export function memberName(s: Session, address: string): string {
  return address === s.identity.address ? t("msg.you") : displayName(s, address);
}

/** Addresses from a textarea (one per line or comma-separated); the bad ones are reported. */
export function parseMembers(text: string): { ok: string[]; bad: string[] } {
  const ok: string[] = [];
  const bad: string[] = [];
  for (const part of text.split(/[\s,]+/).filter((p) => p.length > 0)) {
    const a = normalizeAddress(part);
    if (a) ok.push(a);
    else bad.push(part);
  }
  return { ok, bad };
}
