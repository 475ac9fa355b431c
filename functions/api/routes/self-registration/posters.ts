/**
 * A registration code as a printable poster (扫码登记): the printable sheet of venue codes
 * (shared/export/venue-code-sheet.ts), one large QR code whose content is the public form's address
 * with the signed code. A file route (file-route-groups.ts): the QR encoder stays off the API function.
 */
import * as z from 'zod';
import { ResidentUlid } from '../../../../shared/domain/residents/household';
import { registrationCodeToken } from '../../../../shared/domain/self-registration/code';
import { venueCodeSheet } from '../../../../shared/export/venue-code-sheet';
import { staticPage } from '../../html-page';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, fileContent } from '../../schemas';
import { tenantToday } from '../tenant-today';
import { registrationUrl, WebOriginQuery } from '../web-links';

export const registrationPosters = apiRoutes().openapi(
  defineRoute(['tenant-admin', 'supervisor'], {
    method: 'get',
    path: '/codes/{codeId}/poster.html',
    tags: ['self-registration'],
    summary: 'A registration code as a printable A4 poster: the QR code large, with the label, compound and grid',
    request: {
      params: z.object({ codeId: ResidentUlid }),
      query: WebOriginQuery,
    },
    responses: { 200: fileContent('text/html', 'The printable poster'), ...errorResponses },
  }),
  async (c) => {
    const { data, actor, deps } = c.var;
    const code = await data.selfRegistration.codes.get(c.req.valid('param').codeId);
    const [{ tenant }, grid] = await Promise.all([tenantToday(c), code.gridId ? data.grids.find(code.gridId) : undefined]);
    const token = registrationCodeToken(await deps.venueCodeKeys(), actor.tenantId, code.id);
    const page = await venueCodeSheet({
      tenantNameZh: tenant.nameZh,
      title: code.label,
      single: true,
      cards: [
        {
          token: registrationUrl(c.req.valid('query').origin ?? deps.webOrigin, token),
          venueId: code.id,
          name: code.label,
          address: code.compound ?? tenant.nameZh,
          gridName: grid?.name ?? '全辖区',
          codeVersion: 1,
          kindLine: code.status === 'active' ? '扫码登记 Self-registration · 微信或手机相机扫码填写' : '已停用 Retired — 请勿张贴',
          qrLabel: `${code.label} 扫码登记码`,
        },
      ],
    });
    c.header('cache-control', 'private, no-store');
    return staticPage(c, page);
  },
);
