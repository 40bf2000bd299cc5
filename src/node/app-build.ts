// Builds the web app (src/app) into dist/app with esbuild: one JS and one CSS file named by
// their content hash (so nodes may let browsers cache them forever) and an index.html naming
// them. Run by `npm run build` / `npm ci` (prepare) / `npm test`; never committed.
//
// The bundle is the same code the node and the CLI run: the SDK (src/client) and the light
// client's verification (src/light). The one difference is crypto/native.ts (node:crypto),
// which this build maps to crypto/browser.ts (@noble, same functions, same results).
import { build, type Metafile, type Plugin } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { defaultAppDir } from "../rpc/app-server.js";

export interface AppBuildResult {
  outDir: string;
  js: string;
  css: string;
  /** JS chunks the entry imports statically (they load with it); lazily imported ones are not here. */
  chunks: string[];
  /** Bytes per output file (uncompressed), for the size budget in bench/app.ts. */
  sizes: Record<string, number>;
}

/** Maps crypto/native.js (node:crypto) to crypto/browser.ts (@noble): the one difference of a browser build. */
export const browserCrypto: Plugin = {
  name: "parley-browser-crypto",
  setup(b) {
    b.onResolve({ filter: /(^|\/)crypto\/native\.js$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.replace(/native\.js$/, "browser.ts")) }));
  },
};

/** The entry's JS output and the CSS bundle esbuild made of the CSS it imports. */
function outputsOf(meta: Metafile): { js: string; css: string } {
  const js = Object.keys(meta.outputs).find((o) => o.endsWith(".js") && meta.outputs[o]!.entryPoint !== undefined);
  const css = js ? meta.outputs[js]!.cssBundle : undefined;
  // A build bug, not a user's input: the entry always imports its stylesheet.
  if (!js || !css) throw new Error("app build produced no JS entry or no CSS bundle");
  return { js, css };
}

export async function buildApp(root: string, outDir: string = defaultAppDir()): Promise<AppBuildResult> {
  const src = join(root, "src", "app");
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const r = await build({
    absWorkingDir: root,
    entryPoints: { app: join(src, "main.tsx") },
    bundle: true,
    format: "esm",
    platform: "browser",
    // Browsers with ES2022, WebCrypto and CSP 3 (2023 and later).
    target: ["chrome110", "firefox115", "safari16"],
    minify: true,
    sourcemap: "linked",
    legalComments: "none",
    jsx: "automatic",
    jsxImportSource: "preact",
    entryNames: "assets/[name]-[hash]",
    // Code the app imports with import() (the QR decoder) is its own file, loaded when used.
    splitting: true,
    chunkNames: "assets/[name]-[hash]",
    assetNames: "assets/[name]-[hash]",
    outdir: outDir,
    metafile: true,
    // Error classes name themselves after their constructor (util/errors.ts): keep the names.
    keepNames: true,
    logLevel: "warning",
    plugins: [browserCrypto],
  });
  const { js, css } = outputsOf(r.metafile);
  const rel = (p: string): string => "/assets/" + basename(p);
  const html = readFileSync(join(src, "index.html"), "utf8").replace("%APP_JS%", rel(js)).replace("%APP_CSS%", rel(css));
  writeFileSync(join(outDir, "index.html"), html);
  copyFileSync(join(src, "favicon.svg"), join(outDir, "favicon.svg"));
  const sizes: Record<string, number> = {};
  for (const [name, o] of Object.entries(r.metafile.outputs)) if (!name.endsWith(".map")) sizes["/assets/" + basename(name)] = o.bytes;
  // Compressed once here at the highest levels, so a node's start costs no compression at all.
  const built = Object.keys(r.metafile.outputs).filter((o) => !o.endsWith(".map")).map((o) => join(root, o));
  for (const file of [...built, join(outDir, "index.html"), join(outDir, "favicon.svg")]) {
    const body = readFileSync(file);
    writeFileSync(file + ".br", brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    writeFileSync(file + ".gz", gzipSync(body, { level: 9 }));
  }
  const chunks = r.metafile.outputs[js]!.imports.filter((i) => i.kind === "import-statement" && !i.external).map((i) => rel(i.path));
  return { outDir, js: rel(js), css: rel(css), chunks, sizes };
}

// `node dist/src/node/app-build.js`: build into dist/app of this checkout.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = resolve(defaultAppDir(), "../..");
  buildApp(root).then((r) => {
    const total = Object.values(r.sizes).reduce((a, b) => a + b, 0);
    process.stdout.write(`app built in ${r.outDir}: ${r.js}, ${r.css} (${(total / 1024).toFixed(0)} KiB before compression)\n`);
  }, (e: unknown) => {
    process.stderr.write(`app build failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
