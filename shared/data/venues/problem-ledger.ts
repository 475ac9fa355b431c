/**
 * Reading the problem ledger (动态问题台账) of one tenant: pages of it by grid subtree, venue kind or
 * industry authority (and every page, for exports), a venue's problems, one problem with its
 * history. The ladder's steps are in problems.ts.
 */
import { type Actor, hasRole } from '../../domain/actor';
import { isOverdue, type ProblemEvent } from '../../domain/venues/ladder';
import { localDate } from '../../domain/local-day';
import type { Problem } from '../../domain/venues/problem';
import { inScope, type Scope } from '../../domain/scope';
import { because, forbidden, notFound } from '../../errors';
import { queryRaw } from '../batch';
import { type Db, type Page, type QueryFilter, queryPage, toEntity } from '../db';
import type { GridRepository } from '../grids';
import type { TenantKeys } from '../keys';
import { pageAcross } from '../multi-page';
import { openProblemsOfVenue } from './problem-failure-items';

export type LedgerStatus = 'open' | 'overdue' | 'closed';
export interface LedgerFilters {
  status: LedgerStatus;
  gridId?: string;
  kind?: string;
  limit?: number;
  cursor?: string;
}

/** A problem as the API shows it: with `overdue` derived for the tenant's today. */
export type ProblemView = Problem & { overdue: boolean };
export const viewOf = (p: Problem, today: string): ProblemView => ({ ...p, overdue: isOverdue(p, today) });

/** Industry authorities (and nobody else) see problems by kind, across all grids. */
export const seesByKind = (actor: Actor) => hasRole(actor, 'industry-authority') && !hasRole(actor, 'tenant-admin', 'supervisor', 'inspector');

export function problemLedger(db: Db, keys: TenantKeys, grids: GridRepository) {
  /** One source per partition to read for a ledger query, in a fixed order (for the paged cursor). */
  async function ledgerSources(actor: Actor, scope: Scope, filters: Omit<LedgerFilters, 'limit' | 'cursor'>, today: string) {
    const bucket = filters.status === 'closed' ? 'CLOSED' : 'OPEN';
    const overdue = filters.status === 'overdue';
    type Source = (cursor: string | undefined, limit: number) => Promise<Page<Problem>>;
    const filterOf = (parts: { expression: string; names: Record<string, string>; values: Record<string, unknown> }[]): QueryFilter | undefined =>
      parts.length
        ? { expression: parts.map((p) => p.expression).join(' AND '), names: Object.assign({}, ...parts.map((p) => p.names)), values: Object.assign({}, ...parts.map((p) => p.values)) }
        : undefined;
    const underPath = (path: string) => ({ expression: 'begins_with(#gp, :gp)', names: { '#gp': 'gridPath' }, values: { ':gp': path } });
    const ofKind = (kind: string) => ({ expression: '#vk = :vk', names: { '#vk': 'venueKind' }, values: { ':vk': kind } });
    const beforeToday = { expression: '#dl < :today', names: { '#dl': 'deadline' }, values: { ':today': today } };

    let root: string | undefined;
    if (filters.gridId) {
      const grid = await grids.get(filters.gridId);
      if (!seesByKind(actor) && !inScope(scope, grid.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
      root = grid.path;
    }

    // By kind (GSI2, ordered by deadline: overdue is a key range): industry authorities, or a whole-tenant caller asking for a kind.
    if (seesByKind(actor) || (filters.kind && !root && scope.kind === 'tenant')) {
      const kinds = seesByKind(actor) ? actor.venueKinds.filter((k) => !filters.kind || k === filters.kind) : [filters.kind!];
      return kinds.map<Source>((kind) => (cursor, limit) => {
        const spec = overdue ? keys.overdueProblemsOfKind(kind, today) : keys.problemsOfKind(kind, bucket);
        return queryPage<Problem>(db, spec, { cursor, limit, filter: filterOf(root ? [underPath(root)] : []) });
      });
    }

    // By grid subtree (GSI1, one partition per top-level grid).
    const roots = root ? [root] : scope.kind === 'subtrees' ? scope.roots : (await grids.topLevel()).map((g) => g.path);
    const filter = filterOf([...(filters.kind ? [ofKind(filters.kind)] : []), ...(overdue ? [beforeToday] : [])]);
    return roots.map<Source>((path) => (cursor, limit) => queryPage<Problem>(db, keys.problemsInSubtree(path, bucket), { cursor, limit, filter }));
  }

  return {
    /** The problem and its whole history (oldest first), from one Query of its partition. */
    async withHistory(problemId: string, timeZone: string): Promise<{ problem: Problem; history: ProblemEvent[] }> {
      const items = await queryRaw(db, keys.problemWithHistory(problemId), { consistent: true });
      const problemItem = items.find((i) => i.entity === 'problem');
      if (!problemItem) throw notFound('problem');
      const problem = toEntity<Problem>(problemItem);
      const events = items
        .filter((i) => i.entity === 'problem-event')
        .map((i) => {
          const { gridPath: _g, venueId: _v, ...event } = toEntity<ProblemEvent & { gridPath?: string; venueId?: string }>(i);
          return event as ProblemEvent;
        });
      // The opening is the inspection's own record: shown first, built from the problem's fields.
      const opened: ProblemEvent = {
        id: problem.inspectionId,
        problemId: problem.id,
        type: 'opened',
        from: null,
        to: 'open',
        at: problem.openedAt,
        date: localDate(new Date(problem.openedAt), timeZone),
        by: problem.openedBy,
        inspectionId: problem.inspectionId,
        ...(events.length ? {} : { deadline: problem.deadline }),
        escalations: 0,
        version: 1,
      };
      return { problem, history: [opened, ...events] };
    },

    /** A page of the ledger in the caller's scope. */
    async ledger(actor: Actor, scope: Scope, filters: LedgerFilters, today: string): Promise<Page<ProblemView>> {
      const sources = await ledgerSources(actor, scope, filters, today);
      const page = await pageAcross(sources, { limit: filters.limit, cursor: filters.cursor });
      return { ...page, items: page.items.map((p) => viewOf(p, today)) };
    },

    /**
     * Every problem of a ledger query, page by page (exports): memory stays at two pages. The sources
     * (and any 403 for a grid out of scope) are settled before the first page is read.
     */
    async ledgerBatches(actor: Actor, scope: Scope, filters: Omit<LedgerFilters, 'limit' | 'cursor'>, today: string): Promise<AsyncIterable<Problem[]>> {
      const sources = await ledgerSources(actor, scope, filters, today);
      const read = (cursor?: string) => {
        const page = pageAcross(sources, { limit: 1000, cursor });
        page.catch(() => undefined); // a read-ahead the consumer stopped waiting for must not be an unhandled rejection
        return page;
      };
      return (async function* () {
        // One page of read-ahead: the next Query runs while this page is formatted and sent.
        for (let pending: Promise<Page<Problem>> | undefined = read(); pending; ) {
          const page: Page<Problem> = await pending;
          pending = page.cursor ? read(page.cursor) : undefined;
          if (page.items.length) yield page.items;
        }
      })();
    },

    /** All of a venue's problems, newest first, page by page. */
    async *venueBatches(venueId: string): AsyncGenerator<Problem[]> {
      let cursor: string | undefined;
      do {
        const page = await queryPage<Problem>(db, keys.venueProblems(venueId), { limit: 500, cursor, newestFirst: true });
        if (page.items.length) yield page.items;
        cursor = page.cursor;
      } while (cursor);
    },

    /** A venue's problems, newest first. */
    ofVenue(venueId: string, options: { limit?: number; cursor?: string }): Promise<Page<Problem>> {
      return queryPage<Problem>(db, keys.venueProblems(venueId), { ...options, newestFirst: true });
    },

    /** A venue's problems not closed yet, newest first (the filter skips closed ones on the server). */
    openOfVenue(venueId: string, limit = 50): Promise<Page<Problem>> {
      return openProblemsOfVenue(db, keys, venueId, limit);
    },

  };
}
