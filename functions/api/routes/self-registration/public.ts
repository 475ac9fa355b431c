/**
 * The public endpoints (no sign-in): the self-registration form's set-up and its submission, and a
 * visitor's check-in at a venue. Hardened: a small body cap (middleware/body-limit.ts), strict bodies,
 * the code's signature checked before anything is read, rate limits per client address and per code
 * (a token bucket in DynamoDB, shared/data/public-throttle.ts), and an answer that is only a receipt —
 * the same whether or not the person is already registered.
 */
import * as z from 'zod';
import { CheckInInput } from '../../../../shared/domain/check-in';
import { verifyRegistrationCode } from '../../../../shared/domain/self-registration/code';
import { checkVenueCode, parseVenueCode } from '../../../../shared/domain/venues/venue-code';
import { isTenantId } from '../../../../shared/data/keys';
import { CodeToken, Receipt, SubmissionInput } from '../../../../shared/domain/self-registration/submission';
import { receiptOf } from '../../../../shared/data/self-registration/submissions';
import { tenantDirectory } from '../../../../shared/data/tenants';
import { conflict } from '../../../../shared/errors';
import { apiRoutes, defineRoute } from '../../route';
import { errorResponses, jsonBody, jsonContent } from '../../schemas';
import { admitPublic } from './public-throttle';
import { codeRefused, codeTenantData, codeTenantZone } from './public-tenant';

const CheckInReceipt = Receipt.extend({ venueName: z.string() });
const Label = z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() });
const FormSetUp = z.object({
  tenantName: z.string(),
  label: z.string(),
  compound: z.string().optional(),
  categories: z.array(Label),
  purpose: z.object({ version: z.number(), purposeZh: z.string(), purposeEn: z.string().optional() }),
});

export const publicRegistrations = apiRoutes()
  .openapi(
    defineRoute('public', {
      method: 'get',
      path: '/registrations/form',
      tags: ['public'],
      summary: 'What the self-registration form shows for a code: the tenant, the poster, the categories, the purpose statement (no sign-in)',
      request: { query: z.object({ code: CodeToken }) },
      responses: { 200: jsonContent(FormSetUp, 'The form'), ...errorResponses },
    }),
    async (c) => {
      const verified = verifyRegistrationCode(await c.var.deps.venueCodeKeys(), c.req.valid('query').code);
      if (!verified) throw codeRefused();
      await admitPublic(c, verified);
      const data = codeTenantData(c, verified);
      const [code] = await Promise.all([data.selfRegistration.codes.find(verified.codeId), codeTenantZone(c, verified)]);
      if (code?.status !== 'active') throw codeRefused();
      const [tenant, rules, purpose] = await Promise.all([tenantDirectory(data.db).get(verified.tenantId), data.residents.rules(), data.selfRegistration.codes.purpose()]);
      c.header('cache-control', 'no-store');
      return c.json({ tenantName: tenant.nameZh, label: code.label, compound: code.compound, categories: rules.personCategories, purpose }, 200);
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'post',
      path: '/registrations',
      tags: ['public'],
      summary: 'Send the self-registration form (扫码登记): a receipt back, the same whether or not the person is already registered',
      request: { body: jsonBody(SubmissionInput) },
      responses: { 202: jsonContent(Receipt, 'Received (a resend: the same receipt)'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const verified = verifyRegistrationCode(await c.var.deps.venueCodeKeys(), input.code);
      if (!verified) throw codeRefused();
      await admitPublic(c, verified);
      const data = codeTenantData(c, verified);
      // The tenant must be active (cached per instance: shared/data/tenant-zones.ts); else refused, nothing written.
      const [code, purpose] = await Promise.all([data.selfRegistration.codes.find(verified.codeId), data.selfRegistration.codes.purpose(), codeTenantZone(c, verified)]);
      if (code?.status !== 'active') throw codeRefused();
      if (purpose.version !== input.purposeVersion) throw conflict('the purpose statement has changed: reload the form and read it again');
      const stored = await data.selfRegistration.intake.submit(code, input, c.var.deps.clock.now());
      return c.json(receiptOf(stored), 202);
    },
  )
  .openapi(
    defineRoute('public', {
      method: 'post',
      path: '/check-ins',
      tags: ['public'],
      summary: "A visitor's check-in at a venue (场所码 scanned): a receipt back; the phone or person code is sealed",
      request: { body: jsonBody(CheckInInput) },
      responses: { 202: jsonContent(CheckInReceipt, 'Checked in (a resend: the same receipt), with the venue’s name for the visitor to show'), ...errorResponses },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const parsed = parseVenueCode(input.code);
      // The signature first (no I/O): the code's own tenant, venue and version must be what was signed.
      if (!parsed || !isTenantId(parsed.tenantId) || checkVenueCode(await c.var.deps.venueCodeKeys(), input.code, parsed) !== 'valid') throw codeRefused();
      await admitPublic(c, { tenantId: parsed.tenantId, venueId: parsed.venueId });
      const data = codeTenantData(c, parsed);
      const [venue, timeZone] = await Promise.all([data.venues.find(parsed.venueId), codeTenantZone(c, parsed)]);
      // A rotated (reprinted) code is refused like a forged one.
      if (!venue || venue.codeVersion !== parsed.codeVersion) throw codeRefused();
      const stored = await data.selfRegistration.checkIns.record(venue, input, c.var.deps.clock.now(), timeZone);
      return c.json({ receipt: `C-${stored.id.slice(-8)}`, receivedAt: stored.at, venueName: venue.name }, 202);
    },
  );
