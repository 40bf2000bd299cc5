// `parley name`: register, renew and transfer names, set your primary name, resolve both ways
// (`--verify`: proven under a header the light client verified from genesis). docs/NAMES.md.
import type { Argv } from "yargs";
import { formatAddress } from "../../chain/address.js";
import { ChatClient } from "../../client/chat.js";
import type { Submitted } from "../../client/chat-base.js";
import { getName, listNames } from "../../client/names.js";
import { VerifiedChain } from "../../client/verify/verified-chain.js";
import { cliError, emit, loadKey, rpcUrl, run } from "../common.js";
import { addressArg, httpUrl, keyOpt, rpcOpt } from "./chat.js";

const chat = (rpc: string | undefined): ChatClient => new ChatClient(httpUrl(rpcUrl(rpc)));
const printSent = (what: string, s: Submitted): void => void process.stdout.write(`${what}\ntx:     ${s.id}\nheight: ${s.height}\n`);
const yearsOpt = { type: "number", default: 1, describe: "Years to buy (1-10); a year is the chain's nameYearBlocks" } as const;

function years(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 10) throw cliError("--years must be 1..10");
  return n;
}

/** A light client over the node, verifying headers from genesis, for --verify. */
async function withVerified<T>(rpc: string | undefined, fn: (chain: VerifiedChain) => Promise<T>): Promise<T> {
  const chain = await VerifiedChain.open({ primary: httpUrl(rpcUrl(rpc)), waitMs: 500 });
  chain.start();
  try {
    return await fn(chain);
  } finally {
    chain.stop();
  }
}

export function nameCommand(y: Argv): Argv {
  return y.command("name", "Names: @handles for addresses, registered for years, renewable, transferable (docs/NAMES.md)", (w) =>
    w
      .command("register <name>", "Register a name for --years, paying the fee table's price (burned)", (a) =>
        a.positional("name", { type: "string", demandOption: true }).option("key", keyOpt).option("years", yearsOpt).option("primary", { type: "boolean", default: false, describe: "Also make it your primary name" }).option("rpc", rpcOpt),
        run(async (a: { name: string; key: string; years: number; primary: boolean; rpc?: string }) => {
          const me = await loadKey(a.key);
          const c = chat(a.rpc);
          const r = await c.registerName(me, a.name, years(a.years));
          printSent(`registered @${r.name} for ${a.years} year(s), paid ${r.pay}`, r);
          if (a.primary) printSent(`primary name: @${r.name}`, await c.setPrimaryName(me, r.name));
        }))
      .command("renew <name>", "Add --years to your name's expiry (also in its grace period)", (a) =>
        a.positional("name", { type: "string", demandOption: true }).option("key", keyOpt).option("years", yearsOpt).option("rpc", rpcOpt),
        run(async (a: { name: string; key: string; years: number; rpc?: string }) => {
          const r = await chat(a.rpc).renewName(await loadKey(a.key), a.name, years(a.years));
          printSent(`renewed for ${a.years} year(s), paid ${r.pay}`, r);
        }))
      .command("transfer <name>", "Hand your name to --to (an address or @name)", (a) =>
        a.positional("name", { type: "string", demandOption: true }).option("key", keyOpt).option("to", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { name: string; key: string; to: string; rpc?: string }) => {
          printSent(`transferred to ${a.to}`, await chat(a.rpc).transferName(await loadKey(a.key), a.name, addressArg(a.to, "new holder")));
        }))
      .command("primary [name]", "Make one of your names your primary name (what others see for your address); --clear removes it", (a) =>
        a.positional("name", { type: "string" }).option("key", keyOpt).option("clear", { type: "boolean", default: false }).option("rpc", rpcOpt),
        run(async (a: { name?: string; key: string; clear: boolean; rpc?: string }) => {
          if ((a.name === undefined) === !a.clear) throw cliError("give a name, or --clear");
          const s = await chat(a.rpc).setPrimaryName(await loadKey(a.key), a.clear ? null : a.name!);
          printSent(a.clear ? "primary name cleared" : `primary name: @${a.name!.replace(/^@/, "")}`, s);
        }))
      .command("resolve <target>", "A name's address, or an address's primary name; --verify proves it under a verified header", (a) =>
        a.positional("target", { type: "string", demandOption: true, describe: "@name (or name) to resolve, or an address to reverse" }).option("verify", { type: "boolean", default: false }).option("rpc", rpcOpt),
        run(async (a: { target: string; verify: boolean; rpc?: string }) => {
          const c = chat(a.rpc);
          const isAddress = /^parley1|^(0x)?[0-9a-fA-F]{64}$/.test(a.target);
          if (isAddress) {
            const addr = addressArg(a.target);
            const r = a.verify ? await withVerified(a.rpc, (v) => c.verifyReverse({ header: (h) => v.header(h, 10_000) }, addr)) : { name: await c.reverseName(addr), claimed: null, height: null };
            emit({ address: a.target, ...r }, () => process.stdout.write(r.name === null ? `(no primary name)\n` : `@${r.name}${a.verify ? `  (proven at height ${r.height})` : ""}\n`));
            return;
          }
          if (a.verify) {
            const p = await withVerified(a.rpc, (v) => c.verifyName({ header: (h) => v.header(h, 10_000) }, a.target));
            if (!p.record) throw cliError(`NAME_NOT_FOUND: no name "@${p.name}" (proven at height ${p.height})`);
            if (!p.active) throw cliError(`NAME_EXPIRED: "@${p.name}" expired at height ${p.record.expiry} (proven at height ${p.height})`);
            const owner = formatAddress(p.record.owner);
            emit({ name: p.name, address: owner, height: p.height, verified: true }, () => process.stdout.write(`${owner}  (proven at height ${p.height})\n`));
            return;
          }
          const r = await c.resolveName(a.target);
          emit(r, () => process.stdout.write(`${r.address}\n`));
        }))
      .command("info <name>", "A name's record: holder, status, expiry, end of grace", (a) =>
        a.positional("name", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { name: string; rpc?: string }) => {
          const info = await getName(chat(a.rpc), a.name);
          if (!info) throw cliError(`NAME_NOT_FOUND: no name "${a.name}"`);
          emit(info, () => process.stdout.write(`name:       @${info.name}\nholder:     ${info.owner}\nstatus:     ${info.status} (at height ${info.height})\nexpiry:     ${info.expiry}\ngrace to:   ${info.graceUntil}\nregistered: ${info.registered}\n`));
        }))
      .command("list <address>", "The names an address holds, and its primary name", (a) =>
        a.positional("address", { type: "string", demandOption: true }).option("rpc", rpcOpt),
        run(async (a: { address: string; rpc?: string }) => {
          const r = await listNames(chat(a.rpc), addressArg(a.address));
          emit(r, () => {
            for (const n of r.names) process.stdout.write(`@${n.name}  ${n.status}  expiry ${n.expiry}${n.name === r.primary ? "  (primary)" : ""}\n`);
            if (r.names.length === 0) process.stdout.write("(no names)\n");
          });
        }))
      .demandCommand(1, "choose a name subcommand: register, renew, transfer, primary, resolve, info or list"),
  );
}
