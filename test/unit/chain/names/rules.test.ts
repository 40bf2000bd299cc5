import { describe, expect, it } from "vitest";
import { checkName, nameWeight, normalizeName } from "../../../../src/chain/names/rules.js";
import { feeMultiple, nameFee } from "../../../../src/chain/names/fees.js";
import { DEFAULT_PARAMS } from "../../../../src/chain/params.js";

// Every refusal of docs/NAMES.md 2, with the code it gets; the first rule that fails decides.
const REFUSED: Array<[string, string, string]> = [
  ["not NFC (e + combining acute)", "cafe\u0301", "NAME_NOT_NFC"],
  ["fullwidth letters", "ａｂｃ", "NAME_COMPAT_FORM"],
  ["fullwidth digit", "abc１", "NAME_COMPAT_FORM"],
  ["circled digit", "abc①", "NAME_COMPAT_FORM"],
  ["CJK compatibility ideograph U+F900", "\uf900\u4e00", "NAME_NOT_NFC"],
  ["ligature fi", "\ufb01le", "NAME_COMPAT_FORM"],
  ["empty", "", "NAME_TOO_SHORT"],
  ["two ASCII characters", "ab", "NAME_TOO_SHORT"],
  ["one Han character", "张", "NAME_TOO_SHORT"],
  ["33 characters", "a".repeat(33), "NAME_TOO_LONG"],
  ["33 Han characters", "中".repeat(33), "NAME_TOO_LONG"],
  ["ASCII capital", "Alice", "NAME_UPPERCASE"],
  ["dot", "alice.eth", "NAME_BAD_CHAR"],
  ["underscore", "al_ice", "NAME_BAD_CHAR"],
  ["space", "al ice", "NAME_BAD_CHAR"],
  ["at sign", "@alice", "NAME_BAD_CHAR"],
  ["Cyrillic a (confusable with Latin a)", "\u0430lice", "NAME_BAD_CHAR"],
  ["Greek omicron", "b\u03bfb", "NAME_BAD_CHAR"],
  ["accented Latin (NFC, still refused)", "caf\u00e9", "NAME_BAD_CHAR"],
  ["emoji", "bob\u{1f600}", "NAME_BAD_CHAR"],
  ["Japanese kana", "\u3042\u3044\u3046", "NAME_BAD_CHAR"],
  ["ideographic full stop", "张三\u3002", "NAME_BAD_CHAR"],
  ["zero-width joiner", "bo\u200db", "NAME_BAD_CHAR"],
  ["Latin with Han", "bob张三", "NAME_MIXED_SCRIPT"],
  ["Han with Latin after a hyphen", "张三-li", "NAME_MIXED_SCRIPT"],
  ["punycode prefix", "xn--abc", "NAME_PUNYCODE"],
  ["leading hyphen", "-alice", "NAME_BAD_HYPHEN"],
  ["trailing hyphen", "alice-", "NAME_BAD_HYPHEN"],
  ["double hyphen", "al--ice", "NAME_BAD_HYPHEN"],
];

const ACCEPTED = ["abc", "alice", "bob-smith", "a1b2c3", "007", "张三", "中文名字", "张三-2024", "李四1", "a".repeat(32), "中".repeat(32), "\u3400\u3401"];

describe("name rules", () => {
  it.each(REFUSED)("refuses %s (%j) with %s", (_what, name, code) => {
    expect(checkName(name)?.code).toBe(code);
  });

  it.each(ACCEPTED)("accepts %j", (name) => {
    expect(checkName(name)).toBeNull();
  });

  it("gives every refusal a reason a person can read", () => {
    for (const [, name] of REFUSED) expect((checkName(name)?.type as { reason: string }).reason.length).toBeGreaterThan(5);
  });

  it("normalises what people type (NFC, ASCII lowercase) without hiding refusals", () => {
    expect(normalizeName("Alice")).toBe("alice");
    expect(normalizeName("cafe\u0301")).toBe("caf\u00e9");
    expect(checkName(normalizeName("cafe\u0301"))?.code).toBe("NAME_BAD_CHAR");
    // NFC maps compatibility ideographs to unified ones: the normalised name is then fine
    expect(checkName(normalizeName("\uf900\u4e00"))).toBeNull();
    // fullwidth forms are no capitals to fold: they stay refused
    expect(checkName(normalizeName("ＡＢＣ"))?.code).toBe("NAME_COMPAT_FORM");
  });

  it("weighs Han characters double", () => {
    expect([nameWeight("abc"), nameWeight("张三"), nameWeight("张三-1")]).toEqual([3, 4, 6]);
  });
});

describe("name fee table", () => {
  it("charges short names more, per year, in whole base units", () => {
    expect(["abc", "abcd", "abcde", "abcdef", "abcdefg", "张三", "张三丰"].map(feeMultiple)).toEqual([32n, 8n, 4n, 2n, 1n, 8n, 2n]);
    expect(nameFee(DEFAULT_PARAMS, "abc", 2)).toBe(6_400_000n);
    expect(nameFee(DEFAULT_PARAMS, "alice-long", 1)).toBe(100_000n);
  });
});
