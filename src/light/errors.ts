// Why the light node refused something a peer served. Every code names a rule of
// docs/LIGHT.md; a peer whose answer earns one of these is dropped (banned and disconnected).
import { ParleyError } from "../util/errors.js";

export type VerifyErrorType =
  /** The bytes are not what the protocol says (undecodable, non-canonical, wrong shape). */
  | { code: "MALFORMED"; what: string }
  /** The header does not extend our verified chain (height, parent, chain, time, validators hash). */
  | { code: "BAD_HEADER"; height: number; reason: string }
  /** The certificate is not > 2/3 of the height's validators signing exactly this header. */
  | { code: "BAD_COMMIT"; height: number; reason: string }
  /** The next validator set is missing or does not hash to the header's nextValidatorsHash. */
  | { code: "BAD_VALIDATOR_SET"; height: number; reason: string }
  /** A header at a height we already verified, with another hash. */
  | { code: "CONFLICTING_HEADER"; height: number }
  /** A state proof that does not lead to the header's stateRoot. */
  | { code: "BAD_STATE_PROOF"; height: number }
  /** A tx that is not at the claimed place of a finalized block (txRoot proof fails). */
  | { code: "BAD_TX_PROOF"; height: number; index: number; reason: string }
  /** A page that leaves out an entry another peer proved, or breaks the page rules. */
  | { code: "BAD_PAGE"; reason: string }
  /** The peer claimed admission but named another id than the tx's own. */
  | { code: "BAD_TX_ID" };

export type VerifyErrorCode = VerifyErrorType["code"];

export class VerifyError extends ParleyError<VerifyErrorType> {}

export type LightStoreErrorType =
  | { code: "WRONG_GENESIS"; stored: string; expected: string }
  | { code: "CORRUPT"; reason: string };

export class LightStoreError extends ParleyError<LightStoreErrorType> {}

/** Why an RPC answer could not be verified; served as JSON-RPC -32005 NOT_VERIFIED with this reason. */
export type NotVerifiedType =
  /** No connected peer serves the light protocols. */
  | { code: "NO_PEERS" }
  /** Every peer asked is behind our verified head. */
  | { code: "PEERS_BEHIND"; height: number }
  /** Peers answered, but no answer verified (the peers that sent them were dropped). */
  | { code: "NO_VERIFIED_ANSWER"; dropped: number }
  /** No peer proved the tx final (absence cannot be proven). */
  | { code: "TX_NOT_PROVEN" }
  /** The answer is at a height whose header we have not verified yet. */
  | { code: "HEADER_NOT_SYNCED"; height: number }
  /** The entries an answer rests on kept changing between rounds of light-state requests. */
  | { code: "STATE_CHANGING"; rounds: number }
  /** A light node holds headers only: block bodies and lookups by hash are not served. */
  | { code: "NOT_AVAILABLE_ON_LIGHT_NODE"; what: string };

export class NotVerifiedError extends ParleyError<NotVerifiedType> {}
