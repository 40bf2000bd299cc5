// "@name" in CLI address args: every address option, comma lists and the ADDRESS of
// ADDRESS:BPS are rewritten to the holder's address, one lookup per distinct name; text options
// ("--text @bob hi") and addresses are left alone; a name that does not resolve stops the command.
import { describe, expect, it } from "vitest";
import { hasNameArgs, resolveNameArgs } from "../../../src/cli/name-args.js";

const BOOK: Record<string, string> = { "@alice": "parley1alice", "@bob": "parley1bob" };

function lookupCounting(): { lookup: (n: string) => Promise<string>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: async (n) => {
      asked.push(n);
      const a = BOOK[n];
      if (!a) throw new Error(`no name "${n}"`);
      return a;
    },
  };
}

describe("CLI @name args", () => {
  it("rewrites address options, lists and shares, asking once per name", async () => {
    const args: Record<string, unknown> = { to: "@alice", members: "@bob, parley1carol,@alice", creator: ["@bob:7000", "parley1x:3000"], text: "@bob hi", rpc: "http://x" };
    const { lookup, asked } = lookupCounting();
    expect(hasNameArgs(args)).toBe(true);
    await resolveNameArgs(args, lookup);
    expect(args).toEqual({ to: "parley1alice", members: "parley1bob, parley1carol,parley1alice", creator: ["parley1bob:7000", "parley1x:3000"], text: "@bob hi", rpc: "http://x" });
    expect(asked.sort()).toEqual(["@alice", "@bob"]);
  });

  it("leaves commands without names alone, and stops on a name that does not resolve", async () => {
    expect(hasNameArgs({ to: "parley1alice", text: "@bob" })).toBe(false);
    await expect(resolveNameArgs({ to: "@nobody" }, lookupCounting().lookup)).rejects.toThrow('no name "@nobody"');
  });
});
