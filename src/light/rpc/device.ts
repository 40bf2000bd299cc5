// device_list on a light node: an identity's active devices proven by a sparse Merkle proof
// against a verified header's stateRoot (the devices protocol); with `proof: true` the proof.
import { p } from "../../rpc/params.js";
import type { DocTable, MethodTable } from "../../rpc/module.js";
import { DeviceModule } from "../../rpc/modules/device.js";
import { verifiedDocs } from "./docs.js";
import type { JsonObject } from "../../rpc/json.js";
import { hex } from "../../rpc/modules/format.js";
import { formatAddress } from "../../chain/address.js";
import { deviceListKey } from "../../chain/tx/kinds/device-state.js";
import type { LightServices } from "../services.js";

export class LightDeviceModule {
  static readonly namespace = "device";
  static readonly methods: MethodTable<LightDeviceModule> = {
    list: [
      ["identity", p.address()],
      ["proof", p.withDefault(p.bool(), false)],
    ],
  };
  static readonly docs: DocTable<LightDeviceModule> = verifiedDocs({ list: DeviceModule.docs.list });

  constructor(private readonly node: LightServices) {}

  /** `height` is the verified header the proof is against; the answer is what that header's state holds. */
  async list(identity: Uint8Array, proof: boolean): Promise<JsonObject> {
    const v = await this.node.queries.devices(identity);
    const devices = v.devices.map((d) => ({ device: formatAddress(d.device), label: d.label, addedHeight: d.addedHeight }));
    const out: JsonObject = { identity: formatAddress(identity), devices, height: v.height };
    if (proof) {
      const header = await this.node.chain.header(v.height);
      out["proof"] = { stateRoot: header ? hex(header.stateRoot) : null, height: v.height, key: hex(deviceListKey(identity)), value: v.value ? hex(v.value) : null, smtProof: hex(v.proof) };
    }
    return out;
  }
}
