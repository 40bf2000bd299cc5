// Serving the Parley web app from a node's HTTP port (docs/APP.md 1): the files the build step
// wrote to dist/app (with their brotli and gzip forms), read once at start, with content types, validators for caching, and a Content-Security-Policy that allows only what the app
// does: its own scripts and styles, and RPC/WebSocket connections to this node and to the
// nodes the operator names as witnesses (--app-peers).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, relative, resolve, sep } from "node:path";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { ParleyError } from "../util/errors.js";
import type { StaticHandler } from "./http.js";

export interface AppServeOptions {
  /** Where the built app is (default: dist/app of this checkout). */
  dir?: string;
  /** RPC URLs of other nodes the app may cross-check against (http(s)://host:port). */
  peers?: string[];
}

export class AppServeError extends ParleyError<{ code: "BAD_APP_PEER"; url: string }> {}

interface AppFile {
  body: Buffer;
  /** Compressed bodies: written by the build (app.js.br, app.js.gz), else made on first request. */
  br: Buffer | null;
  gzip: Buffer | null;
  compressible: boolean;
  type: string;
  etag: string;
  cache: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

// Files under assets/ carry a content hash in their name: a new build is a new URL, so the
// browser may keep them forever. Everything else (index.html, config) is revalidated by ETag.
const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";
// Smaller files gain nothing from compression (and an extra header costs more than it saves).
const COMPRESS_MIN_BYTES = 512;
// Compressed siblings the build writes; they are bodies of their file, not paths of their own.
const COMPRESSED_EXT = /\.(br|gz)$/;

/** The repository root (holding package.json), found from this file's place in src/ or dist/src/. */
function repoRoot(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, "package.json"))) return dir;
    dir = resolve(dir, "..");
  }
  return resolve(import.meta.dirname, "../..");
}

export function defaultAppDir(): string {
  return join(repoRoot(), "dist", "app");
}

/** http(s)://host:port of an RPC URL, validated: it goes into a security header. */
export function peerOrigin(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AppServeError({ code: "BAD_APP_PEER", url }, `--app-peers: not a URL: "${url}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new AppServeError({ code: "BAD_APP_PEER", url }, `--app-peers: "${url}" is not http(s)`);
  return u.origin;
}

/** The CSP: nothing by default; the app's own files; connections only to this node and its peers. */
export function contentSecurityPolicy(selfHost: string | null, peers: readonly string[]): string {
  const connect = ["'self'"];
  // 'self' covers same-origin WebSockets in CSP 3 browsers; older ones need the ws: origin spelled out.
  if (selfHost) connect.push(`ws://${selfHost}`, `wss://${selfHost}`);
  for (const origin of peers) connect.push(origin, origin.replace(/^http/, "ws"));
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "manifest-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join("; ");
}

// A Host header goes into the CSP: only host[:port] characters, else it is left out.
const HOST_RE = /^[a-zA-Z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:.]+\](:\d{1,5})?$/;

function readIfExists(path: string): Buffer | null {
  return existsSync(path) ? readFileSync(path) : null;
}

/** A file as served; `path` finds the build's precompressed siblings (nothing is compressed at start). */
function appFile(body: Buffer, name: string, path: string | null): AppFile {
  const type = TYPES[extname(name)] ?? "application/octet-stream";
  const compressible = body.length >= COMPRESS_MIN_BYTES && !type.startsWith("image/png");
  return {
    body,
    br: compressible && path ? readIfExists(path + ".br") : null,
    gzip: compressible && path ? readIfExists(path + ".gz") : null,
    compressible,
    type,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
    cache: name.startsWith("assets/") ? IMMUTABLE : REVALIDATE,
  };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out;
}

/** Every file of the built app, by URL path ("/" is index.html). Null when the app is not built. */
export function loadAppFiles(dir: string, config: object): Map<string, AppFile> | null {
  if (!existsSync(join(dir, "index.html"))) return null;
  const files = new Map<string, AppFile>();
  for (const name of listFiles(dir)) {
    if (COMPRESSED_EXT.test(name)) continue;
    files.set("/" + name, appFile(readFileSync(join(dir, name)), name, join(dir, name)));
  }
  files.set("/", files.get("/index.html")!);
  // What this node tells the app about its setting (which other nodes it may cross-check with).
  files.set("/app-config.json", appFile(Buffer.from(JSON.stringify(config)), "app-config.json", null));
  return files;
}

function securityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  // The camera only for this origin: the app scans contacts' QR codes (and asks the user first).
  res.setHeader("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), payment=()");
}

// For files the build did not precompress (a hand-made --app-dir): made once, on first request,
// at levels that take milliseconds, not the seconds of the build's maximum.
const LAZY_BROTLI_QUALITY = 5;
const LAZY_GZIP_LEVEL = 6;

function pickEncoding(req: IncomingMessage, f: AppFile): { body: Buffer; encoding: string | null } {
  const accept = String(req.headers["accept-encoding"] ?? "");
  if (f.compressible && /\bbr\b/.test(accept)) {
    f.br ??= brotliCompressSync(f.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: LAZY_BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: f.body.length } });
    return { body: f.br, encoding: "br" };
  }
  if (f.compressible && /\bgzip\b/.test(accept)) {
    f.gzip ??= gzipSync(f.body, { level: LAZY_GZIP_LEVEL });
    return { body: f.gzip, encoding: "gzip" };
  }
  return { body: f.body, encoding: null };
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Parley</title><p>The Parley app is not built. Run <code>npm run build</code> (or <code>npm ci</code>) and restart the node.</p>\n`;

/**
 * A handler for GET/HEAD of the app's paths; it answers (and returns true) only for those,
 * leaving every other path to the RPC handler.
 */
export function createAppHandler(opts: AppServeOptions = {}): StaticHandler {
  const peers = [...new Set((opts.peers ?? []).map(peerOrigin))];
  const files = loadAppFiles(opts.dir ?? defaultAppDir(), { peers });
  return (req, res, path) => {
    const host = String(req.headers.host ?? "");
    const csp = contentSecurityPolicy(HOST_RE.test(host) ? host : null, peers);
    if (files === null) {
      if (path !== "/" && path !== "/index.html") return false;
      securityHeaders(res, csp);
      res.writeHead(503, { "Content-Type": TYPES[".html"]!, "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(NOT_BUILT) });
      res.end(req.method === "HEAD" ? undefined : NOT_BUILT);
      return true;
    }
    const f = files.get(path);
    if (!f) return false;
    securityHeaders(res, csp);
    res.setHeader("Cache-Control", f.cache);
    res.setHeader("ETag", f.etag);
    res.setHeader("Vary", "Accept-Encoding");
    if (req.headers["if-none-match"] === f.etag) {
      res.writeHead(304);
      res.end();
      return true;
    }
    const { body, encoding } = pickEncoding(req, f);
    const headers: Record<string, string | number> = { "Content-Type": f.type, "Content-Length": body.length };
    if (encoding) headers["Content-Encoding"] = encoding;
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
