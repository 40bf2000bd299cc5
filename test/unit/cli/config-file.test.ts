// --config files: keys are the flags of the command's own option table, checked with errors that
// name the file, the line and the key.
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { ConfigError, exampleConfig, loadConfigFile, recordOptions } from "../../../src/cli/config-file.js";
import { nodeOptions } from "../../../src/cli/commands/node.js";
import { lightOptions } from "../../../src/cli/commands/light.js";

const dir = mkdtempSync(join(tmpdir(), "parley-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const flags = recordOptions(nodeOptions);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function failure(path: string): ConfigError {
  try {
    loadConfigFile(path, flags);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("config files", () => {
  it("reads the flags from the node command's own option table", () => {
    const names = flags.map((f) => f.name);
    for (const n of ["data-dir", "genesis", "key", "rpc-port", "enable-admin", "peers", "allow-peers", "app", "log-level"]) expect(names).toContain(n);
    expect(recordOptions(lightOptions).map((f) => f.name)).toContain("peers");
  });

  it("loads TOML and JSON, kebab or camel case, lists for comma-separated flags", () => {
    const toml = file("a.toml", 'data-dir = "/d"\nrpc-port = 9000\nenable-admin = true\nlog-level = "warn"\npeers = ["/ip4/1.2.3.4/tcp/1", "/ip4/1.2.3.5/tcp/2"]\n');
    expect(loadConfigFile(toml, flags)).toEqual({ "data-dir": "/d", "rpc-port": 9000, "enable-admin": true, "log-level": "warn", peers: "/ip4/1.2.3.4/tcp/1,/ip4/1.2.3.5/tcp/2" });
    const json = file("a.json", JSON.stringify({ dataDir: "/d", app: false }));
    expect(loadConfigFile(json, flags)).toEqual({ "data-dir": "/d", app: false });
  });

  it("refuses an unknown key, naming it and its line", () => {
    const e = failure(file("b.toml", 'data-dir = "/d"\n\nrpc-prot = 1\n'));
    expect(e.type).toMatchObject({ code: "UNKNOWN_KEY", key: "rpc-prot", line: 3 });
    expect(e.message).toMatch(/line 3: unknown key "rpc-prot".*rpc-port/);
  });

  it("refuses a value of the wrong type or outside the choices, naming the key and line", () => {
    expect(failure(file("c.toml", 'rpc-port = "eighty"\n')).type).toMatchObject({ code: "BAD_VALUE", key: "rpc-port", line: 1 });
    expect(failure(file("d.toml", 'genesis = "g"\nlog-level = "loud"\n')).message).toMatch(/line 2: log-level: expected one of .*info/);
    expect(failure(file("e.toml", "app = 1\n")).type).toMatchObject({ code: "BAD_VALUE", key: "app" });
    expect(failure(file("f.toml", "[rpc-port]\nvalue = 1\n")).message).toMatch(/rpc-port: expected a number, got a table/);
  });

  it("refuses bad syntax with the parser's line, and a missing file", () => {
    expect(failure(file("g.toml", 'genesis = "g"\ndata-dir = \n')).type).toMatchObject({ code: "BAD_SYNTAX", line: 2 });
    expect(failure(file("h.json", "{ nope")).type).toMatchObject({ code: "BAD_SYNTAX" });
    expect(failure(join(dir, "missing.toml")).type).toMatchObject({ code: "UNREADABLE" });
  });

  it("prints an example that lists every flag and loads back as the defaults", () => {
    const text = exampleConfig("node", flags);
    for (const f of flags) expect(text).toContain(`${f.name} =`);
    const loaded = loadConfigFile(file("example.toml", text), flags);
    expect(loaded).toEqual(parse(text));
    expect(loaded["rpc-port"]).toBe(8645);
  });
});
