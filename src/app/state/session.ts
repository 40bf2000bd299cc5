// Who is using the app: nobody yet (onboarding), a locked identity (its vault is stored, the
// key is not in memory), or an unlocked session. Unlocking opens the vault with the passphrase
// in this browser; the secret key never leaves it (the node only ever sees signed txs).
import { NameBook } from "./names.js";
import { AssetBook } from "./asset-book.js";
import { ChatClient } from "../../client/chat.js";
import { encryptKeyFile, identityFromPhrase, newIdentityWithPhrase, openKeyFile, type Identity } from "../../client/keys.js";
import { openVault, parseVault, sealIdentity, VaultError, type VaultRecord } from "../../client/vault.js";
import { loadJson, removeKey, saveJson } from "../lib/storage.js";
import { Store } from "../lib/store.js";
import { Contacts } from "./contacts.js";
import { Conversations } from "./conversations.js";
import { nodeUrl } from "./config.js";
import { Channels } from "./channels.js";
import { Groups } from "./groups.js";
import { mlsStorageKey } from "./mls-store.js";
import { forgetDevice } from "./app-device.js";
import { Wallet } from "./wallet.js";
import { ChatActions } from "./actions.js";
import { verifier } from "./verifier.js";
import { nativeUnit } from "../i18n/i18n.js";

export class Session {
  readonly chat: ChatClient;
  readonly contacts: Contacts;
  readonly conversations: Conversations;
  readonly channels: Channels;
  readonly groups: Groups;
  readonly wallet: Wallet;
  readonly actions: ChatActions;
  readonly names: NameBook;
  /** Every asset shown, by symbol, decimals and issuer (held ones from the wallet). */
  readonly assets: AssetBook;

  constructor(readonly identity: Identity) {
    this.chat = new ChatClient(nodeUrl());
    this.contacts = new Contacts(identity.address);
    this.conversations = new Conversations(this.chat, identity);
    this.channels = new Channels(this.chat, identity);
    this.groups = new Groups(this.chat, identity);
    this.wallet = new Wallet(this.chat, identity);
    this.actions = new ChatActions(this.chat, identity);
    this.names = new NameBook(this.chat);
    this.assets = new AssetBook(this.chat, () => this.wallet.assets.get());
  }

  async start(): Promise<void> {
    verifier.attach(this);
    // Amounts are shown and typed in whole tokens of the chain's own unit (its genesis params).
    const info = await this.chat.client.rpc.call<{ params?: { nativeSymbol?: string; nativeDecimals?: number } }>("node_info").catch(() => null);
    if (info?.params?.nativeSymbol !== undefined && info.params.nativeDecimals !== undefined) nativeUnit.set({ symbol: info.params.nativeSymbol, decimals: info.params.nativeDecimals });
    await Promise.all([this.conversations.start(), this.wallet.refresh(), this.channels.start(), this.actions.start(), this.groups.start()]);
  }

  stop(): void {
    this.conversations.stop();
    this.channels.stop();
    this.groups.stop();
    this.wallet.stop();
    this.actions.stop();
    verifier.detach();
  }
}

export type Phase =
  | { kind: "new" }
  | { kind: "locked"; address: string }
  | { kind: "unlocked"; session: Session };

const VAULT_KEY = "vault";

function storedVault(): VaultRecord | null {
  const raw = loadJson<unknown>(VAULT_KEY, null, (v): v is unknown => v !== null);
  if (raw === null) return null;
  try {
    return parseVault(raw);
  } catch {
    return null;
  }
}

function initialPhase(): Phase {
  const v = storedVault();
  return v ? { kind: "locked", address: v.address } : { kind: "new" };
}

export const phase = new Store<Phase>(initialPhase());

/** The running session, or null while locked. */
export function currentSession(): Session | null {
  const p = phase.get();
  return p.kind === "unlocked" ? p.session : null;
}

async function begin(identity: Identity): Promise<void> {
  const session = new Session(identity);
  phase.set({ kind: "unlocked", session });
  // A node that is down should not block the screens: each part reports its own error.
  await session.start().catch(() => undefined);
}

/**
 * A new identity from a fresh 24-word recovery phrase (docs/ENCRYPTION.md 11.2), sealed under
 * `passphrase` but not yet unlocked: the app shows the words once and calls `enter` after the
 * person says they wrote them down. The phrase is never stored; a reload before `enter` leaves
 * the sealed identity locked (the passphrase opens it), and the words are gone, as with
 * `parley keys new`.
 */
export async function createIdentity(passphrase: string): Promise<{ identity: Identity; phrase: string }> {
  const { identity, phrase } = newIdentityWithPhrase();
  saveJson(VAULT_KEY, await sealIdentity(identity, passphrase));
  return { identity, phrase };
}

/** Unlocks the session of an identity just created (after its phrase was shown). */
export async function enter(identity: Identity): Promise<void> {
  await begin(identity);
}

/**
 * The identity a recovery phrase derives (the same key as `parley keys recover`), sealed under
 * `passphrase` and unlocked. A wrong word count, an unknown word or a bad checksum throws
 * RecoveryPhraseError before anything is stored.
 */
export async function recoverIdentity(phrase: string, passphrase: string): Promise<Identity> {
  const id = identityFromPhrase(phrase);
  saveJson(VAULT_KEY, await sealIdentity(id, passphrase));
  await begin(id);
  return id;
}

/**
 * An identity from a key file (parley keys new / parley init / this app's export), sealed and
 * unlocked. An encrypted file opens with `passphrase`, which then also seals it in this browser.
 */
export async function importKeyFile(text: string, passphrase: string): Promise<Identity> {
  const id = (await openKeyFile(text, async () => passphrase)).identity;
  saveJson(VAULT_KEY, await sealIdentity(id, passphrase));
  await begin(id);
  return id;
}

export async function unlock(passphrase: string): Promise<void> {
  const v = storedVault();
  if (!v) return phase.set({ kind: "new" });
  await begin(await openVault(v, passphrase));
}

/** Forgets the key in memory; the vault stays. */
export function lock(): void {
  const p = phase.get();
  if (p.kind !== "unlocked") return;
  p.session.stop();
  phase.set({ kind: "locked", address: p.session.identity.address });
}

/**
 * The key file of the stored identity, encrypted under the same passphrase in the format the CLI
 * reads (docs/ENCRYPTION.md 11): asks for the passphrase again, so an open tab is not enough.
 */
export async function exportKeyFile(passphrase: string): Promise<{ name: string; text: string }> {
  const v = storedVault();
  if (!v) throw new VaultError({ code: "BAD_VAULT", reason: "no identity is stored in this browser" });
  const id = await openVault(v, passphrase);
  return { name: `parley-${id.address.slice(0, 16)}.key`, text: await encryptKeyFile(id, passphrase) };
}

/** Deletes the vault from this browser: the identity is gone unless its key file was exported. */
export function forgetIdentity(): void {
  lock();
  // Its groups' secrets go with it: they are sealed under its key and useless without it.
  const v = storedVault();
  if (v) {
    removeKey(mlsStorageKey(v.address));
    forgetDevice(v.address);
  }
  removeKey(VAULT_KEY);
  phase.set({ kind: "new" });
}
