/**
 * The venue code's PNG is drawn from the QR matrix without qrcode's PNG renderer: it must be the
 * image that renderer draws, pixel for pixel (decoded with pngjs, which qrcode's renderer uses).
 */
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { venueCodePng } from '../../shared/domain/venues/venue-code-image';

const greys = (png: Buffer | Uint8Array) => {
  const image = PNG.sync.read(Buffer.from(png));
  const out = new Uint8Array(image.width * image.height);
  for (let i = 0; i < out.length; i++) out[i] = image.data[i * 4];
  return { width: image.width, height: image.height, pixels: out };
};

describe('venue code PNG', () => {
  it.each([512, 300, 129, 10])('is the PNG qrcode draws, %i px wide', async (width) => {
    const token = `v1.longhu.01JDQ2Z7Y3M4N5P6Q7R8S9T0VW.${width}.signature-part-AbC`;
    const ours = greys(await venueCodePng(token, width));
    const reference = greys(await QRCode.toBuffer(token, { type: 'png', errorCorrectionLevel: 'Q', margin: 4, width }));
    expect(ours.width).toBe(reference.width);
    expect(ours.height).toBe(reference.height);
    expect(Buffer.from(ours.pixels).equals(Buffer.from(reference.pixels))).toBe(true);
  });
});
