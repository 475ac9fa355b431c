/** The encoder of the `qrcode` package on its own (lib/core), used by shared/domain/venues/venue-code-image.ts. */
declare module 'qrcode/lib/core/qrcode.js' {
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): { modules: { size: number; data: Uint8Array } };
}
