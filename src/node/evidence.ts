// Equivocation evidence: two valid, conflicting votes by one validator for the same
// (height, round, type). Stored durably (bucket `evidence`) and served over RPC.
import { Bucket, bucketKey } from "../chain/storage/buckets.js";
import { WriteBatch, type Database } from "../chain/storage/db.js";
import { heightKey } from "../chain/storage/keys.js";
import { encode, decodeUnknown, readArray, readBytes } from "../chain/codec.js";
import { decodeVote, encodeVote, VOTE_TYPES, type Equivocation, type SignedVote } from "../consensus/messages.js";

export class EvidenceStore {
  constructor(private readonly db: Database) {}

  async record(e: Equivocation): Promise<void> {
    const v = e.vote1;
    const batch = new WriteBatch();
    batch.put(bucketKey(Bucket.evidence, heightKey(v.height), v.validator, Uint8Array.of(VOTE_TYPES[v.type]), heightKey(v.round)), encode([encodeVote(e.vote1), encodeVote(e.vote2)]));
    await this.db.write(batch);
  }

  async list(limit = 100): Promise<Equivocation[]> {
    const rows = await this.db.range({ gte: Uint8Array.of(Bucket.evidence), lt: Uint8Array.of(Bucket.evidence + 1), limit });
    const out: Equivocation[] = [];
    for (const [, v] of rows) {
      const pair = readArray(decodeUnknown(v), 2);
      const a = pair && readBytes(pair[0]);
      const b = pair && readBytes(pair[1]);
      const v1 = a && decodeVote(a);
      const v2 = b && decodeVote(b);
      if (v1 && v1.ok && v2 && v2.ok) out.push({ vote1: v1.value as SignedVote, vote2: v2.value as SignedVote });
    }
    return out;
  }
}
