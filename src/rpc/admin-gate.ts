// Who may call admin methods. CORS allows every origin by default (the web app is served by any
// node and reads public data), so without this any web page open on the operator's machine
// could POST admin_setNetwork(false) to 127.0.0.1, or open a WebSocket and do the same. A
// browser always sends Origin on cross-origin requests and on every WebSocket upgrade; our CLI,
// SDK under Node, curl and the chaos harness send none. So: a request with an Origin header may
// call admin methods only when that origin is listed, and when a token is configured every admin
// call must carry it as `Authorization: Bearer <token>`.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { RpcReason } from "./errors.js";

export interface AdminAccessOptions {
  /** Browser origins (exactly as sent, e.g. "https://ops.example:8443") allowed to call admin methods. */
  adminOrigins: readonly string[];
  /** When set, admin calls need `Authorization: Bearer <token>`. */
  adminToken: string | null;
}

export type AdminRefusal = typeof RpcReason.ADMIN_ORIGIN_REFUSED | typeof RpcReason.ADMIN_TOKEN_REQUIRED;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Decides once per HTTP request or WebSocket connection, from the request's headers. */
export class AdminGate {
  private readonly origins: ReadonlySet<string>;
  private readonly token: Buffer | null;

  constructor(opts: AdminAccessOptions) {
    this.origins = new Set(opts.adminOrigins);
    // Compared as digests with timingSafeEqual: equal lengths, and no timing hint of the token.
    this.token = opts.adminToken === null ? null : digest(opts.adminToken);
  }

  /** Null when the caller may use admin methods, else the reason it may not. */
  refusal(headers: IncomingHttpHeaders): AdminRefusal | null {
    const origin = headers.origin;
    // [REJECT] a browser page whose origin the operator did not list
    if (origin !== undefined && !this.origins.has(origin)) return RpcReason.ADMIN_ORIGIN_REFUSED;
    if (this.token !== null) {
      const given = BEARER.exec(headers.authorization ?? "")?.[1];
      // [REJECT] a token is configured and the request does not carry it
      if (given === undefined || !timingSafeEqual(digest(given), this.token)) return RpcReason.ADMIN_TOKEN_REQUIRED;
    }
    return null;
  }
}
