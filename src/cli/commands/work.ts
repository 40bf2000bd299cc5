// `parley work`: register a file as a work (on an anchor of its SHA-256) with co-creators and
// licence offers, sell and buy licences, tip, transfer; `work verify FILE` hashes the file here
// and shows the work, its creators and the licences sold, each proven under a verified header.
import { existsSync, readFileSync, statSync } from "node:fs";
import type { Argv } from "yargs";
import { contentHash } from "../../client/anchors.js";
import { ChatClient } from "../../client/chat.js";
import { VerifiedChain } from "../../client/verify/verified-chain.js";
import { toWorkId } from "../../client/works.js";
import type { Submitted } from "../../client/chat-base.js";
import { toHex } from "../../util/bytes.js";
import { cliError, emit, jsonLine, loadKey, parseAmount, rpcUrl, run } from "../common.js";
import { addressArg, httpUrl, keyOpt, rpcOpt, when } from "./chat.js";
import { assetArg, offerArg, offerAssetOf, offersArg, sharesArg, termText, verifiedWorkText } from "./work-args.js";
import { amountIn, shown, unitOf } from "../amounts.js";
import type { AmountUnit } from "../../util/amount.js";

function readFile(path: string): Uint8Array {
  if (!existsSync(path)) throw cliError(`file not found: ${path}`);
  if (!statSync(path).isFile()) throw cliError(`not a regular file: ${path}`);
  return new Uint8Array(readFileSync(path));
}

interface WorkRef {
  work?: string;
  file?: string;
  rpc?: string;
}

/** --work ID or --file F (whose SHA-256 is the id). */
function workIdOf(a: WorkRef): Uint8Array {
  if ((a.work === undefined) === (a.file === undefined)) throw cliError("give --work (the content's SHA-256) or --file");
  return a.file !== undefined ? contentHash(readFile(a.file)) : toWorkId(a.work!);
}

const chat = (rpc: string | undefined): ChatClient => new ChatClient(httpUrl(rpcUrl(rpc)));
const printSent = (what: string, s: Submitted): void => void process.stdout.write(`${what}\ntx:     ${s.id}\nheight: ${s.height}\n`);
const refOpts = (y: Argv) => y.option("work", { type: "string", describe: "The work id (its content's SHA-256)" }).option("file", { type: "string", describe: "Or the work's file" }).option("rpc", rpcOpt);

export function workCommand(y: Argv): Argv {
  return y.command("work", "Works and licences: register a file with co-creators and offers, sell licences, tip, verify (docs/WORKS.md)", (w) =>
    w
      .command("register", "Register --file as a work (anchoring it in the same tx if you have not)", (a) =>
        a.option("key", keyOpt).option("file", { type: "string", demandOption: true, describe: "The work's file" })
          .option("creator", { type: "string", array: true, demandOption: true, describe: "ADDRESS:BPS, once per co-creator (shares sum to 10000)" })
          .option("offer", { type: "string", array: true, describe: "PRICE:USE:TERM[:ASSET], TERM = perpetual | <n>b | <n>s" })
          .option("meta", { type: "string", describe: "A metadata file (title, licence texts); its SHA-256 goes on chain" })
          .option("tag", { type: "string", default: "work", describe: "The anchor's tag, when this tx anchors the file" })
          .option("rpc", rpcOpt),
        run(async (a: { key: string; file: string; creator: string[]; offer?: string[]; meta?: string; tag: string; rpc?: string }) => {
          const me = await loadKey(a.key);
          const c = chat(a.rpc);
          const opts = { offers: await offersArg(c.client, a.offer), anchorTag: a.tag, ...(a.meta !== undefined ? { metaHash: contentHash(readFile(a.meta)) } : {}) };
          const r = await c.registerWork(me, readFile(a.file), sharesArg(a.creator, "creator"), opts);
          printSent(`work:   ${r.workId}${r.anchored ? " (anchored in the same tx)" : ""}`, r);
        }))
      .command("offer", "Add a licence offer to your work", (a) => refOpts(a).option("key", keyOpt).option("offer", { type: "string", demandOption: true, describe: "PRICE:USE:TERM[:ASSET]" }),
        run(async (a: WorkRef & { key: string; offer: string }) => {
          const workId = workIdOf(a);
          const c = chat(a.rpc);
          const unit = await unitOf(c.client, offerAssetOf(a.offer));
          const offer = offerArg(a.offer, unit);
          const s = await c.workOp((await loadKey(a.key)), { op: "offer", workId, offer });
          printSent(`offer ${((await c.work(workId))?.offerCount ?? 1) - 1} added: ${shown(offer.price, unit)} ${unit.symbol}`, s);
        }))
      .command("withdraw", "Withdraw an offer (licences sold under it stay valid)", (a) => refOpts(a).option("key", keyOpt).option("index", { type: "number", demandOption: true, describe: "The offer's index" }),
        run(async (a: WorkRef & { key: string; index: number }) => {
          printSent(`offer ${a.index} withdrawn`, await chat(a.rpc).workOp((await loadKey(a.key)), { op: "withdraw", workId: workIdOf(a), offer: a.index }));
        }))
      .command("license", "Buy a licence: pays the offer's price, split among the work's payees", (a) => refOpts(a).option("key", keyOpt).option("offer", { type: "number", demandOption: true, describe: "The offer's index (work show lists them)" }),
        run(async (a: WorkRef & { key: string; offer: number }) => {
          const workId = workIdOf(a);
          const c = chat(a.rpc);
          const o = (await c.work(workId))?.offers.find((x) => x.index === a.offer);
          if (!o) throw cliError(`no offer ${a.offer} on this work (parley work show lists them)`);
          // The tx states the price and asset it pays, so a changed offer can never charge more.
          const asset = assetArg(o.asset ?? undefined);
          const unit = await unitOf(c.client, asset);
          const s = await c.workOp((await loadKey(a.key)), { op: "license", workId, offer: a.offer, asset, price: parseAmount(o.price, "price") });
          printSent(`licensed: ${o.use}, ${termText(o.term)}, paid ${shown(o.price, unit)} ${unit.symbol}`, s);
        }))
      .command("tip", "Tip a work: the amount is split among its payees", (a) => refOpts(a).option("key", keyOpt).option("amount", { type: "string", demandOption: true, describe: "Decimal amount in the asset: 5 = five whole tokens, 0.25" }).option("asset", { type: "string", describe: "native (default) or an asset id" }),
        run(async (a: WorkRef & { key: string; amount: string; asset?: string }) => {
          const workId = workIdOf(a);
          const c = chat(a.rpc);
          const asset = assetArg(a.asset);
          const unit = await unitOf(c.client, asset);
          const amount = amountIn(a.amount, "amount", unit, { positive: true });
          printSent(`tipped ${shown(amount, unit)} ${unit.symbol}`, await c.workOp((await loadKey(a.key)), { op: "tip", workId, asset, amount }));
        }))
      .command("transfer", "Hand the work to --to; later sales pay --payee (default: all to --to)", (a) =>
        refOpts(a).option("key", keyOpt).option("to", { type: "string", demandOption: true }).option("payee", { type: "string", array: true, describe: "ADDRESS:BPS, once per payee" }),
        run(async (a: WorkRef & { key: string; to: string; payee?: string[] }) => {
          const to = addressArg(a.to, "new owner");
          const payees = a.payee?.length ? sharesArg(a.payee, "payee") : [{ address: to, bps: 10_000 }];
          printSent(`transferred to ${a.to}`, await chat(a.rpc).workOp((await loadKey(a.key)), { op: "transfer", workId: workIdOf(a), to, payees }));
        }))
      .command("show", "A work as the node answers it (unverified; see work verify)", (a) => refOpts(a),
        run(async (a: WorkRef) => {
          const workId = workIdOf(a);
          const c = chat(a.rpc);
          const info = await c.work(workId);
          if (!info) {
            emit(null, () => process.stdout.write(`no work registered for 0x${toHex(workId)}\n`));
            process.exitCode = 1;
            return;
          }
          const licences = await c.workLicences(workId, 0, 200);
          // Prices read in their asset's decimals: one lookup per asset the offers use.
          const units = new Map<string, Required<AmountUnit>>();
          for (const a of [...info.offers, ...licences.licences].map((x) => x.asset ?? "native"))
            if (!units.has(a)) units.set(a, await unitOf(c.client, assetArg(a)));
          emit({ ...info, licences: licences.licences }, () => {
            process.stdout.write(`work ${info.workId} registered at height ${info.height} (${when(info.time)}), owner ${info.owner}\n`);
            process.stdout.write(`creators: ${info.creators.map((x) => `${x.address} ${x.bps / 100}%`).join(", ")}\n`);
            for (const o of info.offers) {
              const unit = units.get(o.asset ?? "native")!;
              process.stdout.write(`offer ${o.index}: ${shown(o.price, unit)} ${unit.symbol}${o.asset ? ` (${o.asset})` : ""}, ${o.use}, ${termText(o.term)}${o.withdrawn ? " (withdrawn)" : ""}\n`);
            }
            process.stdout.write(`licences sold: ${licences.licenceCount}\n`);
            for (const l of licences.licences) process.stdout.write(`  #${l.serial} ${l.holder}: offer ${l.offer}, paid ${shown(l.price, units.get(l.asset ?? "native")!)} ${units.get(l.asset ?? "native")!.symbol}, from height ${l.fromHeight}${l.valid ? "" : " (expired)"}\n`);
          });
        }))
      .command("verify <file>", "Hash FILE here; show its work, creators and licences, each proven under a verified header (exit 1: no work)", (a) =>
        a.positional("file", { type: "string", demandOption: true })
          .option("rpc", rpcOpt)
          .option("genesis-hash", { type: "string", describe: "The genesis hash to trust (else the node's, printed for you to compare)" })
          .option("witness", { type: "string", array: true, describe: "Other nodes' RPC URLs to cross-check headers with" })
          .option("checkpoint", { type: "string", describe: "A trusted height:headerHash to start from instead of genesis" }),
        run(async (a: { file: string; rpc?: string; genesisHash?: string; witness?: string[]; checkpoint?: string }) => {
          const workId = contentHash(readFile(a.file));
          const url = httpUrl(rpcUrl(a.rpc));
          const chain = await VerifiedChain.open({ primary: url, pinnedGenesis: a.genesisHash ?? null, witnesses: (a.witness ?? []).map(httpUrl), checkpoint: a.checkpoint ?? null });
          chain.start();
          try {
            const v = await chat(a.rpc).verifyWork({ header: (h) => chain.header(h, 30_000) }, workId);
            if (!v.work) {
              emit({ workId: "0x" + toHex(workId), work: null, height: v.height }, () => process.stdout.write(`no work for 0x${toHex(workId)} (proven absent at block ${v.height})\n`));
              process.exitCode = 1;
              return;
            }
            emit(JSON.parse(jsonLine({ ...v, genesisHash: chain.genesisHash })), () => process.stdout.write(verifiedWorkText(v, chain.genesisHash)));
          } finally {
            chain.stop();
          }
        }))
      .demandCommand(1, "choose: register, offer, withdraw, license, tip, transfer, show or verify"),
  );
}
