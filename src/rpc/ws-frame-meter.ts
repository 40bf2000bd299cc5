// Reads the headers of the WebSocket frames a client sends (RFC 6455 section 5.2), alongside
// `ws`, which parses the same bytes. `ws` buffers a message until its last byte arrives and
// tells us nothing before: 40 clients each announcing a 5 MiB frame and never finishing it held
// 200 MiB. A frame header says how many payload bytes follow, so the server can charge (or
// refuse) a message when it is announced, not when it is complete.
//
// Only lengths matter here; `ws` still validates everything (masking, opcodes, UTF-8, sizes).

export interface FrameEvents {
  /** A data frame (text, binary or continuation) announced `length` payload bytes. */
  onDataFrame(length: number): void;
  /** The last payload byte of a message's final frame arrived. */
  onMessageEnd(): void;
}

const FIN = 0x80;
const OPCODE = 0x0f;
const MASK = 0x80;
const LENGTH7 = 0x7f;
const LENGTH16 = 126;
const LENGTH64 = 127;
const FIRST_CONTROL_OPCODE = 0x8; // close, ping, pong: at most 125 bytes, never part of a message
const MAX_HEADER = 14; // 2 + 8 (64-bit length) + 4 (mask key)

export class WsFrameMeter {
  private readonly header = new Uint8Array(MAX_HEADER);
  private headerLength = 0;
  private payloadLeft = 0;
  private frameIsData = false;
  private frameIsFinal = false;

  constructor(private readonly events: FrameEvents) {}

  /** Feeds bytes in the order the socket delivered them. */
  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.payloadLeft > 0) {
        const take = Math.min(this.payloadLeft, chunk.length - i);
        this.payloadLeft -= take;
        i += take;
        if (this.payloadLeft === 0) this.frameDone();
        continue;
      }
      this.header[this.headerLength++] = chunk[i++]!;
      if (this.headerLength >= 2 && this.headerLength === this.neededHeaderLength()) this.headerDone();
    }
  }

  private neededHeaderLength(): number {
    const len7 = this.header[1]! & LENGTH7;
    const extended = len7 === LENGTH16 ? 2 : len7 === LENGTH64 ? 8 : 0;
    return 2 + extended + (this.header[1]! & MASK ? 4 : 0);
  }

  private headerDone(): void {
    const h = this.header;
    const len7 = h[1]! & LENGTH7;
    let length = len7;
    if (len7 === LENGTH16) length = (h[2]! << 8) | h[3]!;
    // A length past 2^53 is not representable; `ws` refuses anything over maxPayload anyway.
    else if (len7 === LENGTH64) length = (((h[2]! << 24) | (h[3]! << 16) | (h[4]! << 8) | h[5]!) >>> 0) * 2 ** 32 + (((h[6]! << 24) | (h[7]! << 16) | (h[8]! << 8) | h[9]!) >>> 0);
    this.headerLength = 0;
    this.frameIsData = (h[0]! & OPCODE) < FIRST_CONTROL_OPCODE;
    this.frameIsFinal = (h[0]! & FIN) !== 0;
    this.payloadLeft = length;
    if (this.frameIsData) this.events.onDataFrame(length);
    if (length === 0) this.frameDone();
  }

  private frameDone(): void {
    if (this.frameIsData && this.frameIsFinal) this.events.onMessageEnd();
  }
}
