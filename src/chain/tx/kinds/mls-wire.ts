// The few MLS (RFC 9420) fields validators read, with a small bounded decoder: the clear
// header of an MLSMessage (version, wire format) and then either a PrivateMessage's group id,
// epoch and content type (RFC 9420 6.3) or a KeyPackage's cipher suite, signature key and
// basic credential (RFC 9420 10). Nothing is decrypted; every length is checked against the
// bytes left, so a hostile message costs at most one pass over its own bytes.

/** RFC 9420 6: ProtocolVersion mls10. */
export const MLS_VERSION_10 = 1;
/** RFC 9420 17.1: the one cipher suite of Parley's profile (docs/ENCRYPTION.md, "MLS groups"). */
export const MLS_SUITE_X25519_AES128GCM_SHA256_ED25519 = 1;

export const WireFormat = { publicMessage: 1, privateMessage: 2, welcome: 3, groupInfo: 4, keyPackage: 5 } as const;
export const ContentType = { application: 1, proposal: 2, commit: 3 } as const;
/** RFC 9420 5.3: CredentialType basic. */
const CREDENTIAL_BASIC = 1;

export interface PrivateHeader {
  groupId: Uint8Array;
  epoch: bigint;
  contentType: number;
}

export interface KeyPackageHeader {
  cipherSuite: number;
  signatureKey: Uint8Array;
  identity: Uint8Array;
}

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  u8(): number | undefined {
    return this.pos < this.b.length ? this.b[this.pos++] : undefined;
  }
  u16(): number | undefined {
    if (this.pos + 2 > this.b.length) return undefined;
    const v = (this.b[this.pos]! << 8) | this.b[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u64(): bigint | undefined {
    if (this.pos + 8 > this.b.length) return undefined;
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.pos, 8).getBigUint64(0);
    this.pos += 8;
    return v;
  }
  /** RFC 9420 2.1.2 variable-size vector: a minimal 1/2/4-byte length, then that many bytes. */
  vec(): Uint8Array | undefined {
    const first = this.u8();
    if (first === undefined) return undefined;
    const prefix = first >> 6;
    let len = first & 0x3f;
    const extra = prefix === 0 ? 0 : prefix === 1 ? 1 : prefix === 2 ? 3 : -1;
    // [REJECT] prefix 0b11 is not a length in MLS.
    if (extra < 0 || this.pos + extra > this.b.length) return undefined;
    for (let i = 0; i < extra; i++) len = len * 256 + this.b[this.pos++]!;
    // [REJECT] lengths must use the shortest form (RFC 9420 2.1.2), so one message has one encoding.
    if ((prefix === 1 && len < 64) || (prefix === 2 && len < 16384)) return undefined;
    if (this.pos + len > this.b.length) return undefined;
    const out = this.b.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
}

/** The MLSMessage framing: version then wire format. A string says what is wrong. */
function readFraming(r: Reader, expected: number): string | null {
  const version = r.u16();
  const wire = r.u16();
  if (version !== MLS_VERSION_10) return "not an MLS 1.0 message";
  if (wire !== expected) return `wire format ${wire ?? "missing"}, expected ${expected}`;
  return null;
}

/** Group id, epoch and content type of an MLSMessage that must be a PrivateMessage. */
export function readPrivateHeader(bytes: Uint8Array): PrivateHeader | string {
  const r = new Reader(bytes);
  const bad = readFraming(r, WireFormat.privateMessage);
  if (bad) return bad;
  const groupId = r.vec();
  const epoch = r.u64();
  const contentType = r.u8();
  if (!groupId || epoch === undefined || contentType === undefined) return "truncated PrivateMessage header";
  return { groupId, epoch, contentType };
}

/** Cipher suite, leaf signature key and basic credential identity of an MLSMessage key package. */
export function readKeyPackageHeader(bytes: Uint8Array): KeyPackageHeader | string {
  const r = new Reader(bytes);
  const bad = readFraming(r, WireFormat.keyPackage);
  if (bad) return bad;
  if (r.u16() !== MLS_VERSION_10) return "key package is not MLS 1.0";
  const cipherSuite = r.u16();
  const initKey = r.vec();
  // LeafNode (RFC 9420 7.2): encryption_key, signature_key, credential.
  const encryptionKey = r.vec();
  const signatureKey = r.vec();
  const credentialType = r.u16();
  if (cipherSuite === undefined || !initKey || !encryptionKey || !signatureKey || credentialType === undefined) return "truncated key package";
  if (credentialType !== CREDENTIAL_BASIC) return "credential is not basic";
  const identity = r.vec();
  if (!identity) return "truncated credential";
  return { cipherSuite, signatureKey, identity };
}

/** True when the bytes start as an MLSMessage of this wire format (a Welcome's framing). */
export function hasWireFormat(bytes: Uint8Array, wire: number): boolean {
  return readFraming(new Reader(bytes), wire) === null;
}
