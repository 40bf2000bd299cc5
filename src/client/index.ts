// The Parley SDK's entry point: `import { ParleyClient, ChatClient, newIdentity } from "parley/client"`
// (package.json "exports"). Everything an app needs to hold keys, build and send txs, send, read and
// watch encrypted messages, use channels and MLS groups (./mls), anchors and automatic actions, and verify what nodes
// answer against headers, without trusting them. Browser-safe: nothing here reaches a node: module
// except crypto/native.js, which package.json's "browser" field maps to crypto/browser.js (@noble,
// same functions, same results) for bundlers. No module has side effects on import (sideEffects).
// See src/client/README.md.
export * from "./parley-client.js";
export * from "./rpc-client.js";
export * from "./keys.js";
export * from "./tx-builder.js";
export * from "./chat-base.js";
export * from "./chat.js";
export * from "./chat-entries.js";
export * from "./chat-errors.js";
export * from "./channels.js";
export * from "./anchors.js";
export * from "./devices.js";
export * from "./works.js";
export { verifyAssetBalance, type ProvenBalance } from "./assets.js";
export * from "./verify/work-proofs.js";
export * from "./names.js";
export * from "./verify/name-proofs.js";
export * from "./actions.js";
export * from "./action-bodies.js";
export * from "./prekeys.js";
export * from "./vault.js";
export * from "./native-batch.js";
export * from "./verify/verified-chain.js";
export * from "./verify/rpc-network.js";
export * from "./verify/node-book.js";
export * from "./verify/memory-store.js";
export { MlsGroups, groupIdHex, type GroupInfo, type SyncResult, type CommitOutcome } from "./mls/groups.js";
export { MlsMember, MlsError, type PendingCommit, type Opened } from "./mls/member.js";
export { MemoryMlsStore, type MlsStore, type StoredGroup, type StoredKeyPackage, type GroupPost } from "./mls/store.js";
export { formatAddress, parseAddress } from "../chain/address.js";
export * from "./blobs.js";
