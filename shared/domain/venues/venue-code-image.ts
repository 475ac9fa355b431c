/**
 * The venue code (场所码) as a printable image: a QR code of the signed token, in PNG (the code
 * alone) or SVG (the code with the venue's name beneath, for printing and posting at the door).
 * The QR matrix comes from the `qrcode` package's encoder (lib/core, loaded on first use, so it is
 * on no other route's cold path); both images are drawn here from that matrix. The package's own
 * renderers would bring a whole PNG codec (pngjs) for a black-and-white image that node:zlib can
 * write in a few lines; the PNG is pixel for pixel the one qrcode's toBuffer draws
 * (test/unit/venue-code-image.test.ts).
 */
import { crc32, deflateSync } from 'node:zlib';

/** Error correction Q (25%): printed codes at doors get dirty and creased. */
const LEVEL = 'Q' as const;
/** Quiet zone around the code, in modules (the QR standard asks for 4). */
const MARGIN = 4;
/** Pixels a module when the asked width is too small for the code (qrcode's default). */
const QRCODE_DEFAULT_SCALE = 4;

/** The QR matrix of `token`: `size` × `size` modules, row by row, 1 for dark. */
async function qrModules(token: string): Promise<{ size: number; data: Uint8Array }> {
  const { create } = await import('qrcode/lib/core/qrcode.js');
  return create(token, { errorCorrectionLevel: LEVEL }).modules;
}

/** A PNG chunk: length, type, data, CRC of type and data. */
function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * The code alone as an 8-bit greyscale PNG `widthPx` wide (the quiet zone included), each pixel
 * the module it falls in — the scaling of qrcode's PNG renderer.
 */
export async function venueCodePng(token: string, widthPx = 512): Promise<Uint8Array<ArrayBuffer>> {
  const { size, data } = await qrModules(token);
  // qrcode's scaling (renderer/utils.js): a fractional module size, pixels mapped to modules.
  const modules = size + 2 * MARGIN;
  const scale = widthPx >= modules ? widthPx / modules : QRCODE_DEFAULT_SCALE;
  const width = Math.floor(modules * scale);
  const margin = MARGIN * scale;
  // Each row: filter type 0, then one byte a pixel (0 black, 255 white).
  const raw = Buffer.alloc((width + 1) * width, 255);
  const inside = (p: number) => p >= margin && p < width - margin;
  for (let py = 0; py < width; py++) {
    raw[py * (width + 1)] = 0;
    if (!inside(py)) continue;
    const row = Math.floor((py - margin) / scale) * size;
    for (let px = 0; px < width; px++) {
      if (inside(px) && data[row + Math.floor((px - margin) / scale)]) raw[py * (width + 1) + 1 + px] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header[8] = 8; // bit depth; colour type 0 (greyscale), deflate, no filter method, no interlace
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array())]);
  return new Uint8Array(png);
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);

/** Rough width of a character in em: CJK and full-width ones are square, others about half. */
const charWidth = (ch: string) => (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 1 : 0.55);

/** Break a name into at most `maxLines` lines of at most `width` em; an ellipsis ends a cut name. */
export function wrapName(name: string, width: number, maxLines = 3): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const ch of [...name.trim()]) {
    const w = charWidth(ch);
    if (used + w > width && line) {
      lines.push(line);
      line = '';
      used = 0;
    }
    if (!line && ch === ' ') continue;
    line += ch;
    used += w;
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${[...kept[maxLines - 1]].slice(0, -1).join('')}…`;
    return kept;
  }
  return lines;
}

/**
 * An SVG of the code with the venue name (and a small caption) beneath. Units are QR modules; the
 * nominal size is 8 px a module, and being vector it prints sharp at any size.
 */
/**
 * The code's dark modules as one SVG path (each row's runs merged), in module units with the quiet
 * zone included: a square `width` modules wide.
 */
export async function venueCodePath(token: string): Promise<{ width: number; d: string }> {
  const { size, data } = await qrModules(token);
  const runs: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (!data[y * size + x]) {
        x++;
        continue;
      }
      let end = x;
      while (end < size && data[y * size + end]) end++;
      runs.push(`M${x + MARGIN} ${y + MARGIN}h${end - x}v1h-${end - x}z`);
      x = end;
    }
  }
  return { width: size + 2 * MARGIN, d: runs.join('') };
}

export async function venueCodeSvg(token: string, venue: { name: string; codeVersion: number }): Promise<string> {
  const { width, d } = await venueCodePath(token);
  const font = width / 12; // about 11 Chinese characters a line
  const lines = wrapName(venue.name, (width * 0.92) / font);
  const caption = font * 0.5;
  const textTop = width; // the code's quiet zone ends here
  const height = textTop + lines.length * font * 1.25 + caption * 2 + MARGIN / 2;
  const family = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',sans-serif";
  const text = lines
    .map((line, i) => `<text x="${width / 2}" y="${(textTop + font * (i + 1) * 1.15).toFixed(2)}" font-size="${font.toFixed(2)}" font-weight="bold">${escapeXml(line)}</text>`)
    .join('');
  const captionY = textTop + lines.length * font * 1.25 + caption * 1.4;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height.toFixed(2)}" width="${width * 8}" height="${Math.round(height * 8)}">`,
    `<title>${escapeXml(venue.name)} 场所码</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<path d="${d}" fill="#000" shape-rendering="crispEdges"/>`,
    `<g text-anchor="middle" fill="#000" font-family="${family}">${text}`,
    `<text x="${width / 2}" y="${captionY.toFixed(2)}" font-size="${caption.toFixed(2)}" fill="#444">场所码 Venue code · v${venue.codeVersion}</text></g>`,
    '</svg>',
  ].join('');
}
