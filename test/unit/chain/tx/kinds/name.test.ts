import { describe, expect, it } from "vitest";
import { nameKind, type NameBody } from "../../../../../src/chain/tx/kinds/name.js";
import { StateNs } from "../../../../../src/chain/tx/spec.js";
import { BURNED_KEY, decodeBurned, decodeNameRecord, decodeOwned, decodePrimary, nameKey, nameStatus, ownedKey, primaryKey } from "../../../../../src/chain/names/records.js";
import { nameFee } from "../../../../../src/chain/names/fees.js";
import { DEFAULT_PARAMS, type ChainParams } from "../../../../../src/chain/params.js";
import { decodePayload } from "../../../../../src/chain/tx/codec.js";
import { identity } from "../fixtures.js";
import { ActionSim, outcome, SIM_FEE, START_BALANCE } from "./action-sim.js";
import { alice, bob, bodyJson, carol, hex, indexRows, sample } from "./helpers.js";

// A "year" of 10 blocks and 5 blocks of grace, so a test walks a name's whole life.
const PARAMS: ChainParams = { ...DEFAULT_PARAMS, nameYearBlocks: 10, nameGraceBlocks: 5, nameYearFee: 1_000n };
const dave = identity("dave");
const pay = (name: string, years = 1) => nameFee(PARAMS, name, years);
type Paid = Extract<NameBody, { op: "register" }>;
const register = (name: string, years = 1): Paid => ({ op: "register", name, years, pay: pay(name, years) });
const renew = (name: string, years = 1): NameBody => ({ op: "renew", name, years, pay: pay(name, years) });

const sim = () => new ActionSim([alice, bob, carol, dave], START_BALANCE, PARAMS);
const record = (s: ActionSim, name: string) => {
  const raw = s.state.get(StateNs.name, nameKey(name));
  return raw && decodeNameRecord(raw);
};
const primary = (s: ActionSim, who: typeof alice) => {
  const raw = s.state.get(StateNs.name, primaryKey(who.publicKey));
  return raw && decodePrimary(raw);
};
const owned = (s: ActionSim, who: typeof alice) => {
  const raw = s.state.get(StateNs.name, ownedKey(who.publicKey));
  return (raw && decodeOwned(raw)) ?? [];
};

/** alice registers "alice" at height 1: active below 11, in grace below 16, released from 16. */
function registered(): ActionSim {
  const s = sim();
  expect(outcome(s, s.tx(alice, "name", register("alice")))).toBeNull();
  return s;
}

describe("name kind: codec and JSON", () => {
  it("round-trips every op through the wire", () => {
    const bodies: NameBody[] = [register("alice"), renew("alice", 3), { op: "transfer", name: "alice", to: bob.publicKey }, { op: "setPrimary", name: "张三" }, { op: "clearPrimary" }];
    for (const b of bodies) {
      const s = sample("name", b);
      const back = decodePayload(s.stx.payload);
      expect(back.ok && back.value.body).toEqual(b);
    }
  });

  it("lists a transfer in the new holder's history and shows the body as JSON", () => {
    const t = sample("name", { op: "transfer", name: "alice", to: bob.publicKey });
    expect(indexRows(t).map(([, k]) => k)).toEqual([hex(alice.publicKey), hex(bob.publicKey)]);
    expect(bodyJson(sample("name", register("alice")))).toEqual({ op: "register", name: "alice", years: 1, pay: "4000" });
  });
});

describe("name kind: register", () => {
  it("records the holder and expiry, lists it, burns the fee", () => {
    const s = registered();
    expect(record(s, "alice")).toMatchObject({ expiry: 11, registered: 1, updated: 1 });
    expect(hex(record(s, "alice")!.owner)).toBe(hex(alice.publicKey));
    expect(owned(s, alice)).toEqual(["alice"]);
    expect(s.balance(alice)).toBe(START_BALANCE - SIM_FEE - 4_000n);
    expect(decodeBurned(s.state.get(StateNs.name, BURNED_KEY)!)).toBe(4_000n);
  });

  it("refuses a name someone holds (NAME_TAKEN), also to its own holder", () => {
    const s = registered();
    expect(outcome(s, s.tx(bob, "name", register("alice")))).toBe("NAME_TAKEN");
    expect(outcome(s, s.tx(alice, "name", register("alice")))).toBe("NAME_TAKEN");
    expect(s.balance(bob)).toBe(START_BALANCE - SIM_FEE);
  });

  it("refuses bad names, bad years and a wrong price at admission", () => {
    const s = sim();
    expect(outcome(s, s.tx(alice, "name", register("ab")))).toBe("rejected:NAME_TOO_SHORT");
    expect(outcome(s, s.tx(alice, "name", register("bob张三")))).toBe("rejected:NAME_MIXED_SCRIPT");
    expect(outcome(s, s.tx(alice, "name", register("\u0430lice")))).toBe("rejected:NAME_BAD_CHAR");
    expect(outcome(s, s.tx(alice, "name", register("ａｌｉｃｅ")))).toBe("rejected:NAME_COMPAT_FORM");
    expect(outcome(s, s.tx(alice, "name", { ...register("alice"), years: 0 }))).toBe("rejected:NAME_BAD_YEARS");
    expect(outcome(s, s.tx(alice, "name", { ...register("alice", 11), pay: pay("alice", 11) }))).toBe("rejected:NAME_BAD_YEARS");
    expect(outcome(s, s.tx(alice, "name", { ...register("alice"), pay: 3_999n }))).toBe("rejected:NAME_FEE_MISMATCH");
    expect(record(s, "alice")).toBeUndefined();
  });

  it("refuses what the sender cannot pay, and changes nothing", () => {
    const s = new ActionSim([alice], SIM_FEE + 10_000n, PARAMS);
    // in a block (the mempool refuses it earlier, by spend): the fee is taken, nothing else
    expect(outcome(s, s.tx(alice, "name", register("abc")))).toBe("INSUFFICIENT_FUNDS");
    expect(record(s, "abc")).toBeUndefined();
    expect(s.balance(alice)).toBe(10_000n);
    expect(s.state.get(StateNs.name, BURNED_KEY)).toBeUndefined();
  });
});

describe("name kind: expiry, grace, release", () => {
  it("stops resolving at expiry; in grace only the holder renews; then anyone registers", () => {
    const s = registered();
    s.until(11);
    expect(nameStatus(record(s, "alice")!, 11, PARAMS.nameGraceBlocks)).toBe("grace");
    expect(outcome(s, s.tx(bob, "name", register("alice")))).toBe("NAME_IN_GRACE");
    expect(outcome(s, s.tx(bob, "name", renew("alice")))).toBe("NAME_NOT_OWNER");
    // in grace the holder can neither transfer nor point at it
    expect(outcome(s, s.tx(alice, "name", { op: "transfer", name: "alice", to: bob.publicKey }))).toBe("NAME_EXPIRED");
    expect(outcome(s, s.tx(alice, "name", { op: "setPrimary", name: "alice" }))).toBe("NAME_EXPIRED");
    s.until(16);
    expect(nameStatus(record(s, "alice")!, 16, PARAMS.nameGraceBlocks)).toBe("released");
    expect(outcome(s, s.tx(alice, "name", renew("alice")))).toBe("NAME_EXPIRED");
    expect(outcome(s, s.tx(bob, "name", register("alice")))).toBeNull();
    expect(hex(record(s, "alice")!.owner)).toBe(hex(bob.publicKey));
    expect(owned(s, alice)).toEqual([]);
    expect(owned(s, bob)).toEqual(["alice"]);
  });

  it("renews from the old expiry, in grace too, up to ten years ahead", () => {
    const s = registered();
    expect(outcome(s, s.tx(alice, "name", renew("alice", 2)))).toBeNull();
    expect(record(s, "alice")!.expiry).toBe(31);
    s.until(35);
    expect(outcome(s, s.tx(alice, "name", renew("alice")))).toBeNull();
    expect(record(s, "alice")!.expiry).toBe(41);
    expect(outcome(s, s.tx(alice, "name", renew("alice", 10)))).toBe("NAME_TERM_TOO_LONG");
    expect(outcome(s, s.tx(bob, "name", renew("nobody")))).toBe("NAME_NOT_FOUND");
  });
});

describe("name kind: transfer and primary", () => {
  it("transfers to a new holder, who alone may then use it", () => {
    const s = registered();
    expect(outcome(s, s.tx(bob, "name", { op: "transfer", name: "alice", to: carol.publicKey }))).toBe("NAME_NOT_OWNER");
    expect(outcome(s, s.tx(alice, "name", { op: "transfer", name: "alice", to: alice.publicKey }))).toBe("NAME_SAME_OWNER");
    expect(outcome(s, s.tx(alice, "name", { op: "transfer", name: "alice", to: bob.publicKey }))).toBeNull();
    expect(hex(record(s, "alice")!.owner)).toBe(hex(bob.publicKey));
    expect(record(s, "alice")!.registered).toBe(1);
    expect([owned(s, alice), owned(s, bob)]).toEqual([[], ["alice"]]);
    expect(outcome(s, s.tx(alice, "name", { op: "setPrimary", name: "alice" }))).toBe("NAME_NOT_OWNER");
    expect(outcome(s, s.tx(bob, "name", { op: "setPrimary", name: "alice" }))).toBeNull();
  });

  it("sets one primary name per address, replaced by the next and cleared on request", () => {
    const s = registered();
    expect(outcome(s, s.tx(alice, "name", register("张三")))).toBeNull();
    expect(outcome(s, s.tx(alice, "name", { op: "setPrimary", name: "alice" }))).toBeNull();
    expect(primary(s, alice)).toBe("alice");
    expect(outcome(s, s.tx(alice, "name", { op: "setPrimary", name: "张三" }))).toBeNull();
    expect(primary(s, alice)).toBe("张三");
    expect(outcome(s, s.tx(alice, "name", { op: "clearPrimary" }))).toBeNull();
    expect(primary(s, alice)).toBeUndefined();
    expect(outcome(s, s.tx(alice, "name", { op: "clearPrimary" }))).toBe("NAME_NOT_FOUND");
    expect(outcome(s, s.tx(dave, "name", { op: "setPrimary", name: "nobody" }))).toBe("NAME_NOT_FOUND");
  });

  it("checks the name of every op at admission", () => {
    const s = sample("name", { op: "setPrimary", name: "Alice" });
    expect(nameKind.checkStateless(s.stx.tx, PARAMS)?.code).toBe("NAME_UPPERCASE");
  });
});
