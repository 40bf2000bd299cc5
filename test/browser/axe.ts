// An accessibility audit of the page as it is, with axe-core from npm. The source is evaluated
// through the DevTools protocol, which the page's CSP does not govern (a <script> tag would be
// refused, as it should be).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "puppeteer-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

export async function audit(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate("typeof window.axe !== 'undefined'"))) await page.evaluate(axeSource);
  const json = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] }).then((r) => JSON.stringify(r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }))))`)) as string;
  return JSON.parse(json) as AxeViolation[];
}

export function critical(vs: AxeViolation[]): AxeViolation[] {
  return vs.filter((v) => v.impact === "critical");
}
