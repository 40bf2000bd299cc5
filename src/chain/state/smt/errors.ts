import { ParleyError } from "../../../util/errors.js";

/**
 * Failures of the state tree. MISSING_NODE and CORRUPT_NODE mean the node store lost or damaged
 * a node (or the caller did not persist the nodes an earlier `update` returned); BAD_INPUT
 * means the caller passed a root, key or value hash that is not 32 bytes.
 */
export type SmtErrorType =
  | { code: "MISSING_NODE"; hash: string }
  | { code: "CORRUPT_NODE"; hash: string; reason: string }
  | { code: "BAD_INPUT"; reason: string };

export type SmtErrorCode = SmtErrorType["code"];

export class SmtError extends ParleyError<SmtErrorType> {}
