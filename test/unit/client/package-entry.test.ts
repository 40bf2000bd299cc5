// The SDK as a package: `parley/client` resolves through package.json "exports" (self-reference),
// carries type declarations, and bundles for the browser with no node: module reachable and
// nothing kept that an app does not use. Needs `npm run build` (dist/) first, like npm test does.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const REPO = join(import.meta.dirname, "../../..");

async function bundle(source: string): Promise<{ code: string; inputs: string[] }> {
  const out = await build({
    stdin: { contents: source, resolveDir: REPO, loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    minify: true,
  });
  return { code: out.outputFiles[0]!.text, inputs: Object.keys(out.metafile.inputs) };
}

describe("parley/client", () => {
  it("is importable by name through package.json exports, with type declarations", async () => {
    // Through a variable: typecheck runs before the build, when dist/ (and its .d.ts) may not exist.
    const entry = "parley/client";
    const sdk = (await import(entry)) as Record<string, unknown>;
    for (const name of ["ParleyClient", "ChatClient", "newIdentity", "buildTx", "VerifiedChain", "HttpRpcClient"]) expect(typeof sdk[name], name).toBe("function");
    expect(existsSync(join(REPO, "dist/src/client/index.d.ts"))).toBe(true);
  });

  it("types an app's code through the declarations: a wrong use fails to compile", () => {
    // Inside the package (self-reference resolves "parley/client"); dist/ is build output.
    const dir = join(REPO, "dist/consumer-check");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "app.ts");
    writeFileSync(file, 'import { ChatClient, newIdentity, type ChatMessage } from "parley/client";\nconst me = newIdentity();\nconst from = (m: ChatMessage): string => m.from;\nvoid new ChatClient("http://127.0.0.1:8645").readInbox(me).then((p) => p.messages.map(from));\nexport const wrong: number = me.address;\n');
    const tsc = join(REPO, "node_modules/typescript/bin/tsc");
    const args = [tsc, "--ignoreConfig", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2024", "--strict", "--skipLibCheck", "--types", "node", file];
    let out = "";
    try {
      execFileSync(process.execPath, args, { encoding: "utf8", cwd: REPO });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout);
    }
    // Exactly the one planted error: the SDK's own types resolved and checked the rest.
    expect(out.trim().split("\n")).toEqual([expect.stringMatching(/app\.ts\(5,14\): error TS2322: Type 'string' is not assignable to type 'number'/)]);
  });

  it("bundles for the browser: no node: module is reachable from the entry", async () => {
    // esbuild refuses node: builtins on the browser platform, so the build itself is the check.
    const { inputs } = await bundle('export { ParleyClient, ChatClient, newIdentity } from "parley/client";');
    expect(inputs.some((i) => i.endsWith("crypto/browser.js"))).toBe(true);
    expect(inputs.filter((i) => i.endsWith("crypto/native.js") || i.startsWith("node:"))).toEqual([]);
  });

  it("is tree-shakable: importing one small function leaves the clients out", async () => {
    const small = await bundle('import { feeFor } from "parley/client"; console.log(feeFor(100, 1n, 2n));');
    const whole = await bundle('import * as sdk from "parley/client"; console.log(sdk);');
    expect(small.code.length).toBeLessThan(whole.code.length / 5);
    expect(whole.code).toContain("msg_inbox");
    expect(small.code).not.toContain("msg_inbox");
  });
});
