// What the automatic-action commands (pay, escrow, redpacket, shared, bounty, rewards) share:
// the SDK client, strict parsing of counts and heights, and printing an action's record.
import { ActionsClient, type ActionJson, type SentAction } from "../../client/actions.js";
import { cliError, emit, rpcUrl } from "../common.js";
import { httpUrl } from "./chat.js";

export { keyOpt, rpcOpt } from "./chat.js";

export const idOpt = { type: "string", demandOption: true, describe: "The action's id (the creating tx id, 64 hex digits)" } as const;

export function actionsFor(rpc: string | undefined): ActionsClient {
  return new ActionsClient(httpUrl(rpcUrl(rpc)));
}

/** A whole number from a flag, at least `min`; yargs hands NaN for text that is not a number. */
export function wholeArg(v: number | undefined, flag: string, min = 1): number {
  if (v === undefined) throw cliError(`give --${flag}`);
  if (!Number.isSafeInteger(v) || v < min) throw cliError(`--${flag} must be a whole number >= ${min} (got ${String(v)})`);
  return v;
}

/** Prints what a creation returned: the action id (the tx id) and the height it is final at. */
export function printCreated(what: string, sent: SentAction): void {
  process.stdout.write(`${what}\nid:     ${sent.id}\nheight: ${sent.height ?? "(pending)"}\n`);
}

export function printFinal(what: string, sent: SentAction): void {
  process.stdout.write(`${what}: tx ${sent.id} final at height ${sent.height ?? "(pending)"}\n`);
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return "-";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** One `field: value` line per field of the record; nested values as compact JSON. */
export function printAction(a: ActionJson): void {
  const { proof: _proof, ...fields } = a;
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  for (const [k, v] of Object.entries(fields)) process.stdout.write(`${k.padEnd(width)}  ${valueText(v)}\n`);
}

/** `show --id`: the record, or exit code 1 when there is none. */
export async function showAction(rpc: string | undefined, id: string, kind: string): Promise<void> {
  const a = await actionsFor(rpc).get(id);
  if (!a) {
    emit(null, () => process.stdout.write(`no action with id ${id}\n`));
    process.exitCode = 1;
    return;
  }
  if (a.kind !== kind) throw cliError(`${id} is a ${a.kind}, not a ${kind}`);
  emit(a, () => printAction(a));
}
