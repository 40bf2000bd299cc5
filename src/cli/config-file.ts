// `--config <file>` for long-running commands (parley node, parley light): a TOML or JSON file
// whose keys are the command's flags (`rpc-port = 8645`). The accepted keys, their types and
// choices are read from the same yargs option table that defines the flags (recordOptions), so a
// flag added to the table is accepted in the file without touching this file. yargs' own
// `.config()` merges the file: flags on the command line win over the file, the file over defaults.
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import type { Argv, Options } from "yargs";
import { parse as parseToml, TomlError } from "smol-toml";
import { ParleyError } from "../util/errors.js";

export type ConfigErrorType =
  | { code: "UNREADABLE"; path: string; reason: string }
  | { code: "BAD_SYNTAX"; path: string; line?: number; reason: string }
  | { code: "UNKNOWN_KEY"; path: string; key: string; line?: number }
  | { code: "BAD_VALUE"; path: string; key: string; line?: number; reason: string };

export class ConfigError extends ParleyError<ConfigErrorType> {}

/** One flag as its option table defines it. */
export interface FlagSpec {
  readonly name: string;
  readonly def: Options;
}

/** Runs an option-table function against a recorder and returns its flags in table order. */
export function recordOptions(table: (y: Argv) => unknown): FlagSpec[] {
  const flags: FlagSpec[] = [];
  const recorder: Argv = new Proxy({} as Argv, {
    get(_target, prop) {
      if (prop === "option" || prop === "options") {
        return (name: string | Record<string, Options>, def?: Options) => {
          if (typeof name === "string") flags.push({ name, def: def ?? {} });
          else for (const [n, d] of Object.entries(name)) flags.push({ name: n, def: d });
          return recorder;
        };
      }
      // Anything else a table may chain (group, check, ...) changes no flag.
      return () => recorder;
    },
  });
  table(recorder);
  return flags;
}

function kindOf(def: Options): "string" | "number" | "boolean" {
  if (def.type === "number" || def.type === "boolean") return def.type;
  return "string";
}

function lineOf(text: string, key: string, json: boolean): number | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = json ? new RegExp(`"${escaped}"\\s*:`) : new RegExp(`^\\s*["']?${escaped}["']?\\s*=`);
  const i = text.split("\n").findIndex((l) => re.test(l));
  return i < 0 ? undefined : i + 1;
}

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());

function checkValue(spec: FlagSpec, value: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  const { def } = spec;
  const kind = kindOf(def);
  // Lists are natural in TOML; a comma-separated flag takes one as its items.
  if (kind === "string" && Array.isArray(value) && /comma-separated/i.test(def.describe ?? "")) {
    if (!value.every((v) => typeof v === "string")) return { ok: false, reason: "expected a list of strings" };
    return { ok: true, value: value.join(",") };
  }
  if (typeof value !== kind) return { ok: false, reason: `expected a ${kind}, got ${Array.isArray(value) ? "a list" : typeof value === "object" ? "a table" : `the ${typeof value} ${JSON.stringify(value)}`}` };
  if (kind === "number" && !Number.isFinite(value as number)) return { ok: false, reason: "expected a finite number" };
  const choices = def.choices as readonly unknown[] | undefined;
  if (choices !== undefined && !choices.includes(value)) return { ok: false, reason: `expected one of ${choices.join(", ")}` };
  return { ok: true, value };
}

/** Reads and checks a config file against the flags; returns the flags' values by flag name. */
export function loadConfigFile(path: string, flags: readonly FlagSpec[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError({ code: "UNREADABLE", path, reason: (e as Error).message }, `config file ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const json = extname(path).toLowerCase() === ".json";
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : parseToml(text);
  } catch (e) {
    const line = e instanceof TomlError ? e.line : undefined;
    const reason = e instanceof TomlError ? e.message.split("\n")[0]! : (e as Error).message;
    throw new ConfigError({ code: "BAD_SYNTAX", path, line, reason }, `config file ${path}${line !== undefined ? `, line ${line}` : ""}: not valid ${json ? "JSON" : "TOML"}: ${reason}`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new ConfigError({ code: "BAD_SYNTAX", path, reason: "not an object" }, `config file ${path}: expected an object of flag = value`);
  const byName = new Map(flags.map((f) => [f.name, f]));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const spec = byName.get(key) ?? byName.get(kebab(key));
    const line = lineOf(text, key, json);
    const at = `config file ${path}${line !== undefined ? `, line ${line}` : ""}`;
    if (spec === undefined) {
      throw new ConfigError({ code: "UNKNOWN_KEY", path, key, line }, `${at}: unknown key "${key}"; the keys are the flags: ${flags.map((f) => f.name).join(", ")}`);
    }
    const checked = checkValue(spec, value);
    if (!checked.ok) throw new ConfigError({ code: "BAD_VALUE", path, key, line, reason: checked.reason }, `${at}: ${key}: ${checked.reason}`);
    out[spec.name] = checked.value;
  }
  return out;
}

/** Adds `--config <file>` to a command whose flags `table` defines (call it after the table). */
export function withConfigFile<T>(y: Argv<T>, table: (y: Argv) => unknown): Argv<T> {
  const flags = recordOptions(table);
  return y.config("config", "A TOML (or .json) file of these flags' settings, e.g. rpc-port = 8645; flags given here override it (`parley config example`)", (path: string) =>
    loadConfigFile(path, flags),
  );
}

function tomlValue(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** A commented example config: flags with defaults set to them, the others commented out. */
export function exampleConfig(command: string, flags: readonly FlagSpec[]): string {
  const lines = [
    `# parley ${command} configuration: parley ${command} --config ${command}.toml`,
    `# Every key is a flag of \`parley ${command}\` (see parley ${command} --help); a flag given on the`,
    "# command line overrides the file. Relative paths are relative to the working directory.",
    "",
  ];
  for (const { name, def } of flags) {
    const about = [def.describe, def.choices ? `one of: ${(def.choices as unknown[]).join(", ")}` : undefined, def.demandOption ? "required (here or as a flag)" : undefined].filter(Boolean).join("; ");
    if (about) lines.push(`# ${about}`);
    if (def.default !== undefined) lines.push(`${name} = ${tomlValue(def.default)}`);
    else lines.push(`# ${name} = ${kindOf(def) === "number" ? "0" : kindOf(def) === "boolean" ? "false" : '""'}`);
    lines.push("");
  }
  return lines.join("\n");
}
