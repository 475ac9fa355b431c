/**
 * 联合执法 (joint enforcement): a supervisor or admin refers a hard case of the ledger to the agencies
 * the tenant's rules list (police, health, market regulation …), and records their outcome. Both steps
 * are on the venue's history (GET /api/venues/{id}/events) and counted in the daily report.
 * Everyone reads the referrals of the venues they may see (an industry authority: its kinds).
 */
import * as z from 'zod';
import { JOINT_ROLES, OutcomeInput, Referral, ReferralInput } from '../../../../shared/domain/venues/joint-enforcement';
import { localDate } from '../../../../shared/domain/local-day';
import { ProblemId } from '../../../../shared/domain/venues/problem';
import { JointDay } from '../../../../shared/domain/venues/joint-day';
import { GridId } from '../../../../shared/domain/grid';
import { jointDay } from '../../../../shared/data/venues/joint-day';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { Day, errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';
import { tenantToday } from '../tenant-today';

const ReferralParam = z.object({ referralId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a referral id (ULID)') });
const ListQuery = PageQuery.extend({ status: z.enum(['referred', 'concluded']).optional(), problem: ProblemId.optional() });
const Agencies = z.object({ agencies: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })) });

export const jointEnforcement = apiRoutes()
  .openapi(
    defineRoute(JOINT_ROLES, {
      method: 'post',
      path: '/',
      tags: ['enforcement'],
      summary: 'Refer a problem (a hard case) to joint enforcement (联合执法) by the agencies named',
      request: { body: jsonBody(ReferralInput) },
      responses: { 201: jsonContent(Referral, 'Referred'), 200: jsonContent(Referral, 'Already referred (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const input = c.req.valid('json');
      const problem = await data.problems.get(input.problemId);
      const venue = await data.visibleVenue(actor, problem.venueId);
      const [{ tenant }, rules] = await Promise.all([tenantToday(c), data.rules.get()]);
      const now = c.var.deps.clock.now();
      const ctx = { actor, at: now.toISOString(), date: localDate(now, tenant.timezone) };
      const { referral, created } = await data.jointEnforcement.refer(venue, problem, input, rules.jointEnforcement, ctx);
      return c.json(referral, created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(JOINT_ROLES, {
      method: 'post',
      path: '/{referralId}/outcome',
      tags: ['enforcement'],
      summary: "Record the agencies' outcome of a referral: it is concluded and the venue no longer carries it",
      request: { params: ReferralParam, body: jsonBody(OutcomeInput) },
      responses: { 200: jsonContent(Referral, 'Concluded'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const referral = await data.jointEnforcement.get(c.req.valid('param').referralId);
      const venue = await data.visibleVenue(actor, referral.venueId);
      const { tenant } = await tenantToday(c);
      const now = c.var.deps.clock.now();
      const ctx = { actor, at: now.toISOString(), date: localDate(now, tenant.timezone) };
      return c.json(await data.jointEnforcement.conclude(referral, venue, c.req.valid('json'), ctx), 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['enforcement'],
      summary: 'Referrals to joint enforcement of the venues I may see, newest first (by status or problem)',
      request: { query: ListQuery },
      responses: { 200: jsonContent(pageOf(Referral), 'A page of referrals'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const { status, problem, ...page } = c.req.valid('query');
      const [found, scope] = await Promise.all([data.jointEnforcement.list(page), data.scopeOf(actor)]);
      const items = found.items.filter((r) => data.canSeeVenue(actor, scope, { kind: r.venueKind, gridPath: r.gridPath }) && (!status || r.status === status) && (!problem || r.problemId === problem));
      return c.json({ ...found, items }, 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/agencies',
      tags: ['enforcement'],
      summary: "The agencies a case can be referred to (the tenant's rules)",
      responses: { 200: jsonContent(Agencies, 'The agencies'), ...errorResponses },
    }),
    async (c) => c.json({ agencies: (await c.var.data.rules.get()).jointEnforcement.agencies }, 200),
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/day/{date}',
      tags: ['enforcement'],
      summary: "A day's referrals and outcomes in a grid's subtree (default: all I may see), counted per agency: the daily report's 联合执法 section",
      request: { params: z.object({ date: Day }), query: z.object({ grid: GridId.optional() }) },
      responses: { 200: jsonContent(JointDay, "The day's joint enforcement"), ...errorResponses },
    }),
    async (c) => c.json(await jointDay(c.var.data, c.var.actor, c.req.valid('param').date, c.req.valid('query').grid), 200),
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{referralId}',
      tags: ['enforcement'],
      summary: 'One referral',
      request: { params: ReferralParam },
      responses: { 200: jsonContent(Referral, 'The referral'), ...errorResponses },
    }),
    async (c) => {
      const referral = await c.var.data.jointEnforcement.get(c.req.valid('param').referralId);
      await c.var.data.visibleVenue(c.var.actor, referral.venueId);
      return c.json(referral, 200);
    },
  );
