import QRCode from "qrcode";

/** A QR code for printed posters and the 広報紙: high error correction so a smudged print still scans. */
const OPTIONS = { errorCorrectionLevel: "H" as const, margin: 2 };

export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { ...OPTIONS, type: "svg" });
}

export function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { ...OPTIONS, type: "png", width: 1024 });
}
