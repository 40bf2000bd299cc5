// Where the CLI gets a key file's passphrase (docs/CLI.md "Key files"), first match wins:
// --passphrase-file F (its first line), env PARLEY_PASSPHRASE (for scripts), else a prompt on
// the terminal with echo off. Without a terminal and without either, the command fails clearly
// rather than waiting on a pipe that will never answer.
import { readFileSync, existsSync } from "node:fs";
import { cliError } from "./common.js";

let passphraseFile: string | undefined;

/** Set by main.ts from the global --passphrase-file flag. */
export function setPassphraseFile(path: string | undefined): void {
  passphraseFile = path;
}

function firstLine(path: string): string {
  if (!existsSync(path)) throw cliError(`passphrase file not found: ${path}`);
  // One line: a trailing newline from `echo pass > file` is not part of the passphrase.
  return readFileSync(path, "utf8").split(/\r?\n/)[0] ?? "";
}

/** The passphrase for `what` ("bob.key"), asking once; `confirm` asks twice on a terminal (a new file). */
export async function passphrase(what: string, confirm = false): Promise<string> {
  if (passphraseFile !== undefined) return firstLine(passphraseFile);
  const env = process.env["PARLEY_PASSPHRASE"];
  if (env !== undefined) return env;
  if (!process.stdin.isTTY) throw cliError(`${what} needs a passphrase: pass --passphrase-file F or set PARLEY_PASSPHRASE (no terminal to ask on)`);
  const first = await prompt(`passphrase for ${what}: `);
  if (confirm && (await prompt("again: ")) !== first) throw cliError("the two passphrases differ");
  return first;
}

/** Reads one line from the terminal without echo (raw mode; Ctrl-C aborts). */
export function prompt(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let text = "";
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const done = (err: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      process.stderr.write("\n");
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return done(null);
        if (ch === "\u0003") return done(cliError("cancelled"));
        if (ch === "\u007f" || ch === "\b") text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on("data", onData);
  });
}
