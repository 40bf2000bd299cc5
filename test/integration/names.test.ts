// Names on a 4-validator devnet of real node processes, with a short "year" (10 blocks) from
// genesis params so one test walks a name's whole life (no empty blocks: heights advance only
// with txs, so the machine's speed cannot expire a name early): register through the CLI, resolve,
// use `@name` as the address of a CLI transfer, an RPC call and an SDK chat message (and see
// `chat read` print the sender's name), reverse lookup, transfer the name, then expiry: a name
// stops resolving, only its holder may renew it in grace, and once released anyone registers
// it. The light client proves a resolution and a reverse record under a verified header.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatClient } from "../../src/client/chat.js";
import type { Identity } from "../../src/client/keys.js";
import { TxFailedError } from "../../src/client/parley-client.js";
import { VerifiedChain } from "../../src/client/verify/verified-chain.js";
import { checkNameProof, NameProofError, type NameProofJson } from "../../src/client/verify/name-proofs.js";
import { nameFee } from "../../src/chain/names/fees.js";
import { DEFAULT_PARAMS } from "../../src/chain/params.js";
import { cleanup, runCli, waitFor } from "./harness.js";
import { expectSameChain, startNet, type TestNet } from "./network-harness.js";

const NAME_PARAMS = { heartbeatMs: 0, nameYearBlocks: 10, nameGraceBlocks: 10, nameYearFee: 1_000n };
const PARAMS = { ...DEFAULT_PARAMS, ...NAME_PARAMS };
let net: TestNet;

beforeAll(async () => {
  net = await startNet(4, NAME_PARAMS, 3);
}, 60_000);
afterAll(cleanup);

const balance = async (address: string, node = 0): Promise<bigint> => BigInt((await net.rpc(node).call<{ balance: string }>("account_get", [address])).balance);
const feeOf = async (id: string): Promise<bigint> => BigInt((await net.rpc(0).call<{ tx: { fee: string } }>("tx_get", [id])).tx.fee);
const height = async (node = 0): Promise<number> => (await net.rpc(node).call<{ height: number }>("chain_getHead")).height;
const txIdIn = (stdout: string): string => /tx:\s+(0x[0-9a-f]{64})/.exec(stdout)![1]!;
const rpcError = async (p: Promise<unknown>): Promise<{ code: number; reason: string | null; data: unknown }> => {
  try {
    await p;
  } catch (e) {
    const t = (e as { type?: { rpcCode?: number; reason?: string | null; data?: unknown } }).type;
    return { code: t?.rpcCode ?? 0, reason: t?.reason ?? null, data: t?.data ?? null };
  }
  throw new Error("expected an RPC error");
};

describe("names on a 4-validator devnet", () => {
  it("registers, resolves, pays and messages @name, reverses, transfers, and expires", async () => {
    const [alice, bob, carol] = net.chain.funded as [Identity, Identity, Identity];
    const [keyAlice, keyBob] = net.chain.fundedKeys as [string, string];
    const rpc = (i: number) => ["--rpc", net.nodes[i]!.rpc];
    const sdk = new ChatClient(net.nodes[2]!.rpc);

    // A short-lived name first (10 blocks); the others are held for 100 or more.
    const brief = await sdk.registerName(carol, "brief", 1);
    expect(brief.pay).toBe(nameFee(PARAMS, "brief", 1));

    // Register through the CLI: the fee table's price (weight 5: 4x) is burned, not paid to anyone.
    const start = await balance(alice.address);
    const reg = await runCli(["name", "register", "alice", "--key", keyAlice, "--years", "10", ...rpc(1)]);
    expect(reg.stderr).toBe("");
    expect(reg.stdout).toContain("registered @alice for 10 year(s), paid 40000");
    expect(await balance(alice.address)).toBe(start - (await feeOf(txIdIn(reg.stdout))) - 40_000n);
    // Taken: refused before signing, no fee.
    const again = await runCli(["name", "register", "alice", "--key", keyBob, ...rpc(0)]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("is held by " + alice.address);
    // Confusable, mixed-script and too-short names are refused with the rule's code.
    for (const [bad, code] of [["\u0430lice", "NAME_BAD_CHAR"], ["bob张三", "NAME_MIXED_SCRIPT"], ["ab", "NAME_TOO_SHORT"]] as const) {
      const r = await runCli(["name", "register", bad, "--key", keyBob, ...rpc(0)]);
      expect(r.stderr).toContain(code);
    }

    // Resolve, and use @alice as an address: a CLI transfer, an RPC param, an SDK message.
    const resolved = await runCli(["name", "resolve", "@alice", ...rpc(3)]);
    expect(resolved.stdout.trim()).toBe(alice.address);
    const before = await balance(alice.address);
    // Whole tokens without a decimal point (docs/CLI.md "Amounts"): 0.000777 is 777 base units at 6 decimals.
    const sent = await runCli(["wallet", "send", "--key", keyBob, "--to", "@alice", "--amount", "0.000777", ...rpc(2)]);
    expect(sent.stderr).toBe("");
    expect(await balance(alice.address)).toBe(before + 777n);
    expect((await net.rpc(3).call<{ address: string }>("account_get", ["@Alice"])).address).toBe(alice.address);
    const missing = await rpcError(net.rpc(0).call("account_get", ["@nobody"]));
    expect([missing.code, (missing.data as { reason: string }).reason]).toEqual([-32602, "NAME_NOT_FOUND"]);

    // bob takes a Han name as his primary; alice reads his message with his name shown.
    await sdk.registerName(bob, "张三", 10);
    await sdk.setPrimaryName(bob, "张三");
    const msg = await sdk.sendMessage(bob, "@alice", "hello by name");
    expect(msg.height).not.toBeNull();
    const read = await runCli(["chat", "read", "--key", keyAlice, ...rpc(0)]);
    expect(read.stderr).toBe("");
    expect(read.stdout).toMatch(new RegExp(`from @张三 \\(${bob.address.slice(0, 14)}…\\): hello by name`));
    const history = await runCli(["wallet", "history", "--key", keyAlice, ...rpc(1)]);
    expect(history.stdout).toContain("@张三 (");

    // Reverse: valid only while the forward record points back.
    await runCli(["name", "primary", "alice", "--key", keyAlice, ...rpc(0)]);
    expect((await runCli(["name", "resolve", alice.address, ...rpc(1)])).stdout.trim()).toBe("@alice");
    const moved = await runCli(["name", "transfer", "alice", "--key", keyAlice, "--to", "@张三", ...rpc(0)]);
    expect(moved.stderr).toBe("");
    expect((await net.rpc(1).call<{ address: string }>("name_resolve", ["alice"])).address).toBe(bob.address);
    expect(await net.rpc(1).call("name_reverse", [alice.address])).toMatchObject({ name: null, claimed: "alice" });
    expect((await net.rpc(1).call<{ names: Array<{ name: string }>; primary: string }>("name_list", [bob.address]))).toMatchObject({ names: [{ name: "张三" }, { name: "alice" }], primary: "张三" });

    // Expiry: "brief" stops resolving; in grace only carol may renew; released, anyone registers.
    // Heights advance only with txs: carol pays bob 1 per block until the height is reached (bounded).
    const advanceTo = async (target: number): Promise<void> => {
      for (let i = 0; i < 40 && (await height()) < target; i++) await sdk.sendPayment(carol, bob.address, 1n);
      expect(await height()).toBeGreaterThanOrEqual(target);
    };
    const briefInfo = await net.rpc(0).call<{ expiry: number; graceUntil: number }>("name_get", ["brief"]);
    await advanceTo(briefInfo.expiry);
    await waitFor("node 0 sees brief in grace", async () => (await net.rpc(0).call<{ status: string }>("name_get", ["brief"])).status === "grace", 20_000);
    const expired = await rpcError(net.rpc(0).call("name_resolve", ["brief"]));
    expect([expired.code, expired.reason]).toEqual([-32002, "NAME_EXPIRED"]);
    const asParam = await rpcError(net.rpc(0).call("account_get", ["@brief"]));
    expect((asParam.data as { reason: string }).reason).toBe("NAME_EXPIRED");
    const cliExpired = await runCli(["wallet", "send", "--key", keyBob, "--to", "@brief", "--amount", "1", ...rpc(0)]);
    expect(cliExpired.stderr).toContain("expired");
    const grab = sdk.submitSealed(bob, "name", () => ({ op: "register", name: "brief", years: 1, pay: nameFee(PARAMS, "brief", 1) }));
    await expect(grab).rejects.toThrow(TxFailedError);
    await expect(grab).rejects.toThrow(/NAME_IN_GRACE/);
    await advanceTo(briefInfo.graceUntil);
    await sdk.registerName(bob, "brief", 1);
    expect((await sdk.resolveName("brief")).address).toBe(bob.address);

    await expectSameChain(net);
  }, 240_000);

  it("resolves with proofs in the light client, and refuses an altered proof", async () => {
    const [, bob] = net.chain.funded as [Identity, Identity];
    const chain = await VerifiedChain.open({ primary: net.nodes[0]!.rpc, waitMs: 500 });
    chain.start();
    try {
      const head = await height();
      await waitFor("light client at the head", async () => chain.height >= head, 30_000);
      const headers = { header: (h: number) => chain.header(h, 10_000) };
      const sdk = new ChatClient(net.nodes[0]!.rpc);
      const proven = await sdk.verifyName(headers, "@alice");
      expect([proven.active, Buffer.from(proven.record!.owner).toString("hex")]).toEqual([true, Buffer.from(bob.publicKey).toString("hex")]);
      expect((await sdk.verifyReverse(headers, bob.address)).name).toBe("张三");
      expect((await sdk.verifyName(headers, "nobody-has-this")).record).toBeNull();

      const answer = await sdk.client.rpc.call<{ proof: NameProofJson }>("name_get", ["alice", true]);
      const header = (await chain.header(answer.proof.height, 10_000))!;
      const altered = structuredClone(answer.proof);
      const v = altered.entries[0]!.value!;
      altered.entries[0]!.value = v.slice(0, 10) + (v[10] === "0" ? "1" : "0") + v.slice(11);
      expect(() => checkNameProof(header, "alice", altered)).toThrow(NameProofError);
      expect(() => checkNameProof(header, "alice", { ...answer.proof, entries: [] })).toThrow(/no proof for/);
    } finally {
      chain.stop();
    }
  }, 60_000);
});
