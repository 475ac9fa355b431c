/** How a client moves a file's bytes (a photo, a venue import's CSV) to or from where files are kept. */
import * as z from 'zod';

/**
 * PUT (upload) or GET (download) `url` with `headers`. With `authorization: 'bearer'` the URL is
 * this API's own and wants the caller's Authorization header too (the local stores); with 'none'
 * it is a presigned URL and must be sent without one (S3).
 */
export const FileTransfer = z.object({
  url: z.string(),
  method: z.enum(['PUT', 'GET']),
  headers: z.record(z.string(), z.string()),
  authorization: z.enum(['bearer', 'none']),
  expiresAt: z.string(),
});
export type FileTransfer = z.infer<typeof FileTransfer>;
