// Entry point of the browser bundle (built by src/node/app-build.ts).
import { render } from "preact";
import "./styles.css";
import { App } from "./ui/App.js";
import { lang } from "./i18n/i18n.js";
import { loadAppConfig } from "./state/config.js";

document.documentElement.lang = lang.get();
void loadAppConfig();
const root = document.getElementById("app")!;
// The page's "loading" line is static HTML: replace it rather than render beside it.
root.textContent = "";
render(<App />, root);
