/**
 * Self-registration for the staff: registration codes (made and retired by tenant admins and
 * supervisors; a poster per code), the purpose statement, the review queue of the grids' members
 * (confirm, merge into an existing person, reject) and the day's figures by grid and category.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import { GridId } from '../../../../shared/domain/grid';
import { ResidentUlid } from '../../../../shared/domain/residents/household';
import { registrationCodeToken } from '../../../../shared/domain/self-registration/code';
import { CodeInput, Decision, Purpose, PurposeInput, RegistrationCode, SubmissionView } from '../../../../shared/domain/self-registration/submission';
import type { StoredCode } from '../../../../shared/data/self-registration/codes';
import type { AppEnv } from '../../context';
import { apiRoutes, defineRoute } from '../../route';
import { Day, errorResponses, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';
import { RESIDENT_ROLES } from '../residents/support';

const CODE_MAKERS = ['tenant-admin', 'supervisor'] as const;
const CodeView = RegistrationCode.extend({ token: z.string() });
const CodeParam = z.object({ codeId: ResidentUlid });
const SubmissionParam = z.object({ submissionId: ResidentUlid });
const FigureRow = z.object({ gridId: z.string(), category: z.string(), submitted: z.number(), confirmed: z.number(), merged: z.number(), rejected: z.number() });
const Figures = z.object({ date: z.string(), rows: z.array(FigureRow), total: FigureRow.omit({ gridId: true, category: true }) });

const codeView = async (c: Context<AppEnv>, code: StoredCode) => {
  const { gridPath: _path, ...rest } = code;
  return { ...rest, token: registrationCodeToken(await c.var.deps.venueCodeKeys(), c.var.actor.tenantId, code.id) };
};
const reviewScope = (c: Context<AppEnv>) => c.var.data.residents.scopeOf(c.var.actor);

export const selfRegistrationStaff = apiRoutes()
  .openapi(
    defineRoute(CODE_MAKERS, {
      method: 'post',
      path: '/codes',
      tags: ['self-registration'],
      summary: 'Make a registration code (扫码登记) for the tenant, a grid or a compound (client ULID: a resend returns it, 200)',
      request: { body: jsonBody(CodeInput) },
      responses: { 201: jsonContent(CodeView, 'Made'), 200: jsonContent(CodeView, 'Already made (a resend)'), ...errorResponses },
    }),
    async (c) => {
      const { code, created } = await c.var.data.selfRegistration.codes.create(c.var.actor, c.req.valid('json'), c.var.deps.clock.now());
      return c.json(await codeView(c, code), created ? 201 : 200);
    },
  )
  .openapi(
    defineRoute(CODE_MAKERS, {
      method: 'get',
      path: '/codes',
      tags: ['self-registration'],
      summary: "The tenant's registration codes, oldest first, with their tokens",
      request: { query: PageQuery },
      responses: { 200: jsonContent(pageOf(CodeView), 'Codes'), ...errorResponses },
    }),
    async (c) => {
      const page = await c.var.data.selfRegistration.codes.list(c.req.valid('query'));
      return c.json({ items: await Promise.all(page.items.map((code) => codeView(c, code))), cursor: page.cursor }, 200);
    },
  )
  .openapi(
    defineRoute(CODE_MAKERS, {
      method: 'post',
      path: '/codes/{codeId}/retire',
      tags: ['self-registration'],
      summary: 'Retire a registration code: its posters stop working at once (retiring again changes nothing)',
      request: { params: CodeParam },
      responses: { 200: jsonContent(CodeView, 'Retired'), ...errorResponses },
    }),
    async (c) => {
      const code = await c.var.data.selfRegistration.codes.retire(c.var.actor, c.req.valid('param').codeId, c.var.deps.clock.now());
      return c.json(await codeView(c, code), 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/purpose',
      tags: ['self-registration'],
      summary: 'The purpose statement the public form shows before consent',
      responses: { 200: jsonContent(Purpose, 'The statement'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.selfRegistration.codes.purpose(), 200),
  )
  .openapi(
    defineRoute(['tenant-admin'], {
      method: 'put',
      path: '/purpose',
      tags: ['self-registration'],
      summary: 'Write the purpose statement (a stale version is a 409); residents consent to the new version from now on',
      request: { body: jsonBody(PurposeInput) },
      responses: { 200: jsonContent(Purpose, 'Saved'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.selfRegistration.codes.setPurpose(c.var.actor, c.req.valid('json'), c.var.deps.clock.now()), 200),
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/submissions',
      tags: ['self-registration'],
      summary: 'The review queue: pending submissions of my grids (or one grid subtree), masked, each with the registered person it matches',
      request: { query: PageQuery.extend({ gridId: GridId.optional() }) },
      responses: { 200: jsonContent(pageOf(SubmissionView), 'Pending submissions'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.selfRegistration.review.queue(await reviewScope(c), c.req.valid('query')), 200),
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/submissions/{submissionId}',
      tags: ['self-registration'],
      summary: 'One submission (masked)',
      request: { params: SubmissionParam },
      responses: { 200: jsonContent(SubmissionView, 'The submission'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.selfRegistration.review.one(await reviewScope(c), c.req.valid('param').submissionId), 200),
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'post',
      path: '/submissions/{submissionId}/decision',
      tags: ['self-registration'],
      summary: 'Confirm (creates the person, and the household if new), merge into an existing person, or reject; with the version (409 if stale)',
      request: { params: SubmissionParam, body: jsonBody(Decision) },
      responses: { 200: jsonContent(SubmissionView, 'Decided'), ...errorResponses },
    }),
    async (c) => {
      const { actor } = c.var;
      const decided = await c.var.data.selfRegistration.review.decide(actor, await reviewScope(c), c.req.valid('param').submissionId, c.req.valid('json'), c.var.deps.clock.now());
      return c.json(decided, 200);
    },
  )
  .openapi(
    defineRoute(RESIDENT_ROLES, {
      method: 'get',
      path: '/figures',
      tags: ['self-registration'],
      summary: "A day's self-registrations by grid and category: submitted, confirmed, merged, rejected (my grids)",
      request: { query: z.object({ date: Day }) },
      responses: { 200: jsonContent(Figures, 'Figures'), ...errorResponses },
    }),
    async (c) => c.json(await c.var.data.selfRegistration.review.figures(await reviewScope(c), c.req.valid('query').date), 200),
  );
