// Reading QR codes in the browser with jsQR (pure JS): from an image file (a photo or a
// screenshot) and from the camera. The image never leaves the browser.
import type { Options, QRCode } from "jsqr";

// jsQR (46 KB compressed, a quarter of the app) is loaded the first time something is scanned.
// It is CommonJS whose exports are the function with a `default` copy: tsc (NodeNext) types the
// import as the module object, esbuild may hand either. Both are the same function.
type Decode = (data: Uint8ClampedArray, width: number, height: number, options?: Options) => QRCode | null;
let decoder: Promise<Decode> | null = null;
function loadDecoder(): Promise<Decode> {
  decoder ??= import("jsqr").then((m) => {
    const f = (m as unknown as { default: Decode | { default: Decode } }).default;
    return typeof f === "function" ? f : f.default;
  });
  return decoder;
}

// Larger images are scaled down before decoding: a code fills much of a photo, and 1024 px
// keeps a decode well under a second on a phone.
const MAX_SIDE = 1024;
// Camera frames tried per second: enough to feel instant, light on a phone's CPU.
const FRAME_MS = 200;

function decodeCanvas(jsQR: Decode, source: CanvasImageSource, w: number, h: number, invert: boolean): string | null {
  const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
  const cw = Math.max(1, Math.round(w * scale));
  const ch = Math.max(1, Math.round(h * scale));
  const canvas = document.createElement("canvas");
  canvas.width = cw;
  canvas.height = ch;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  if (!ctx) return null;
  // Transparent pixels (an SVG or PNG with no background) read as white, as the eye sees them.
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, cw, ch);
  ctx.drawImage(source, 0, 0, cw, ch);
  const img = ctx.getImageData(0, 0, cw, ch);
  return jsQR(img.data, cw, ch, { inversionAttempts: invert ? "attemptBoth" : "dontInvert" })?.data ?? null;
}

export type ScanFailure = "NOT_AN_IMAGE" | "NO_CODE";

export class QrScanError extends Error {
  constructor(readonly code: ScanFailure | "NO_CAMERA") {
    super(code);
  }
}

/** The text of the QR code in an image file; throws QrScanError when there is none. */
export async function decodeImageFile(file: Blob): Promise<string> {
  const jsQR = await loadDecoder();
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new QrScanError("NOT_AN_IMAGE");
  }
  try {
    const text = decodeCanvas(jsQR, bitmap, bitmap.width, bitmap.height, true);
    if (text === null) throw new QrScanError("NO_CODE");
    return text;
  } finally {
    bitmap.close();
  }
}

export function cameraAvailable(): boolean {
  return typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getUserMedia === "function";
}

/**
 * Shows the camera in `video` and calls `onText` with the first QR code seen (then stops).
 * Returns the stop function; throws QrScanError NO_CAMERA when there is no camera or the user
 * refused it.
 */
export async function scanCamera(video: HTMLVideoElement, onText: (text: string) => void): Promise<() => void> {
  const jsQR = await loadDecoder();
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch {
    throw new QrScanError("NO_CAMERA");
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    if (timer) clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  video.srcObject = stream;
  await video.play().catch(() => undefined);
  const tick = (): void => {
    if (stopped) return;
    const text = video.videoWidth > 0 ? decodeCanvas(jsQR, video, video.videoWidth, video.videoHeight, false) : null;
    if (text !== null) {
      stop();
      onText(text);
      return;
    }
    timer = setTimeout(tick, FRAME_MS);
  };
  tick();
  return stop;
}
