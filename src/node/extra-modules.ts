// RPC modules beyond the foundation (messaging), registered here so node.ts stays small.
import type { RpcServer } from "../rpc/server.js";
import type { NodeServices } from "./services.js";

export type ModuleInstaller = (server: RpcServer) => void;

export function extraModules(_node: NodeServices): ModuleInstaller[] {
  return [];
}
