// The vectors of docs/ENCRYPTION.md "MLS groups": if these change, the docs must change too.
import { describe, expect, it } from "vitest";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { encodeGroupRecord, groupKey, submitMessage, submitSignatureValid } from "../../../../../src/chain/tx/kinds/mls-state.js";
import { readPrivateHeader } from "../../../../../src/chain/tx/kinds/mls-wire.js";
import { fromHex, toHex, utf8 } from "../../../../../src/util/bytes.js";

const groupId = sha256(utf8("vector/group"));
const from = ed25519.getPublicKey(sha256(utf8("vector/from")));
const seed = sha256(utf8("vector/submit-key-3"));
const next = ed25519.getPublicKey(sha256(utf8("vector/submit-key-4")));
const COMMIT = "0001000220316e8cba975812f3c46daedc4ae92c80bc1b2f4891ce8a0a274509a80b1e60e40000000000000003030000000000000000";

describe("MLS vectors (docs/ENCRYPTION.md)", () => {
  it("the clear header of a PrivateMessage commit", () => {
    expect(readPrivateHeader(fromHex(COMMIT)!)).toEqual({ groupId, epoch: 3n, contentType: 3 });
  });

  it("the submit message and its signature", () => {
    const msg = submitMessage("parley-vector", from, groupId, 3, fromHex(COMMIT)!, next);
    expect(toHex(msg)).toBe(
      "7061726c65792f6d6c732f636f6d6d69742f76317061726c65792d766563746f7200fe1473e5aac1dda0bff41ae5d66e4db0ae50e19730ff991597f46c1973e52160316e8cba975812f3c46daedc4ae92c80bc1b2f4891ce8a0a274509a80b1e60e400000000000000034ce8c1af937be33036b2b13948036215b48c59e6f4f5d05e13cc0a3c223639b80fb299d0d4408fb25b5b4538491be59b22ada8880c81d62356ea9e514f4a3887",
    );
    const sig = ed25519.sign(msg, seed);
    expect(toHex(sig)).toBe("06b9d775f3c84eabaa47e8516515f828f55c570034a172d8141817018bf143b519d29f740588482817fe10deb158641fecb3777fb6e3ec0347fd711ad96c8d0d");
    expect(submitSignatureValid(ed25519.getPublicKey(seed), msg, sig)).toBe(true);
  });

  it("the group record and its state key", () => {
    expect(toHex(groupKey(groupId))).toBe("02316e8cba975812f3c46daedc4ae92c80bc1b2f4891ce8a0a274509a80b1e60e4");
    expect(toHex(encodeGroupRecord({ epoch: 4, members: 3, lastCommit: new Uint8Array(32).fill(0xaa), submitKey: next, creator: from, createdHeight: 7 }))).toBe(
      "960403c420aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac4200fb299d0d4408fb25b5b4538491be59b22ada8880c81d62356ea9e514f4a3887c420fe1473e5aac1dda0bff41ae5d66e4db0ae50e19730ff991597f46c1973e5216007",
    );
  });
});
