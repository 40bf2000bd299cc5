// Typed errors: every error a user or a peer can cause carries a machine-readable `code`
// (a union per domain) plus the fields that explain it. RPC maps codes to JSON-RPC errors,
// gossip maps them to Accept/Ignore/Reject, in one place each.

export type ErrorType = { code: string } & Record<string, unknown>;

export class ParleyError<T extends ErrorType = ErrorType> extends Error {
  readonly type: T;
  constructor(type: T, message?: string) {
    super(message ?? describe(type));
    this.type = type;
    this.name = new.target.name;
  }
  get code(): T["code"] {
    return this.type.code;
  }
}

function describe(type: ErrorType): string {
  const extra = Object.entries(type)
    .filter(([k]) => k !== "code")
    .map(([k, v]) => `${k}=${typeof v === "bigint" ? v.toString() : typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" ");
  return extra ? `${type.code}: ${extra}` : type.code;
}

/**
 * Builds an error without capturing a stack trace. Refusals on hot paths (txs, actions) are
 * results made thousands of times a second; the stack cost more than the check that made them.
 */
export function withoutStack<E>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Hot paths return results instead of throwing: exceptions cost measurable CPU at thousands per second. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
