// Request/response over libp2p streams: one request and one response per stream.
//
// Wire format (both frames unsigned-varint length-prefixed, as libp2p protocols do):
//   request  = varint(len) || request bytes                       (len <= maxRequestBytes)
//   response = varint(len) || status byte || response bytes       (len <= maxResponseBytes + 1)
// The requester half-closes its write side after the request; the responder half-closes after
// the response. A status other than OK carries no body.
import type { Libp2p, Stream, Connection } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { lpStream } from "@libp2p/utils";
import { ParleyError } from "../util/errors.js";
import { NetworkError } from "./errors.js";
import type { NetworkLogger } from "./logger.js";
import { errorMessage } from "./logger.js";
import type { NetworkMetrics } from "./metrics.js";

export interface ReqRespLimits {
  /** Largest request accepted (default 1 MiB: requests are ranges and ids, never payloads). */
  maxRequestBytes: number;
  /** Largest response sent or accepted (default 16 MiB: a range of full blocks). */
  maxResponseBytes: number;
  /** Whole exchange deadline, dial included (default 10 s). */
  timeoutMs: number;
}

export const DEFAULT_REQRESP_LIMITS: ReqRespLimits = {
  maxRequestBytes: 1 << 20,
  maxResponseBytes: 16 << 20,
  timeoutMs: 10_000,
};

/** Response status byte: a row per outcome the responder can report. */
export const RESPONSE_STATUS = {
  ok: 0,
  invalidRequest: 1,
  serverError: 2,
  responseTooLarge: 3,
} as const;
type StatusName = keyof typeof RESPONSE_STATUS;
const STATUS_NAMES = new Map<number, StatusName>(Object.entries(RESPONSE_STATUS).map(([k, v]) => [v, k as StatusName]));

/** A handler throws this when the request cannot be decoded or breaks the protocol: the peer gets "invalidRequest" and a strike. */
export class InvalidRequestError extends ParleyError<{ code: "INVALID_REQUEST"; reason: string }> {}

export type RequestHandler = (req: Uint8Array, from: string) => Promise<Uint8Array> | Uint8Array;

// Concurrent inbound streams per protocol per connection: a peer cannot pin more handlers than this.
const MAX_INBOUND_STREAMS = 32;
const MAX_OUTBOUND_STREAMS = 32;
// varint length of a 16 MiB+1 frame is 4 bytes; byteStream needs room for it next to the data.
const FRAME_OVERHEAD = 16;

export interface ReqRespModules {
  node: Libp2p;
  penalize(peerId: string, reason: string): void;
  metrics: NetworkMetrics | null;
  logger: NetworkLogger;
}

// Read errors of lpStream that only a peer breaking the framing can cause.
const PROTOCOL_VIOLATIONS: ReadonlySet<string> = new Set(["InvalidDataLengthError", "InvalidDataLengthLengthError", "InvalidMessageLengthError", "StreamBufferError"]);

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : "";
}

export class ReqResp {
  constructor(private readonly modules: ReqRespModules) {}

  async handle(protocol: string, handler: RequestHandler, limits: ReqRespLimits): Promise<void> {
    await this.modules.node.handle(protocol, (stream, connection) => this.serve(protocol, handler, limits, stream, connection), {
      maxInboundStreams: MAX_INBOUND_STREAMS,
      maxOutboundStreams: MAX_OUTBOUND_STREAMS,
    });
  }

  private async serve(protocol: string, handler: RequestHandler, limits: ReqRespLimits, stream: Stream, connection: Connection): Promise<void> {
    const { metrics, logger, penalize } = this.modules;
    const peer = connection.remotePeer.toString();
    const signal = AbortSignal.timeout(limits.timeoutMs);
    stream.maxReadBufferLength = Math.max(stream.maxReadBufferLength, limits.maxRequestBytes + FRAME_OVERHEAD);
    const lp = lpStream(stream, { maxDataLength: limits.maxRequestBytes, maxBufferSize: limits.maxRequestBytes + FRAME_OVERHEAD });
    let outcome = "ok";
    try {
      let req: Uint8Array;
      try {
        req = (await lp.read({ signal })).subarray();
      } catch (e) {
        outcome = signal.aborted ? "timeout" : PROTOCOL_VIOLATIONS.has(errorName(e)) ? "bad_frame" : "stream_error";
        // An oversize or malformed frame is a protocol violation; a timeout, a reset or an early
        // end is only a slow or lost link (the requester gave up): an honest peer on a 200 ms
        // link was banned for those (docs/RELIABILITY.md, fix 16).
        if (outcome === "bad_frame") penalize(peer, `reqresp_bad_request:${protocol}`);
        stream.abort(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      let status: number = RESPONSE_STATUS.ok;
      let body: Uint8Array = new Uint8Array(0);
      try {
        body = await raceAbort(Promise.resolve(handler(req, peer)), signal);
        if (body.length > limits.maxResponseBytes) {
          logger.warn({ protocol, size: body.length, max: limits.maxResponseBytes }, "handler response too large");
          status = RESPONSE_STATUS.responseTooLarge;
          body = new Uint8Array(0);
        }
      } catch (e) {
        if (signal.aborted) {
          outcome = "timeout";
          stream.abort(new Error("handler timed out"));
          return;
        }
        if (e instanceof InvalidRequestError) {
          status = RESPONSE_STATUS.invalidRequest;
          penalize(peer, `reqresp_invalid_request:${protocol}`);
        } else {
          status = RESPONSE_STATUS.serverError;
          logger.warn({ protocol, peer, err: errorMessage(e) }, "request handler failed");
        }
      }
      if (status !== RESPONSE_STATUS.ok) outcome = STATUS_NAMES.get(status) ?? "error";
      const frame = new Uint8Array(1 + body.length);
      frame[0] = status;
      frame.set(body, 1);
      await lp.write(frame, { signal });
      await stream.close({ signal });
    } catch (e) {
      outcome = signal.aborted ? "timeout" : "stream_error";
      logger.debug({ protocol, peer, err: errorMessage(e) }, "serving request failed");
      stream.abort(e instanceof Error ? e : new Error(String(e)));
    } finally {
      metrics?.reqRespInbound(protocol, outcome);
    }
  }

  async request(peerId: string, protocol: string, req: Uint8Array, limits: ReqRespLimits): Promise<Uint8Array> {
    const { node, metrics } = this.modules;
    let outcome = "ok";
    try {
      return await this.exchange(node, peerId, protocol, req, limits);
    } catch (e) {
      outcome = e instanceof NetworkError ? e.code : "error";
      throw e;
    } finally {
      metrics?.reqRespOutbound(protocol, outcome);
    }
  }

  private async exchange(node: Libp2p, peerId: string, protocol: string, req: Uint8Array, limits: ReqRespLimits): Promise<Uint8Array> {
    if (req.length > limits.maxRequestBytes) throw new NetworkError({ code: "REQUEST_TOO_LARGE", size: req.length, max: limits.maxRequestBytes });
    const target = parsePeerId(peerId);
    const signal = AbortSignal.timeout(limits.timeoutMs);
    const timeout = () => new NetworkError({ code: "TIMEOUT", peerId, protocol, timeoutMs: limits.timeoutMs });

    let stream: Stream;
    try {
      stream = await node.dialProtocol(target, protocol, { signal });
    } catch (e) {
      if (signal.aborted) throw timeout();
      if (e instanceof Error && e.name === "UnsupportedProtocolError") throw new NetworkError({ code: "UNSUPPORTED_PROTOCOL", peerId, protocol });
      throw new NetworkError({ code: "DIAL_FAILED", peerId, reason: errorMessage(e) });
    }

    const maxFrame = limits.maxResponseBytes + 1;
    stream.maxReadBufferLength = Math.max(stream.maxReadBufferLength, maxFrame + FRAME_OVERHEAD);
    const lp = lpStream(stream, { maxDataLength: maxFrame, maxBufferSize: maxFrame + FRAME_OVERHEAD });
    let frame: Uint8Array;
    try {
      await lp.write(req, { signal });
      await stream.close({ signal });
      frame = (await lp.read({ signal })).subarray();
    } catch (e) {
      stream.abort(e instanceof Error ? e : new Error(String(e)));
      if (signal.aborted) throw timeout();
      // The read buffer is sized to the limit, so overflowing it means the same as a too-long length prefix.
      if (e instanceof Error && (e.name === "InvalidDataLengthError" || e.name === "StreamBufferError")) throw new NetworkError({ code: "RESPONSE_TOO_LARGE", peerId, protocol, max: limits.maxResponseBytes });
      throw new NetworkError({ code: "STREAM_FAILED", peerId, protocol, reason: errorMessage(e) });
    }
    const status = frame[0];
    if (status === undefined) throw new NetworkError({ code: "STREAM_FAILED", peerId, protocol, reason: "empty response frame" });
    if (status !== RESPONSE_STATUS.ok) throw new NetworkError({ code: "REMOTE_ERROR", peerId, protocol, status: STATUS_NAMES.get(status) ?? `unknown(${status})` });
    return frame.subarray(1);
  }
}

export function parsePeerId(peerId: string): ReturnType<typeof peerIdFromString> {
  try {
    return peerIdFromString(peerId);
  } catch {
    throw new NetworkError({ code: "INVALID_PEER_ID", peerId });
  }
}

/** Resolves like `promise` unless `signal` aborts first (the handler itself cannot be cancelled). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
