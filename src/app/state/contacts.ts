// Contacts: addresses a person named, kept per identity in local storage (public data only).
import { parseAddress, formatAddress } from "../../chain/address.js";
import { loadJson, saveJson } from "../lib/storage.js";
import { Store } from "../lib/store.js";

export interface Contact {
  address: string;
  name: string;
}

const isContactList = (v: unknown): v is Contact[] =>
  Array.isArray(v) && v.every((c) => typeof c === "object" && c !== null && typeof (c as Contact).address === "string" && typeof (c as Contact).name === "string");

/** The canonical parley1... form of typed text, or null if it is not an address. */
export function normalizeAddress(text: string): string | null {
  const bytes = parseAddress(text.trim());
  return bytes ? formatAddress(bytes) : null;
}

export class Contacts {
  readonly list: Store<Contact[]>;
  private readonly key: string;

  constructor(owner: string) {
    this.key = `contacts.${owner}`;
    this.list = new Store(loadJson(this.key, [], isContactList));
  }

  /** Adds or renames; returns the contact (address normalized). */
  put(address: string, name: string): Contact {
    const c = { address, name: name.trim() || address.slice(0, 14) + "…" };
    this.list.update((l) => [...l.filter((x) => x.address !== address), c].sort((a, b) => a.name.localeCompare(b.name)));
    saveJson(this.key, this.list.get());
    return c;
  }

  remove(address: string): void {
    this.list.update((l) => l.filter((x) => x.address !== address));
    saveJson(this.key, this.list.get());
  }

  nameOf(address: string): string | null {
    return this.list.get().find((c) => c.address === address)?.name ?? null;
  }
}
