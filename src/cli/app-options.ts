// The web app's flags, shared by `parley node` and `parley light`: both serve the same app on
// their RPC port (docs/APP.md 1, docs/LIGHT.md), on by default, --no-app for RPC only.
import type { Argv } from "yargs";
import type { AppServeOptions } from "../rpc/app-server.js";

export interface AppArgs {
  /** Serve the web app on the RPC port (default true; --no-app turns it off). */
  app?: boolean;
  /** Comma-separated RPC URLs of other nodes the app may cross-check with. */
  appPeers?: string;
  /** Serve the app from this directory instead of dist/app. */
  appDir?: string;
}

export function appOptions<T>(y: Argv<T>) {
  return y
    .option("app", { type: "boolean", default: true, describe: "Serve the web app on the RPC port (--no-app: RPC only)" })
    .option("app-peers", { type: "string", describe: "Comma-separated RPC URLs of other nodes the app may cross-check answers with" })
    .option("app-dir", { type: "string", describe: "Serve the app built in this directory (default: dist/app)" });
}

export function appServeFromArgs(a: AppArgs): AppServeOptions | null {
  if (a.app === false) return null;
  const peers = (a.appPeers ?? "").split(",").map((u) => u.trim()).filter((u) => u.length > 0);
  return { peers, ...(a.appDir ? { dir: a.appDir } : {}) };
}
