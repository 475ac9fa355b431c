/**
 * The problem ledger (动态问题台账) and the rectification ladder: notice (整改通知书, printable),
 * rectification reported, re-check (复查 → 销号 or back to open), reopen. The ledger's exports (CSV,
 * xlsx) are file routes of their own (problem-exports.ts). docs/enforcement.md describes the states
 * and who may do what.
 */
import * as z from 'zod';
import { illegal, NoticeInput, ProblemEvent, RecheckInput, RectificationInput, ReopenInput } from '../../../../shared/domain/venues/ladder';
import { localDate } from '../../../../shared/domain/local-day';
import { Problem, ProblemId } from '../../../../shared/domain/venues/problem';
import { noticePage } from '../../../../shared/export/notice-page';
import { staticPage } from '../../html-page';
import { apiRoutes, defineRoute, TENANT_ROLES } from '../../route';
import { errorResponses, fileContent, jsonBody, jsonContent, PageQuery, pageOf } from '../../schemas';
import { LedgerFilter } from './ledger-filter';
import { tenantToday } from '../tenant-today';

/** Who records steps of the ladder (in their scope); industry authorities read. */
const ACTORS = ['tenant-admin', 'supervisor', 'inspector'] as const;
const ProblemParam = z.object({ problemId: ProblemId });
const ProblemView = Problem.extend({ overdue: z.boolean() });
const Transition = z.object({ problem: ProblemView, event: ProblemEvent });
const Detail = z.object({ problem: ProblemView, history: z.array(ProblemEvent) });

export const problems = apiRoutes()
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/',
      tags: ['problems'],
      summary: 'The problem ledger in my scope: open, overdue or closed; by grid subtree and venue kind (industry authorities: their kinds)',
      request: { query: PageQuery.merge(LedgerFilter) },
      responses: { 200: jsonContent(pageOf(ProblemView), 'A page of problems'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const { grid, ...filters } = c.req.valid('query');
      const [{ today }, scope] = await Promise.all([tenantToday(c), data.scopeOf(actor)]);
      return c.json(await data.problems.ledger(actor, scope, { ...filters, gridId: grid }, today), 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{problemId}',
      tags: ['problems'],
      summary: 'One problem with its full history (who, when, why, linked inspection)',
      request: { params: ProblemParam },
      responses: { 200: jsonContent(Detail, 'The problem and its history, oldest first'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const [{ tenant, today }, scope] = await Promise.all([tenantToday(c), data.scopeOf(actor)]);
      const { problem, history } = await data.problems.withHistory(c.req.valid('param').problemId, tenant.timezone);
      data.problems.assertVisible(actor, scope, problem);
      return c.json({ problem: { ...problem, overdue: problem.status !== 'closed' && problem.deadline < today }, history }, 200);
    },
  )
  .openapi(
    defineRoute(TENANT_ROLES, {
      method: 'get',
      path: '/{problemId}/notice.html',
      tags: ['problems'],
      summary: 'The rectification notice (整改通知书) as a printable page in Chinese',
      request: { params: ProblemParam },
      responses: { 200: fileContent('text/html', 'The notice page'), ...errorResponses },
    }),
    async (c) => {
      const { actor, data } = c.var;
      const [{ tenant }, scope] = await Promise.all([tenantToday(c), data.scopeOf(actor)]);
      const problem = await data.problems.get(c.req.valid('param').problemId);
      data.problems.assertVisible(actor, scope, problem);
      if (!problem.notice) throw illegal('no rectification notice (整改通知书) has been issued for this problem yet', { status: problem.status });
      const [venue, grid] = await Promise.all([data.venues.get(problem.venueId), data.grids.find(problem.gridId)]);
      const html = noticePage({
        tenantNameZh: tenant.nameZh,
        problem: { ...problem, notice: problem.notice },
        venue,
        gridName: grid?.name ?? problem.gridId,
        foundDate: localDate(new Date(problem.openedAt), tenant.timezone),
        issuedDate: localDate(new Date(problem.notice.issuedAt), tenant.timezone),
      });
      return staticPage(c, html);
    },
  )
  .openapi(
    defineRoute(ACTORS, {
      method: 'post',
      path: '/{problemId}/notice',
      tags: ['problems'],
      summary: 'Issue the rectification notice (整改通知书) with a deadline: open → notice-issued',
      request: { params: ProblemParam, body: jsonBody(NoticeInput) },
      responses: { 200: jsonContent(Transition, 'The problem and the recorded step'), ...errorResponses },
    }),
    async (c) =>
      c.json(await c.var.data.problems.act(c.var.actor, c.req.valid('param').problemId, { type: 'issue-notice', ...c.req.valid('json') }, c.var.deps.clock.now()), 200),
  )
  .openapi(
    defineRoute(ACTORS, {
      method: 'post',
      path: '/{problemId}/rectification',
      tags: ['problems'],
      summary: 'Record that the venue reports the problem rectified (note, photos): notice-issued → rectification-reported',
      request: { params: ProblemParam, body: jsonBody(RectificationInput) },
      responses: { 200: jsonContent(Transition, 'The problem and the recorded step'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await c.var.data.problems.act(c.var.actor, c.req.valid('param').problemId, { type: 'report-rectification', ...c.req.valid('json') }, c.var.deps.clock.now()),
        200,
      ),
  )
  .openapi(
    defineRoute(ACTORS, {
      method: 'post',
      path: '/{problemId}/recheck',
      tags: ['problems'],
      summary:
        'Re-check (复查): link an inspection of the venue whose result for the item decides it, or record {passed, note} inline. Passed → closed (销号, follow-up scheduled); failed → open, escalations + 1, new deadline',
      request: { params: ProblemParam, body: jsonBody(RecheckInput) },
      responses: { 200: jsonContent(Transition, 'The problem and the recorded step'), ...errorResponses },
    }),
    async (c) =>
      c.json(await c.var.data.problems.act(c.var.actor, c.req.valid('param').problemId, { type: 'recheck', ...c.req.valid('json') }, c.var.deps.clock.now()), 200),
  )
  .openapi(
    defineRoute(ACTORS, {
      method: 'post',
      path: '/{problemId}/reopen',
      tags: ['problems'],
      summary: 'Reopen a closed problem that came back (e.g. at the follow-up 回头看): closed → open, escalations + 1',
      request: { params: ProblemParam, body: jsonBody(ReopenInput) },
      responses: { 200: jsonContent(Transition, 'The problem and the recorded step'), ...errorResponses },
    }),
    async (c) =>
      c.json(await c.var.data.problems.act(c.var.actor, c.req.valid('param').problemId, { type: 'reopen', ...c.req.valid('json') }, c.var.deps.clock.now()), 200),
  );
