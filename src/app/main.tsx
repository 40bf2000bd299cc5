// Entry point of the browser bundle (built by src/node/app-build.ts).
import { render } from "preact";
import "./styles.css";
import { App } from "./ui/App.js";
import { lang } from "./i18n/i18n.js";
import { loadAppConfig } from "./state/config.js";
import { startVerifier } from "./state/verifier.js";

document.documentElement.lang = lang.get();
// The light client starts at once (public pages show what it verified too); it needs the
// node's list of witnesses first.
void loadAppConfig().then(() => startVerifier());
const root = document.getElementById("app")!;
// The page's "loading" line is static HTML: replace it rather than render beside it.
root.textContent = "";
render(<App />, root);
