// When each tx of a TxStore load became final on every node: a heads subscription per node,
// then the ids of each new block (chain_getBlock). Per tx it keeps a bit per node that has it
// and the latest of those nodes' times, so a long run costs 9 bytes per tx, not a map entry
// per tx per node.
import { WsRpcClient } from "../../src/client/rpc-client.js";
import { PostRpc } from "./post-rpc.js";
import type { TxStore } from "./tx-store.js";

const MAX_NODES = 8;

export class FinalityWatch {
  /** Txs of the load seen final, per node. */
  readonly perNode: number[];
  /** Txs final on every node. */
  finalAll = 0;
  /** Header times of node 0's blocks, for the mean block interval. */
  readonly blockTimes: number[] = [];
  /** Epoch ms at which the tx was final on the last of the nodes (valid where isFinal). */
  readonly finalAt: Float64Array;
  private readonly seenBy: Uint8Array;
  private readonly all: number;
  private readonly sockets: WsRpcClient[] = [];
  private readonly rpcs: PostRpc[] = [];
  private closing = false;

  private constructor(private readonly store: TxStore, nNodes: number, private readonly log: (s: string) => void) {
    if (nNodes > MAX_NODES) throw new Error(`the finality watch handles at most ${MAX_NODES} nodes`);
    this.perNode = new Array<number>(nNodes).fill(0);
    this.all = (1 << nNodes) - 1;
    this.finalAt = new Float64Array(store.count);
    this.seenBy = new Uint8Array(store.count);
  }

  static async start(urls: string[], store: TxStore, log: (s: string) => void): Promise<FinalityWatch> {
    const w = new FinalityWatch(store, urls.length, log);
    await Promise.all(urls.map((url, ni) => w.watch(url, ni)));
    return w;
  }

  isFinal(i: number): boolean {
    return this.seenBy[i] === this.all;
  }

  close(): void {
    this.closing = true;
    for (const s of this.sockets) s.close();
    for (const r of this.rpcs) r.close();
  }

  private async watch(url: string, ni: number): Promise<void> {
    const rpc = new PostRpc(url);
    this.rpcs.push(rpc);
    const ws = await WsRpcClient.connect(url.replace("http", "ws"));
    this.sockets.push(ws);
    ws.onClose((e) => {
      if (!this.closing) this.log(`  finality watch of node ${ni} lost its WebSocket: ${e.message}`);
    });
    // Heights are fetched from the last one seen, so a head notification that never came (or a
    // block committed before the subscription) still has its txs counted.
    let last = (await rpc.call<{ height: number }>("chain_getHead", [])).height;
    let tail = Promise.resolve();
    await ws.subscribe("heads", [], (head) => {
      const h = head as { height: number; txCount: number; time: number };
      const seen = Date.now();
      if (ni === 0) this.blockTimes.push(h.time);
      if (h.height <= last) return;
      const from = last + 1;
      last = h.height;
      if (from === h.height && h.txCount === 0) return;
      tail = tail.then(async () => {
        for (let height = from; height <= h.height; height++) this.mark(ni, await blockIds(rpc, height), seen);
      }).catch((e: unknown) => this.log(`  finality watch of node ${ni}: ${e instanceof Error ? e.message : String(e)}`));
    });
  }

  private mark(ni: number, ids: string[], seen: number): void {
    const bit = 1 << ni;
    for (const id of ids) {
      const i = this.store.indexOf(id);
      if (i < 0 || (this.seenBy[i]! & bit) !== 0) continue;
      this.seenBy[i]! |= bit;
      this.perNode[ni]!++;
      // Node watches run independently, so the last node to report is not always the latest.
      if (seen > this.finalAt[i]!) this.finalAt[i] = seen;
      if (this.seenBy[i] === this.all) this.finalAll++;
    }
  }
}

async function blockIds(rpc: PostRpc, height: number): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await rpc.call<{ txs: string[] }>("chain_getBlock", [height, "ids"])).txs;
    } catch (e) {
      if (attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}
