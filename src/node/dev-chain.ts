// A fresh development chain: validator keys, a funded dev key and a genesis that names them.
// Used by `parley init` and by `npm start` on first run.
import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { encodeKeyFile, newIdentity, type Identity } from "../chain/identity.js";
import { DEFAULT_PARAMS, type ChainParams } from "../chain/params.js";

export interface DevChainFiles {
  dir: string;
  genesisPath: string;
  validatorKeys: string[];
  devKeyPath: string;
  devAddress: string;
}

// Dev funds: enough for millions of minimum-fee transfers.
export const DEV_BALANCE = 1_000_000_000_000_000n;

export const VALIDATOR_BALANCE = 1_000_000_000n;

export interface DevChainOptions {
  validators: number;
  chainId?: string;
  /** Extra funded identities (benchmarks fund many senders in genesis). */
  extraAccounts?: Array<{ address: string; balance: bigint }>;
  params?: Partial<ChainParams>;
}

export function genesisJson(chainId: string, validators: Identity[], accounts: Array<{ address: string; balance: bigint }>, params: Partial<ChainParams>): string {
  const merged = { ...DEFAULT_PARAMS, ...params };
  const jsonParams = Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
  return JSON.stringify(
    {
      chainId,
      genesisTime: Date.now(),
      params: jsonParams,
      validators: validators.map((v, i) => ({ name: `validator-${i}`, address: v.address })),
      accounts: accounts.map((a) => ({ address: a.address, balance: a.balance.toString() })),
    },
    null,
    2,
  ) + "\n";
}

export function createDevChain(dir: string, opts: DevChainOptions): DevChainFiles {
  mkdirSync(dir, { recursive: true });
  const genesisPath = join(dir, "genesis.json");
  if (existsSync(genesisPath)) throw new Error(`${genesisPath} already exists`);
  const validators = Array.from({ length: opts.validators }, () => newIdentity());
  const dev = newIdentity();
  const validatorKeys = validators.map((v, i) => {
    const p = join(dir, `validator-${i}.key`);
    writeFileSync(p, encodeKeyFile(v), { mode: 0o600 });
    return p;
  });
  const devKeyPath = join(dir, "dev.key");
  writeFileSync(devKeyPath, encodeKeyFile(dev), { mode: 0o600 });
  // Validators get funds too: governance votes are txs and pay fees.
  const accounts = [{ address: dev.address, balance: DEV_BALANCE }, ...validators.map((v) => ({ address: v.address, balance: VALIDATOR_BALANCE })), ...(opts.extraAccounts ?? [])];
  writeFileSync(genesisPath, genesisJson(opts.chainId ?? "parley-dev", validators, accounts, opts.params ?? {}));
  return { dir, genesisPath, validatorKeys, devKeyPath, devAddress: dev.address };
}
