// Strict Ed25519 acceptance rules (pure, browser-safe). RFC 8032 verification alone lets a
// signature be malleated (S + L verifies in lax implementations) and lets small-order public
// keys produce signatures that verify for many messages; we refuse both at admission.

// L = 2^252 + 27742317777372353535851937790883648493, little-endian.
const L_LE = Uint8Array.from([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
]);

/** RFC 8032 5.1.7: S (the second half of the signature) must be < L. */
export function isCanonicalSignature(sig: Uint8Array): boolean {
  if (sig.length !== 64) return false;
  for (let i = 31; i >= 0; i--) {
    const s = sig[32 + i]!;
    const l = L_LE[i]!;
    if (s < l) return true;
    if (s > l) return false;
  }
  return false; // S == L
}

// Encodings of the points of order 1, 2, 4 and 8 and the non-canonical encodings of y in
// {0, 1, p-1} (y = p, p+1 ...), compared with the sign bit masked off (as libsodium does).
const SMALL_ORDER_BLOCKLIST: readonly Uint8Array[] = [
  "0000000000000000000000000000000000000000000000000000000000000000",
  "0100000000000000000000000000000000000000000000000000000000000000",
  "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
  "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
  "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
].map((h) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16))));

/** True when the key is a small-order point or a non-canonical encoding of y (y >= p). */
export function isWeakPublicKey(pk: Uint8Array): boolean {
  if (pk.length !== 32) return true;
  for (const bad of SMALL_ORDER_BLOCKLIST) {
    let same = true;
    for (let i = 0; i < 31 && same; i++) same = pk[i] === bad[i];
    if (same && (pk[31]! & 0x7f) === bad[31]) return true;
  }
  // y >= p = 2^255 - 19: bytes 1..30 all 0xff, top byte 0x7f (sign masked), low byte >= 0xed.
  if ((pk[31]! & 0x7f) === 0x7f && pk[0]! >= 0xed) {
    let allFF = true;
    for (let i = 1; i < 31 && allFF; i++) allFF = pk[i] === 0xff;
    if (allFF) return true;
  }
  return false;
}
