// Names (docs/NAMES.md): resolution both ways at the head, a name's record, the names an address
// holds, and the fee table's price; with proof, each value read comes with its sparse Merkle
// proof against the head's stateRoot (SDK: verifyNameResolution). nameParamEnv is the one place
// the RPC edge turns "@name" into an address, for every param that takes one (params.ts).
import { s } from "../schema.js";
import { p, type NameResolution, type ParamEnv } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { StateNs } from "../../chain/tx/spec.js";
import type { ChainParams } from "../../chain/params.js";
import { checkName, nameWeight, normalizeName } from "../../chain/names/rules.js";
import { feeMultiple, nameFee } from "../../chain/names/fees.js";
import { lookupName, ownedNames, reverseName, type NameLookup, type OwnedName } from "../../chain/names/lookup.js";
import { nameJson } from "../../chain/names/json.js";
import { MAX_NAMES_PER_OWNER, nameKey, primaryKey } from "../../chain/names/records.js";
import { MAX_NAME_YEARS } from "../../chain/names/apply.js";
import { amountJson } from "../../util/json.js";
import { readState, STATE_PROOF, stateProof, type StateRead } from "./state-proof.js";

// A name as typed: normalised here (NFC, ASCII lowercase), then held to the chain's rules.
export const NAME_PARAM = p.string({ min: 1, max: 128 });

const RECORD = s.object(
  {
    name: s.string(), owner: s.address(), status: s.string("active | grace | released"), expiry: s.uint(), graceUntil: s.uint(),
    registered: s.uint(), updated: s.uint(), txId: s.hash(),
  },
  { required: ["name", "owner", "status", "expiry", "graceUntil", "registered", "updated", "txId"] },
);

/** The name in its stored form, or INVALID_PARAMS with the rule's code (the light node's name_* too). */
export function canonicalName(typed: string): string {
  const name = normalizeName(typed.startsWith("@") ? typed.slice(1) : typed);
  const bad = checkName(name);
  if (bad) throw rpcError("INVALID_PARAMS", bad.code, { param: "name", detail: (bad.type as { reason?: string }).reason ?? bad.code });
  return name;
}

/** name_list's `names` (the light node's too). */
export function namesJson(names: readonly OwnedName[], grace: number): JsonObject[] {
  return names.map((n) => nameJson(n.name, n.record, n.status, grace));
}

/** name_price's answer from the chain's fee table (the light node's too: genesis params). */
export function namePriceJson(params: ChainParams, typed: string, years: number): JsonObject {
  const name = canonicalName(typed);
  return { name, years, weight: nameWeight(name), multiple: Number(feeMultiple(name)), pay: amountJson(nameFee(params, name, years)) };
}

/** A typed "@name" the chain's rules refuse, as a param refusal; null when it is a valid name. */
export function badNameParam(typed: string): NameResolution | null {
  const bad = checkName(normalizeName(typed));
  return bad ? { ok: false, reason: "BAD_FORMAT", detail: `"@${typed}" is no valid name (${bad.code})` } : null;
}

/** What a name looked up at the head gives an address param: its holder while active. */
export function nameResolution(name: string, found: NameLookup): NameResolution {
  if (found.status === "missing") return { ok: false, reason: "NAME_NOT_FOUND", detail: `no name "${name}"` };
  if (found.status !== "active") return { ok: false, reason: "NAME_EXPIRED", detail: `"${name}" expired at height ${found.record.expiry}` };
  return { ok: true, address: found.record.owner };
}

/** "@name" -> the holder's address at the head: the resolver every address param uses. */
export function nameParamEnv(node: NodeView): ParamEnv {
  return {
    resolveName(typed) {
      const bad = badNameParam(typed);
      if (bad) return bad;
      const name = normalizeName(typed);
      return nameResolution(name, lookupName((ns, key) => node.chain.state.get(ns, key), name, node.chain.head.height, node.chain.params.nameGraceBlocks));
    },
  };
}

export class NameModule {
  static readonly namespace = "name";
  static readonly methods: MethodTable<NameModule> = {
    resolve: [
      ["name", NAME_PARAM],
      ["proof", p.withDefault(p.bool(), false)],
    ],
    reverse: [
      ["address", p.address()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
    get: [
      ["name", NAME_PARAM],
      ["proof", p.withDefault(p.bool(), false)],
    ],
    list: [
      ["owner", p.address()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
    price: [
      ["name", NAME_PARAM],
      ["years", p.withDefault(p.uint({ min: 1, max: MAX_NAME_YEARS }), 1)],
    ],
  };
  static readonly docs: DocTable<NameModule> = {
    resolve: {
      summary: "The address an active name points to, at the head; with proof, the record's sparse Merkle proof. A name in grace or released answers NAME_EXPIRED",
      result: s.object({ name: s.string(), address: s.address(), expiry: s.uint(), height: s.uint(), proof: STATE_PROOF }, { required: ["name", "address", "expiry", "height"] }),
      errors: ["NOT_FOUND", "INVALID_PARAMS"],
    },
    reverse: {
      summary: "An address's primary name, valid only while that name is active and held by the address (`claimed`: what the reverse record says); with proof, both records' proofs",
      result: s.object({ address: s.address(), name: s.nullable(s.string()), claimed: s.nullable(s.string()), height: s.uint(), proof: STATE_PROOF }, { required: ["address", "name", "claimed", "height"] }),
    },
    get: {
      summary: "A name's record (holder, status at the head, expiry, end of grace); with proof, its sparse Merkle proof (a missing name answers with a proof of absence)",
      result: s.object({ name: s.string(), owner: s.address(), status: s.string(), expiry: s.uint(), graceUntil: s.uint(), registered: s.uint(), updated: s.uint(), txId: s.hash(), height: s.uint(), proof: STATE_PROOF }, { required: ["name", "height"] }),
      errors: ["NOT_FOUND", "INVALID_PARAMS"],
    },
    list: {
      summary: `The names an address holds (at most ${MAX_NAMES_PER_OWNER}), each with its status at the head, and its valid primary name; with proof, the proofs of the list, each record and the reverse record (and the record it claims)`,
      result: s.object({ owner: s.address(), names: s.array(RECORD), primary: s.nullable(s.string()), height: s.uint(), proof: STATE_PROOF }, { required: ["owner", "names", "primary", "height"] }),
    },
    price: {
      summary: "What registering or renewing a name for `years` costs beyond the tx fee (the fee table of docs/NAMES.md 3; burned)",
      result: s.object({ name: s.string(), years: s.uint(), weight: s.uint(), multiple: s.uint(), pay: s.decimal() }, { required: ["name", "years", "weight", "multiple", "pay"] }),
      errors: ["INVALID_PARAMS"],
    },
  };

  constructor(private readonly node: NodeView) {}

  private get grace(): number {
    return this.node.chain.params.nameGraceBlocks;
  }

  private headRoot(): { height: number; stateRoot: Uint8Array } {
    const head = this.node.chain.head;
    return { height: head.height, stateRoot: head.header.stateRoot };
  }

  private lookup(name: string, height: number) {
    return lookupName((ns, key) => this.node.chain.state.get(ns, key), name, height, this.grace);
  }

  async resolve(typed: string, proof: boolean): Promise<JsonObject> {
    const name = canonicalName(typed);
    const head = this.headRoot();
    const found = this.lookup(name, head.height);
    if (found.status === "missing") throw rpcError("NOT_FOUND", "NAME_NOT_FOUND", { name });
    if (found.status !== "active") throw rpcError("NOT_FOUND", "NAME_EXPIRED", { name, expiry: found.record.expiry, status: found.status });
    const out: JsonObject = { name, address: formatAddress(found.record.owner), expiry: found.record.expiry, height: head.height };
    if (proof) out["proof"] = await stateProof(this.node, head, [readState(this.node, StateNs.name, nameKey(name))]);
    return out;
  }

  async reverse(address: Uint8Array, proof: boolean): Promise<JsonObject> {
    const head = this.headRoot();
    const r = reverseName((ns, key) => this.node.chain.state.get(ns, key), address, head.height, this.grace);
    const out: JsonObject = { address: formatAddress(address), name: r.name, claimed: r.claimed, height: head.height };
    if (proof) {
      const reads = [readState(this.node, StateNs.name, primaryKey(address))];
      if (r.claimed !== null) reads.push(readState(this.node, StateNs.name, nameKey(r.claimed)));
      out["proof"] = await stateProof(this.node, head, reads);
    }
    return out;
  }

  async get(typed: string, proof: boolean): Promise<JsonObject> {
    const name = canonicalName(typed);
    const head = this.headRoot();
    const found = this.lookup(name, head.height);
    const proofOf = async () => stateProof(this.node, head, [readState(this.node, StateNs.name, nameKey(name))]);
    if (found.status === "missing") {
      if (proof) return { name, height: head.height, proof: await proofOf() };
      throw rpcError("NOT_FOUND", "NAME_NOT_FOUND", { name });
    }
    const out: JsonObject = { ...nameJson(name, found.record, found.status, this.grace), height: head.height };
    if (proof) out["proof"] = await proofOf();
    return out;
  }

  async list(owner: Uint8Array, proof: boolean): Promise<JsonObject> {
    const head = this.headRoot();
    // Every value the reader looks at is proven: the list, each record, and the primary it reports.
    const reads: StateRead[] = [];
    const r = ownedNames((ns, key) => {
      const read = readState(this.node, ns, key);
      reads.push(read);
      return read.value;
    }, owner, head.height, this.grace);
    const out: JsonObject = { owner: formatAddress(owner), names: namesJson(r.names, this.grace), primary: r.primary, height: head.height };
    if (proof) out["proof"] = await stateProof(this.node, head, reads);
    return out;
  }

  price(typed: string, years: number): JsonObject {
    return namePriceJson(this.node.chain.params, typed, years);
  }
}
