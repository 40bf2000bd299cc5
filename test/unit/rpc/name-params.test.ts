// "@name" in an address param: resolved through the server's ParamEnv, in nested params too; a
// name that does not resolve is INVALID_PARAMS naming the param with NAME_NOT_FOUND or
// NAME_EXPIRED; a server without names refuses "@" with BAD_FORMAT. A server that must fetch its
// names first (the light node) is asked for exactly the names in address params, all at once.
import { describe, expect, it } from "vitest";
import { bindParams, bindParamsFetched, p, type ParamEnv } from "../../../src/rpc/params.js";
import { RpcError } from "../../../src/rpc/errors.js";
import { identity } from "../chain/tx/fixtures.js";

const alice = identity("alice");
const env: ParamEnv = {
  resolveName: (name) =>
    name === "alice" ? { ok: true, address: alice.publicKey }
      : name === "old" ? { ok: false, reason: "NAME_EXPIRED", detail: "expired" }
        : { ok: false, reason: "NAME_NOT_FOUND", detail: `no name "${name}"` },
};
const LIST = [["to", p.address()], ["more", p.optional(p.object({ owner: p.address() }))]] as const;

function refusal(raw: unknown, e: ParamEnv | null): { reason: string | null; param: string } {
  try {
    bindParams(LIST, raw, e);
  } catch (err) {
    const x = err as RpcError;
    return { reason: x.type.reason ?? null, param: (x.type.data as { param: string }).param };
  }
  throw new Error("expected a refusal");
}

describe("@name in address params", () => {
  it("resolves to the holder's address, in nested params too", () => {
    expect(bindParams(LIST, ["@alice", { owner: "@alice" }], env)).toEqual([alice.publicKey, { owner: alice.publicKey }]);
    expect(bindParams(LIST, [alice.address], env)).toEqual([alice.publicKey, undefined]);
  });

  it("refuses a name that does not resolve, naming the param and the reason", () => {
    expect(refusal(["@nobody"], env)).toEqual({ reason: "NAME_NOT_FOUND", param: "to" });
    expect(refusal([alice.address, { owner: "@old" }], env)).toEqual({ reason: "NAME_EXPIRED", param: "more.owner" });
    expect(refusal(["@alice"], null)).toEqual({ reason: "BAD_FORMAT", param: "to" });
  });
});

describe("@name on a server that fetches names first (ParamEnv.prefetch)", () => {
  const LISTED = [["name", p.string({ max: 64 })], ["to", p.address()], ["more", p.optional(p.object({ owner: p.address() }))]] as const;

  function fetching(): { env: ParamEnv; asked: string[][] } {
    const asked: string[][] = [];
    return { asked, env: { resolveName: () => ({ ok: false, reason: "BAD_FORMAT", detail: "not fetched" }), prefetch: async (names) => (asked.push([...names]), env) } };
  }

  it("fetches the names of address params together, never a name given as a plain string param", async () => {
    const f = fetching();
    expect(await bindParamsFetched(LISTED, ["@bob", "@alice", { owner: "@alice" }], f.env)).toEqual(["@bob", alice.publicKey, { owner: alice.publicKey }]);
    expect(f.asked).toEqual([["alice", "alice"]]);
  });

  it("fetches nothing when no address param holds a name, and refuses what the fetched env refuses", async () => {
    const f = fetching();
    expect(await bindParamsFetched(LISTED, ["x", alice.address], f.env)).toEqual(["x", alice.publicKey, undefined]);
    expect(f.asked).toEqual([]);
    await expect(bindParamsFetched(LISTED, ["x", "@nobody"], f.env)).rejects.toMatchObject({ type: { reason: "NAME_NOT_FOUND" } });
    expect(f.asked).toEqual([["nobody"]]);
  });
});
