// QR codes as files a browser test hands to the app: a GIF image (to upload, as a person picks a
// photo or screenshot) and a Y4M video (Chromium's fake camera plays it with
// --use-file-for-fake-video-capture). Made with the same encoder the app draws with.
import { writeFileSync } from "node:fs";
import qrcode from "qrcode-generator";

function encode(text: string): ReturnType<typeof qrcode> {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  return qr;
}

/** Writes `text` as a QR code GIF (8 px a module, a 4-module quiet zone) to `path`. */
export function writeQrGif(text: string, path: string): void {
  const url = encode(text).createDataURL(8, 32);
  writeFileSync(path, Buffer.from(url.slice(url.indexOf(",") + 1), "base64"));
}

/**
 * Writes `text` as a QR code on a white 640x480 picture, as a Y4M video of a few identical
 * frames (Chromium loops it) to `path`: 4:2:0, so the colour planes are all neutral (128).
 */
export function writeQrY4m(text: string, path: string): void {
  const W = 640;
  const H = 480;
  const qr = encode(text);
  const n = qr.getModuleCount();
  const scale = Math.floor((H - 80) / n);
  const left = Math.floor((W - n * scale) / 2);
  const top = Math.floor((H - n * scale) / 2);
  const y = Buffer.alloc(W * H, 255);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.isDark(r, c)) continue;
      for (let dy = 0; dy < scale; dy++) y.fill(0, (top + r * scale + dy) * W + left + c * scale, (top + r * scale + dy) * W + left + (c + 1) * scale);
    }
  }
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), y, chroma]);
  const FRAMES = 3;
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: FRAMES }, () => frame)]));
}
