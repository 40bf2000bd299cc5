// Structured logs (pino) to stderr, so stdout stays for what a command prints for people and scripts.
// In util because the full node, the light node and the CLI all log the same way.
import { pino, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(level: LogLevel, name = "parley", bindings: Record<string, unknown> = {}): Logger {
  return pino({ name, level, base: { ...bindings } }, pino.destination({ fd: 2, sync: false }));
}
