// The basic types every consensus file shares: values, signing, time, steps, logging, status.
// This file imports nothing from the consensus package, so every other file may import it
// without forming a cycle; the host contract, which names messages and certificates, is in
// host.ts.

/** A proposed value: `id` is the 32-byte block hash, `bytes` the encoded block. */
export interface ProposalValue {
  id: Uint8Array;
  bytes: Uint8Array;
}

export interface Signer {
  publicKey: Uint8Array;
  sign(msg: Uint8Array): Uint8Array;
}

/** Ed25519 verify; the node passes the native strict verifier, browsers and tests noble's. */
export type VerifyFn = (publicKey: Uint8Array, msg: Uint8Array, signature: Uint8Array) => boolean;

export type TimerHandle = unknown;

/** Injected time, so tests run on a virtual clock and the node on real timers. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  now(): number;
}

export const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export const STEPS = ["propose", "prevote", "precommit"] as const;
export type Step = (typeof STEPS)[number];

/** Structural logger so a pino child logger fits without importing pino here. */
export interface ConsensusLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ConsensusStatus {
  height: number;
  round: number;
  step: Step;
  lockedRound: number;
  validRound: number;
  /** True between deciding a value and the host's commit promise resolving. */
  decided: boolean;
}
