// One sentence for a person, in their language, for anything that went wrong: a refusal by the
// node (its reason code), an SDK error (its code), or a connection problem.
import { ChatError } from "../../client/chat-errors.js";
import { RpcClientError } from "../../client/rpc-client.js";
import { VaultError } from "../../client/vault.js";
import { KeyFileError, KeystoreError, RecoveryPhraseError } from "../../client/keys.js";
import { TxFailedError } from "../../client/parley-client.js";
import { ParleyError } from "../../util/errors.js";
import { BlobClientError } from "../../client/blobs.js";
import { t, type MessageKey } from "../i18n/i18n.js";
import { en } from "../i18n/en.js";

function known(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** A reason code (INSUFFICIENT_FUNDS, DECRYPT_FAILED, ...) as words, or the code itself. */
export function reasonText(code: string): string {
  const key = `reason.${code}`;
  return known(key) ? t(key) : code;
}

export function describeError(e: unknown): string {
  if (e instanceof RpcClientError) {
    if (e.type.code === "TRANSPORT") return t("error.transport");
    if (e.type.code === "TIMEOUT") return t("error.timeout");
    // -32601: a method this node does not serve at all (a light node's case, docs/LIGHT.md 4).
    if (e.type.code === "RPC_ERROR" && e.type.rpcCode === -32601) return t("error.notOnThisNode");
    if (e.type.reason) return reasonText(e.type.reason);
    return e.message;
  }
  if (e instanceof VaultError) return e.type.code === "WEAK_PASSPHRASE" ? t("error.weakPassphrase", { min: e.type.min }) : reasonText(e.code);
  if (e instanceof KeyFileError) return t("error.badKeyFile", { reason: e.type.reason });
  // An encrypted key file (docs/ENCRYPTION.md 11): a wrong passphrase reads as the vault's does.
  if (e instanceof KeystoreError) return e.type.code === "WRONG_PASSPHRASE" ? reasonText("BAD_PASSPHRASE") : t("error.badKeyFile", { reason: e.type.reason });
  if (e instanceof RecoveryPhraseError) return t("error.badPhrase", { reason: e.type.reason });
  // A tx that made it into a block without effect (a claim too late, a second claim): say why.
  if (e instanceof TxFailedError && e.type.code === "TX_FAILED") return reasonText(e.type.reason);
  // A node's refusal of a file names its own code (QUOTA_EXCEEDED, TOO_LARGE, ...).
  if (e instanceof BlobClientError && e.type.code === "REFUSED") return e.type.reason === "TOO_LARGE" ? t("file.tooLarge") : reasonText(e.type.reason);
  if (e instanceof ChatError) return known(`reason.${e.code}`) ? reasonText(e.code) : e.message;
  if (e instanceof ParleyError) return reasonText(e.code);
  return e instanceof Error ? e.message : String(e);
}
