// The allowlist a node enforces while it runs: the operator's entries (the --allow-peers list or
// file) plus every validator the chain names, current or scheduled by governance. The file is
// re-read when it changes (polled), on SIGHUP (the CLI calls reload) and on admin_reloadAllowlist;
// the validator part is recomputed after every block that changes the set. So onboarding a
// validator needs only the governance vote, and a full node only a line in the file: nobody
// restarts. A file that fails to parse keeps the last good list in force and is logged.
import { readFileSync, unwatchFile, watchFile } from "node:fs";
import { ParleyError } from "../util/errors.js";
import { formatAddress } from "../chain/address.js";
import type { Address } from "../chain/tx/types.js";
import { allowlistEntry, parseAllowlistText, type AllowlistEntry } from "../network/allowlist.js";
import { peerIdFromEd25519PublicKey, type Network } from "../network/index.js";
import type { Logger } from "../util/logger.js";

export interface AllowlistConfig {
  /** Entries given inline (peer ids or addresses). */
  entries: readonly string[];
  /** A file of entries, re-read while running. */
  file?: string | undefined;
}

/** How often the file's mtime is polled: fs.watch misses editors that replace the file. */
const FILE_POLL_MS = 1_000;

export interface AllowlistSummary {
  file: string | null;
  /** Entries from the flag and the file, as peer ids. */
  configured: number;
  /** Validators (current or scheduled) allowed because the chain names them. */
  validators: number;
  /** The union in force. */
  allowed: string[];
}

export class NodeAllowlist {
  private configured: AllowlistEntry[] = [];
  private validatorPeers = new Map<string, string>(); // peer id -> address
  private watching = false;
  private net: Network | null = null;

  constructor(
    private readonly config: AllowlistConfig,
    private readonly log: Logger,
  ) {}

  /** The network now running with `initial()`'s list: later changes go to it, and the file is watched. */
  attach(net: Network): void {
    this.net = net;
    this.watch();
  }

  /** Reads the configured entries; throws on a bad one (at start the node refuses to run). */
  load(): void {
    const inline = this.config.entries.map((text) => allowlistEntry(text, "--allow-peers"));
    const fromFile = this.config.file === undefined ? [] : parseAllowlistText(readFileSync(this.config.file, "utf8"), this.config.file);
    this.configured = [...inline, ...fromFile];
  }

  /** The peer ids a node with this validator set must allow (initially, before the network starts). */
  initial(validators: readonly Address[]): string[] {
    this.load();
    this.validatorPeers = new Map(validators.map((v) => [peerIdFromEd25519PublicKey(v), formatAddress(v)]));
    return this.union();
  }

  private watch(): void {
    if (this.config.file === undefined || this.watching) return;
    this.watching = true;
    watchFile(this.config.file, { interval: FILE_POLL_MS, persistent: false }, (cur, prev) => {
      if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size) this.reload("file changed").catch(() => undefined); // logged in reload
    });
  }

  /** Re-reads the file; on a bad file keeps the current list and reports why. */
  async reload(reason: string): Promise<AllowlistSummary> {
    try {
      this.load();
    } catch (e) {
      this.log.error({ file: this.config.file, err: e instanceof ParleyError ? e.message : String(e) }, "allowlist not reloaded: the last good list stays in force");
      throw e;
    }
    await this.apply(reason);
    return this.summary();
  }

  /** The chain's validators (current and scheduled) changed: allow exactly the new ones. */
  async setValidators(validators: readonly Address[]): Promise<void> {
    const next = new Map(validators.map((v) => [peerIdFromEd25519PublicKey(v), formatAddress(v)]));
    const same = next.size === this.validatorPeers.size && [...next.keys()].every((p) => this.validatorPeers.has(p));
    if (same) return;
    this.validatorPeers = next;
    await this.apply("validator set changed");
  }

  summary(): AllowlistSummary {
    return { file: this.config.file ?? null, configured: new Set(this.configured.map((e) => e.peerId)).size, validators: this.validatorPeers.size, allowed: this.union() };
  }

  stop(): void {
    if (this.watching && this.config.file !== undefined) unwatchFile(this.config.file);
    this.watching = false;
  }

  private union(): string[] {
    return [...new Set([...this.configured.map((e) => e.peerId), ...this.validatorPeers.keys()])];
  }

  private async apply(reason: string): Promise<void> {
    if (this.net === null) return;
    const { added, removed } = await this.net.setAllowPeers(this.union());
    if (added.length > 0 || removed.length > 0) this.log.info({ reason, added, removed, allowed: this.union().length }, "allowlist updated");
  }
}
