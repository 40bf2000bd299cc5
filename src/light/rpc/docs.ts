// A light node answers the full node's read methods with the same JSON, or NOT_VERIFIED when it
// cannot prove the answer: its rpc.discover docs are the full node's plus that error code.
import type { MethodDoc } from "../../rpc/module.js";

export function verifiedDocs<T extends { readonly [name: string]: MethodDoc | undefined }>(full: T): T {
  const out: Record<string, MethodDoc> = {};
  for (const [name, doc] of Object.entries(full)) if (doc !== undefined) out[name] = { ...doc, errors: [...(doc.errors ?? []), "NOT_VERIFIED"] };
  return out as T;
}
