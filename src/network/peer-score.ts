// A small table of misbehaving peers: strikes within a sliding window, then a temporary ban.
// Gossipsub's own score only lowers a peer's standing in the mesh; this table is what turns
// repeated garbage into a disconnect, and the connection gater consults it to refuse the peer
// while the ban lasts.

export interface PeerScoreOptions {
  /** Strikes within `windowMs` that get a peer banned (default 5: one bad batch is a bug, five is a pattern). */
  maxStrikes: number;
  /** How long a strike counts (default 60 s). */
  windowMs: number;
  /** How long a banned peer is refused (default 5 min: long enough to stop a flood, short enough to recover a fixed peer). */
  banMs: number;
  /** Clock, injectable for tests. */
  now: () => number;
}

export const DEFAULT_PEER_SCORE: PeerScoreOptions = {
  maxStrikes: 5,
  windowMs: 60_000,
  banMs: 5 * 60_000,
  now: () => Date.now(),
};

// Bounds memory if many distinct peer ids misbehave (possible only without an allowlist).
const MAX_TRACKED_PEERS = 10_000;

interface Entry {
  strikes: number[];
  bannedUntil: number;
}

export class PeerScoreTable {
  private readonly opts: PeerScoreOptions;
  private readonly entries = new Map<string, Entry>();

  constructor(opts: Partial<PeerScoreOptions> = {}) {
    this.opts = { ...DEFAULT_PEER_SCORE, ...opts };
  }

  /** Records one strike; returns true when this strike gets the peer banned. */
  strike(peerId: string): boolean {
    const now = this.opts.now();
    let entry = this.entries.get(peerId);
    if (entry === undefined) {
      if (this.entries.size >= MAX_TRACKED_PEERS) this.prune(now);
      entry = { strikes: [], bannedUntil: 0 };
      this.entries.set(peerId, entry);
    }
    if (entry.bannedUntil > now) return false; // already banned; the ban is not extended by more noise
    entry.strikes = entry.strikes.filter((t) => t > now - this.opts.windowMs);
    entry.strikes.push(now);
    if (entry.strikes.length < this.opts.maxStrikes) return false;
    entry.strikes = [];
    entry.bannedUntil = now + this.opts.banMs;
    return true;
  }

  isBanned(peerId: string): boolean {
    const entry = this.entries.get(peerId);
    return entry !== undefined && entry.bannedUntil > this.opts.now();
  }

  /** Strikes currently counting against the peer. */
  strikes(peerId: string): number {
    const now = this.opts.now();
    return this.entries.get(peerId)?.strikes.filter((t) => t > now - this.opts.windowMs).length ?? 0;
  }

  /** Every peer with strikes counting or a ban in force: what an operator checks after an incident. */
  standing(): Array<{ peer: string; strikes: number; bannedForMs: number }> {
    const now = this.opts.now();
    const out: Array<{ peer: string; strikes: number; bannedForMs: number }> = [];
    for (const [peer, e] of this.entries) {
      const strikes = e.strikes.filter((t) => t > now - this.opts.windowMs).length;
      const bannedForMs = Math.max(0, e.bannedUntil - now);
      if (strikes > 0 || bannedForMs > 0) out.push({ peer, strikes, bannedForMs });
    }
    return out;
  }

  private prune(now: number): void {
    for (const [id, e] of this.entries) {
      if (e.bannedUntil <= now && e.strikes.every((t) => t <= now - this.opts.windowMs)) this.entries.delete(id);
    }
    // Still full: forget the oldest-inserted entries rather than grow without bound.
    for (const id of this.entries.keys()) {
      if (this.entries.size < MAX_TRACKED_PEERS) break;
      this.entries.delete(id);
    }
  }
}
