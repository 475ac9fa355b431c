/**
 * Inspection photos (现场照片): ask for an upload slot, upload the bytes where it says, list the
 * photo id in the inspection. In AWS the bytes go straight to S3 by presigned URL; locally they
 * come through the content routes here, which check the type by the file's first bytes and the size.
 */
import * as z from 'zod';
import { FileTransfer } from '../../../../shared/domain/file-transfer';
import { Photo, PhotoId, PhotoRequest, sniffImageType } from '../../../../shared/domain/venues/photo';
import { badRequest, because, forbidden, notFound } from '../../../../shared/errors';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { errorResponses, jsonBody, jsonContent } from '../../schemas';

const FIELD = ['inspector', 'supervisor', 'industry-authority'] as const;
const PhotoParam = z.object({ photoId: PhotoId });
const Slot = FileTransfer.extend({ photoId: z.string(), uploadUrl: z.string() });
const Download = FileTransfer.extend({ photo: Photo });
const binary = (description: string) => ({
  content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) }, 'image/png': { schema: z.string().openapi({ format: 'binary' }) }, 'image/webp': { schema: z.string().openapi({ format: 'binary' }) } },
  description,
});

export const photos = apiRoutes()
  .openapi(
    defineRoute(FIELD, {
      method: 'post',
      path: '/',
      tags: ['photos'],
      summary: 'Ask to upload a photo: PUT the bytes to `uploadUrl` with `headers` (and your Authorization header when `authorization` is "bearer")',
      request: { body: jsonBody(PhotoRequest) },
      responses: { 201: jsonContent(Slot, 'Where to upload'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const now = deps.clock.now();
      const request = c.req.valid('json');
      // Only a venue the caller may see (and so inspect) gets photos.
      await data.visibleVenue(actor, request.venueId);
      const photo = await data.photos.create(request, actor.userId, now);
      const target = await deps.photos.uploadTarget({ tenantId: actor.tenantId, photoId: photo.id, contentType: photo.contentType, size: photo.size }, now);
      return c.json({ photoId: photo.id, uploadUrl: target.url, ...target }, 201);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{photoId}',
      tags: ['photos'],
      summary: 'A short-lived link to a photo of a venue I may see (others: 404)',
      request: { params: PhotoParam },
      responses: { 200: jsonContent(Download, 'How to download it'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const photo = await data.visiblePhoto(actor, c.req.valid('param').photoId);
      const target = await deps.photos.downloadTarget({ tenantId: actor.tenantId, photoId: photo.id, contentType: photo.contentType }, deps.clock.now());
      return c.json({ photo, ...target }, 200);
    },
  )
  .openapi(
    defineRoute(FIELD, {
      method: 'put',
      path: '/{photoId}/content',
      tags: ['photos'],
      summary: 'Upload the bytes of a photo (local photo store; in AWS the upload goes to S3)',
      request: { params: PhotoParam, body: { ...binary('The image, exactly as long as announced'), required: true } },
      responses: { 204: { description: 'Stored' }, 413: errorResponses[400], ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const store = deps.photos.content;
      if (!store) throw notFound('photo upload here (upload to the URL POST /api/photos gave)');
      const photo = await data.photos.get(c.req.valid('param').photoId);
      if (photo.uploadedBy !== actor.userId) throw forbidden('only the user who asked for this upload may send it', because('photo.notUploader'));
      const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (type !== photo.contentType) throw badRequest('header.content-type', `must be ${photo.contentType}, as announced`);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length !== photo.size) throw badRequest('body', `is ${bytes.length} bytes, but ${photo.size} were announced`);
      const actual = sniffImageType(bytes);
      if (actual !== photo.contentType) throw badRequest('body', `is not an image of type ${photo.contentType}${actual ? ` (it is ${actual})` : ''}`);
      await store.put({ tenantId: actor.tenantId, photoId: photo.id }, bytes);
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{photoId}/content',
      tags: ['photos'],
      summary: 'The bytes of a photo of a venue I may see (local photo store)',
      request: { params: PhotoParam },
      responses: { 200: binary('The image'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data, deps } = c.var;
      const store = deps.photos.content;
      if (!store) throw notFound('photo content here (use the link GET /api/photos/{photoId} gives)');
      const photo = await data.visiblePhoto(actor, c.req.valid('param').photoId);
      const bytes = await store.get({ tenantId: actor.tenantId, photoId: photo.id });
      if (!bytes) throw notFound('photo content (not uploaded yet)');
      return c.body(bytes, 200, { 'content-type': photo.contentType, 'cache-control': 'private, max-age=300', 'content-disposition': 'inline' });
    },
  );
