/** A small real PNG (a coloured square, 64×48) drawn in the page, as a phone camera would give a photo. */
import type { Page } from 'playwright-core';

export async function pngPhoto(page: Page, colour = '#c33'): Promise<Buffer> {
  const base64 = await page.evaluate((fill) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext('2d')!;
    g.fillStyle = fill;
    g.fillRect(0, 0, 64, 48);
    return canvas.toDataURL('image/png').split(',')[1];
  }, colour);
  return Buffer.from(base64, 'base64');
}
