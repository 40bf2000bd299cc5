import { render } from "preact";
import "./styles.css";

render(<main><h1>Parley</h1></main>, document.getElementById("app")!);
