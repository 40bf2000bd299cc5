// The SDK's identities and key files: defined in src/chain/identity.ts, below the node and the
// light node that also use them; re-exported so SDK users import everything from src/client.
export * from "../chain/identity.js";
export * from "../chain/keystore.js";
export * from "../chain/recovery.js";
