// Contacts: addresses a person named, kept per identity in local storage (public data only).
import { isString, loadJson, saveJson } from "../lib/storage.js";
import { Store } from "../lib/store.js";

export interface Contact {
  address: string;
  name: string;
}

const isContactList = (v: unknown): v is Contact[] =>
  Array.isArray(v) && v.every((c) => typeof c === "object" && c !== null && typeof (c as Contact).address === "string" && typeof (c as Contact).name === "string");

// Kept with the contact-code format (no storage there, so unit tests can import it).
export { normalizeAddress } from "./contact-uri.js";

export class Contacts {
  readonly list: Store<Contact[]>;
  /** The name this identity suggests in its own contact QR code ("" for none). */
  readonly myName: Store<string>;
  private readonly key: string;
  private readonly nameKey: string;

  constructor(owner: string) {
    this.key = `contacts.${owner}`;
    this.nameKey = `profile-name.${owner}`;
    this.list = new Store(loadJson(this.key, [], isContactList));
    this.myName = new Store(loadJson(this.nameKey, "", isString));
  }

  setMyName(name: string): void {
    this.myName.set(name);
    saveJson(this.nameKey, name);
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
