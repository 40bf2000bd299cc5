// Runs a multi-validator devnet as one child process per node (filled in with p2p consensus).
import type { LogLevel } from "../node/logger.js";
import { cliError } from "./common.js";

export interface DevnetNode {
  rpc: string;
  p2p: string;
}

export interface RunningDevnet {
  nodes: DevnetNode[];
  stop(): Promise<void>;
}

export async function startMultiDevnet(_opts: { dir: string; validators: number; basePort: number; logLevel: LogLevel }): Promise<RunningDevnet> {
  throw cliError("multi-validator devnets need the p2p network; use --validators 1");
}
