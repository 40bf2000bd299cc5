// Shared CLI plumbing: reading keys, talking to a node, printing results and clear errors.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { scrypt as nodeScrypt } from "node:crypto";
import { encodeKeyFile, encryptKeyFile, KeystoreError, openKeyFile, SCRYPT_BOUNDS, type Identity, type ScryptFn } from "../client/keys.js";
import { passphrase } from "./passphrase.js";
import { ParleyClient } from "../client/parley-client.js";
import { ParleyError } from "../util/errors.js";
import { RpcClientError } from "../client/rpc-client.js";
import { hasNameArgs, nodeResolver, resolveNameArgs } from "./name-args.js";

export class CliError extends ParleyError<{ code: "CLI"; reason: string }> {}

export function cliError(reason: string): CliError {
  return new CliError({ code: "CLI", reason }, reason);
}

/** node:crypto's scrypt: the same bytes as noble's, ~1.5x faster, off the main thread. */
export const cliScrypt: ScryptFn = (pass, salt, params, dkLen) =>
  new Promise((resolve, reject) => {
    nodeScrypt(pass, salt, dkLen, { N: params.n, r: params.r, p: params.p, maxmem: SCRYPT_BOUNDS.maxMemBytes + 4096 }, (err, key) => (err ? reject(err) : resolve(new Uint8Array(key))));
  });

/**
 * Reads a key file: an encrypted one asks for its passphrase (passphrase.ts); a plaintext one
 * from before encrypted files loads with a warning, one written plaintext on purpose silently.
 */
export async function loadKey(path: string): Promise<Identity> {
  if (!existsSync(path)) throw cliError(`key file not found: ${path} (create one with: parley keys new --out ${path})`);
  const opened = await openKeyFile(readFileSync(path, "utf8"), () => passphrase(path), cliScrypt);
  if (opened.legacy) process.stderr.write(`warning: ${path} holds its key in plaintext; encrypt it with: parley keys encrypt --key ${path}\n`);
  return opened.identity;
}

/** How saveKey writes: encrypted under a passphrase (the default), or plaintext when asked for explicitly. */
export type KeyFileMode = { plaintext: true } | { plaintext: false; passphrase?: string };

export async function saveKey(path: string, id: Identity, mode: KeyFileMode, overwrite = false): Promise<void> {
  if (existsSync(path) && !overwrite) throw cliError(`${path} exists; refusing to overwrite a key (choose another --out)`);
  const text = mode.plaintext ? encodeKeyFile(id) : await encryptKeyFile(id, mode.passphrase ?? (await passphrase(path, true)), { scrypt: cliScrypt });
  writeFileSync(path, text, { mode: 0o600 });
}

export const DEFAULT_RPC = "http://127.0.0.1:8645";

export function rpcUrl(arg: string | undefined): string {
  return arg ?? process.env["PARLEY_RPC"] ?? DEFAULT_RPC;
}

export function client(rpc: string | undefined): ParleyClient {
  return new ParleyClient(rpcUrl(rpc));
}

/** Prints the message of an expected error (no stack) and sets a failing exit code. */
export function reportError(e: unknown): void {
  if (e instanceof RpcClientError && e.type.code === "RPC_ERROR") {
    const reason = e.type.reason ? ` [${e.type.reason}]` : "";
    const data = e.type.data as { message?: unknown; detail?: unknown } | null;
    const detail = data && typeof data.message === "string" ? `: ${data.message}` : data && typeof data.detail === "string" ? `: ${data.detail}` : "";
    process.stderr.write(`error: ${e.message}${reason}${detail}\n`);
  } else if (e instanceof RpcClientError && e.type.code === "TRANSPORT") {
    process.stderr.write(`error: cannot reach the node: ${e.type.reason}\n  (is it running? pass --rpc <url> or set PARLEY_RPC)\n`);
  } else if (e instanceof KeystoreError && e.type.code === "WRONG_PASSPHRASE") {
    // Exit code 4 (docs/CLI.md): a script can tell a wrong passphrase from other failures.
    process.stderr.write(`error: ${e.message}\n`);
    process.exitCode = 4;
    return;
  } else if (e instanceof ParleyError) {
    process.stderr.write(`error: ${e.message}\n`);
  } else {
    process.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exitCode = 1;
}

/** Wraps a command handler so expected errors print one clear line. */
export function run<A>(fn: (args: A) => Promise<void>): (args: A) => Promise<void> {
  return async (args) => {
    try {
      // "@name" in any address arg becomes the holder's address here, for every command (name-args.ts).
      const raw = args as unknown as Record<string, unknown>;
      if (hasNameArgs(raw)) await resolveNameArgs(raw, nodeResolver(rpcUrl(typeof raw["rpc"] === "string" ? raw["rpc"] : undefined), cliError));
      await fn(args);
    } catch (e) {
      reportError(e);
    }
  };
}

/** Parses "12.5"-style amounts? No: amounts are integers of the smallest unit. */
export function parseAmount(text: string | number, what = "amount"): bigint {
  const s = String(text);
  if (!/^\d{1,20}$/.test(s)) throw cliError(`${what} must be a whole number of tokens (got "${s}")`);
  const n = BigInt(s);
  if (n >= 1n << 64n) throw cliError(`${what} is too large`);
  return n;
}

// --json (a global flag, set by main.ts): read commands print their result as one line of JSON
// instead of text, for scripts. Bigints become decimal strings and bytes 0x-hex, as over RPC.
let jsonOutput = false;

export function setJsonOutput(on: boolean): void {
  jsonOutput = on;
}

export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? "0x" + Buffer.from(v).toString("hex") : v)) + "\n";
}

/** Prints `value` as JSON under --json, else runs the command's text printer. */
export function emit(value: unknown, text: () => void): void {
  if (jsonOutput) process.stdout.write(jsonLine(value));
  else text();
}
