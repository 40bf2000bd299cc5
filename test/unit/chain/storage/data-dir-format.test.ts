// A node opens only a data dir written in its own format: one written by version 1 (before
// canonical integers) or by a newer version is refused with a typed error that tells the
// operator what to do, and is left exactly as it was.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Chain } from "../../../../src/chain/chain.js";
import { parseGenesis } from "../../../../src/chain/genesis.js";
import { Database, WriteBatch } from "../../../../src/chain/storage/db.js";
import { Bucket, bucketKey } from "../../../../src/chain/storage/buckets.js";
import { heightKey } from "../../../../src/chain/storage/keys.js";
import { DATA_DIR_FORMAT, DataDirError, dataDirFormat } from "../../../../src/chain/storage/data-dir-format.js";
import { genesisJson } from "../../../../src/node/dev-chain.js";
import { sha256 } from "../../../../src/crypto/native.js";
import { u32be, utf8 } from "../../../../src/util/bytes.js";
import { anyMsgpack } from "../../../fixtures/any-msgpack.js";
import { CHAIN_ID, identity } from "../tx/fixtures.js";

const validator = identity("validator");
const genesis = () => parseGenesis(genesisJson(CHAIN_ID, [validator], [{ address: identity("alice").address, balance: 10n ** 15n }], { blockTimeMs: 100 }));

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "parley-format-"));
  dir = join(root, "chain");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** What a version 1 node left after writing its genesis block: head, genesis hash, a header whose time is a float64. */
async function writeVersion1DataDir(): Promise<void> {
  const g = genesis();
  const z = new Uint8Array(32);
  const header = anyMsgpack([1, g.chainId, 0, g.genesisTime, z, z, sha256(new Uint8Array(0)), 0, z, z, z, z]);
  const db = await Database.open(dir);
  const b = new WriteBatch();
  b.put(bucketKey(Bucket.header, heightKey(0)), header);
  b.put(bucketKey(Bucket.blockHash, sha256(header)), heightKey(0));
  b.put(bucketKey(Bucket.meta, utf8("genesis")), sha256(header));
  b.put(bucketKey(Bucket.meta, utf8("head")), heightKey(0));
  await db.write(b);
  await db.close();
}

async function allEntries(): Promise<string[]> {
  const db = await Database.open(dir);
  try {
    const rows = await db.range({ gte: new Uint8Array(0), lt: Uint8Array.of(0xff), limit: 1000 });
    return rows.map(([k, v]) => `${Buffer.from(k).toString("hex")}=${Buffer.from(v).toString("hex")}`);
  } finally {
    await db.close();
  }
}

async function refusal(): Promise<DataDirError> {
  const e = await Chain.open(dir, genesis()).then(
    async (c) => {
      await c.close();
      throw new Error("the data dir was opened");
    },
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DataDirError);
  return e as DataDirError;
}

describe("data dir format", () => {
  it("marks a new data dir with this version's format, and opens it again", async () => {
    const chain = await Chain.open(dir, genesis());
    const head = chain.head.hash;
    expect(await dataDirFormat(chain.db)).toBe(DATA_DIR_FORMAT);
    await chain.close();
    const again = await Chain.open(dir, genesis());
    expect(again.head.hash).toEqual(head);
    await again.close();
  });

  it("refuses a data dir written by version 1, says to delete it and resync, and changes nothing in it", async () => {
    await writeVersion1DataDir();
    const before = await allEntries();
    const e = await refusal();
    expect(e.type).toEqual({ code: "DATA_DIR_FORMAT", dir, found: 1, expected: DATA_DIR_FORMAT });
    expect(e.message).toContain(dir);
    expect(e.message).toContain("delete the data dir");
    // Closed on the way out (LevelDB holds a lock while open) and left exactly as it was.
    expect(await allEntries()).toEqual(before);
  });

  it("refuses a data dir marked with a format this version does not know", async () => {
    const chain = await Chain.open(dir, genesis());
    const b = new WriteBatch();
    b.put(bucketKey(Bucket.meta, utf8("format")), u32be(DATA_DIR_FORMAT + 1));
    await chain.db.write(b);
    await chain.close();
    expect((await refusal()).type).toMatchObject({ code: "DATA_DIR_FORMAT", found: DATA_DIR_FORMAT + 1 });
  });
});
