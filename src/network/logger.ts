// The slice of a pino logger the network layer uses; a pino child logger satisfies it.
export interface NetworkLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: NetworkLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
};

export function errorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
