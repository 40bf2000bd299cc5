// Devices of an identity (docs/RPC.md "device"): the active list and one device's record, read
// from authenticated state (namespace 0x0a), each optionally with a sparse Merkle proof against
// the head's stateRoot, so a client checks them itself (src/client/devices.ts verifyDeviceProof).
import { s } from "../schema.js";
import { p } from "../params.js";
import type { DocTable, MethodTable } from "../module.js";
import { rpcError } from "../errors.js";
import type { JsonObject } from "../json.js";
import type { NodeView } from "../node-view.js";
import { formatAddress } from "../../chain/address.js";
import { deviceListKey, deviceRecordKey, devicesOf, deviceRecord } from "../../chain/tx/kinds/device-state.js";
import { smtKey } from "../../chain/state/state-store.js";
import { encodeProof } from "../../chain/state/smt/tree.js";
import { StateNs } from "../../chain/tx/spec.js";
import type { Address } from "../../chain/tx/types.js";
import { hex } from "./format.js";

const PROOF = s.object(
  { stateRoot: s.hash(), height: s.uint(), key: s.hex(), value: s.nullable(s.hex()), smtProof: s.hex() },
  { description: "with proof=true: the state entry (namespace 0x0a) and a sparse Merkle proof against stateRoot; value null proves absence" },
);
const DEVICE = s.object({ device: s.address(), label: s.string(), addedHeight: s.uint() }, { required: ["device", "label", "addedHeight"] });

export class DeviceModule {
  static readonly namespace = "device";
  static readonly methods: MethodTable<DeviceModule> = {
    list: [
      ["identity", p.address()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
    get: [
      ["device", p.address()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
  };
  static readonly docs: DocTable<DeviceModule> = {
    list: {
      summary: "The active devices of an identity at the head, oldest first (revoked ones are gone); with proof, the list's state entry and its proof",
      result: s.object({ identity: s.address(), devices: s.array(DEVICE), height: s.uint(), proof: PROOF }, { required: ["identity", "devices", "height"] }),
    },
    get: {
      summary: "Whose device a key is, when it was added and whether (from which height) it is revoked; with proof, its record and proof",
      result: s.object(
        { device: s.address(), owner: s.address(), label: s.string(), addedHeight: s.uint(), revokedHeight: s.nullable(s.uint()), active: s.bool(), height: s.uint(), proof: PROOF },
        { required: ["device", "owner", "addedHeight", "revokedHeight", "active", "height"] },
      ),
      errors: ["NOT_FOUND"],
    },
  };

  constructor(private readonly node: NodeView) {}

  /** The active devices of `identity` at the head (oldest first); with proof, the entry and its proof. */
  async list(identity: Address, proof: boolean): Promise<JsonObject> {
    const { chain } = this.node;
    const devices = devicesOf(chain.state, identity).map((d) => ({ device: formatAddress(d.device), label: d.label, addedHeight: d.addedHeight }));
    const out: JsonObject = { identity: formatAddress(identity), devices, height: chain.head.height };
    if (proof) out["proof"] = await this.prove(deviceListKey(identity));
    return out;
  }

  /** Whose device `device` is and whether it is revoked; NOT_FOUND when it was never added. */
  async get(device: Address, proof: boolean): Promise<JsonObject> {
    const { chain } = this.node;
    const rec = deviceRecord(chain.state, device);
    if (!rec) throw rpcError("NOT_FOUND", "DEVICE_NOT_FOUND", { device: formatAddress(device) });
    const out: JsonObject = {
      device: formatAddress(device), owner: formatAddress(rec.owner), label: rec.label, addedHeight: rec.addedHeight,
      revokedHeight: rec.revokedHeight === 0 ? null : rec.revokedHeight, active: rec.revokedHeight === 0, height: chain.head.height,
    };
    if (proof) out["proof"] = await this.prove(deviceRecordKey(device));
    return out;
  }

  private async prove(key: Uint8Array): Promise<JsonObject> {
    const { chain } = this.node;
    const head = chain.head;
    const raw = chain.state.get(StateNs.device, key);
    const pr = await chain.smt.prove(head.header.stateRoot, smtKey(StateNs.device, key));
    return { stateRoot: hex(head.header.stateRoot), height: head.height, key: hex(key), value: raw ? hex(raw) : null, smtProof: hex(encodeProof(pr)) };
  }
}
