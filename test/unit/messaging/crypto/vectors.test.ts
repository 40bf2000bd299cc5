// The committed test vectors must be exactly what the code produces today, and docs/ENCRYPTION.md
// must quote them verbatim. Regenerate both after an intended change:
//   PARLEY_WRITE_VECTORS=1 npx vitest run test/unit/messaging/crypto/vectors.test.ts
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateEncryptionVectors } from "../../../../src/messaging/crypto/vectors.js";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const VECTORS_PATH = `${root}test/fixtures/encryption-vectors.json`;
const DOC_PATH = `${root}docs/ENCRYPTION.md`;
const BEGIN = "<!-- vectors:begin (generated, do not edit) -->";
const END = "<!-- vectors:end -->";
const WRITE = process.env.PARLEY_WRITE_VECTORS === "1";

function vectorsText(): string {
  return JSON.stringify(generateEncryptionVectors(), null, 2) + "\n";
}

function docBlock(json: string): string {
  return `${BEGIN}\n\`\`\`json\n${json}\`\`\`\n${END}`;
}

describe("encryption test vectors", () => {
  it.runIf(WRITE)("are written to the fixture and the doc", () => {
    const json = vectorsText();
    writeFileSync(VECTORS_PATH, json);
    const doc = readFileSync(DOC_PATH, "utf8");
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start >= 0 && end > start).toBe(true);
    writeFileSync(DOC_PATH, doc.slice(0, start) + docBlock(json) + doc.slice(end + END.length));
  });

  it("are reproduced byte for byte by the current code", () => {
    expect(vectorsText()).toBe(readFileSync(VECTORS_PATH, "utf8"));
  });

  it("are quoted verbatim in docs/ENCRYPTION.md", () => {
    expect(readFileSync(DOC_PATH, "utf8")).toContain(docBlock(readFileSync(VECTORS_PATH, "utf8")));
  });

  it("are deterministic: two runs agree", () => {
    expect(vectorsText()).toBe(vectorsText());
  });
});
