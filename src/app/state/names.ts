// Names in the app (docs/NAMES.md): each address's primary name, asked of the node once per
// address and kept for the session (`nameOf` answers from what is known and asks in the
// background; `version` changes when an answer arrives, so screens showing addresses redraw),
// and "@name" in any field that takes an address, resolved at the node when submitted.
import type { ChatClient } from "../../client/chat.js";
import { formatAddress } from "../../chain/address.js";
import { Store } from "../lib/store.js";
import { normalizeAddress } from "./contact-uri.js";

export type Resolved = { ok: true; address: string } | { ok: false; reason: "BAD_ADDRESS" | "NAME_NOT_FOUND" | "NAME_EXPIRED" | "BAD_NAME" | "UNAVAILABLE" };

export class NameBook {
  readonly version = new Store(0);
  private readonly known = new Map<string, string | null>();

  constructor(private readonly chat: ChatClient) {}

  /** The address's valid primary name, null when it has none, undefined until the node answered. */
  nameOf(address: string): string | null | undefined {
    if (!this.known.has(address)) {
      this.known.set(address, null);
      // A light node serves no names: the address then shows as it is.
      this.chat.reverseName(address).then((n) => {
        if (n === null) return;
        this.known.set(address, n);
        this.version.update((v) => v + 1);
      }, () => undefined);
    }
    return this.known.get(address);
  }

  /** A name learnt here (our own, just registered), shown at once. */
  remember(address: string, name: string): void {
    this.known.set(address, name);
    this.version.update((v) => v + 1);
  }

  /** What a person typed in an address field: an address, or "@name" resolved to its holder now. */
  async resolve(text: string): Promise<Resolved> {
    const typed = text.trim();
    if (!typed.startsWith("@")) {
      const a = normalizeAddress(typed);
      return a ? { ok: true, address: a } : { ok: false, reason: "BAD_ADDRESS" };
    }
    try {
      return { ok: true, address: formatAddress(await this.chat.resolveAddress(typed)) };
    } catch (e) {
      const code = (e as { type?: { code?: string } }).type?.code;
      if (code === "NAME_NOT_FOUND" || code === "NAME_EXPIRED") return { ok: false, reason: code };
      if (code === "BAD_INPUT") return { ok: false, reason: "BAD_NAME" };
      return { ok: false, reason: "UNAVAILABLE" };
    }
  }
}
