/**
 * A round's coverage per grid and the people not yet tested. Coverage reads counters only: the grid
 * subtree (1 Query per root), the registry's counters (1 Query of the tenant's counter partition) and
 * the round's (1 Query of its partition), so a tenant's coverage costs O(grids), never a pass over
 * people. A day's samples per site: 1 Query of the round's day counters, O(sites). The not-yet-tested list is for door-to-door work in one grid: a page of the grid's people
 * (the subtree index) and one BatchGet of their marks for this round.
 */
import { coverageOf, coverageTotal, type GridCoverage } from '../../domain/testing/coverage';
import type { Site, StoredRound } from '../../domain/testing/round';
import { type SiteDay, siteDays } from '../../domain/testing/site-counts';
import { batchGet } from '../batch';
import { type Page, queryAll, queryPage } from '../db';
import type { ResidentsContext } from '../residents/context';
import { readGridCounts, sumCounterItems } from '../residents/counters';
import type { StoredPerson } from '../residents/stored';
import type { Household } from '../../domain/residents/household';

export interface UntestedPerson {
  personId: string;
  householdId: string;
  gridId: string;
  nameMasked: string;
  category: string;
  address?: Household['address'];
}

export function coverageRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;
  return {
    /**
     * Coverage of every grid under the roots that lies in the round's area (path order), and the
     * total over the roots. 3 kinds of Query, in parallel.
     */
    async ofRound(round: StoredRound, rootPaths: readonly string[]): Promise<{ total: ReturnType<typeof coverageTotal>; grids: GridCoverage[] }> {
      // The part of each root inside the round's area: the root itself, or the round's subtree when it lies below the root.
      const roots = rootPaths.flatMap((r) => (r.startsWith(round.scopePath) ? [r] : round.scopePath.startsWith(r) ? [round.scopePath] : []));
      const [trees, resident, counters] = await Promise.all([
        Promise.all(roots.map((p) => ctx.grids.tree(p))),
        readGridCounts(db, keys),
        queryAll<Record<string, unknown>>(db, keys.testCoverageCounters(round.id)),
      ]);
      const grids = trees.flat().filter((g) => g.status === 'active');
      const figures = coverageOf(grids, resident, sumCounterItems(counters), round.exemptCategories);
      const rootSet = new Set(roots);
      return { total: coverageTotal(figures.filter((g) => rootSet.has(g.path))), grids: figures };
    },

    /** Samples per site that day (tenant-local), by hour, beside each site's capacity: 1 Query of the round's day. */
    async siteDays(round: StoredRound, date: string, sites: readonly Site[]): Promise<SiteDay[]> {
      const counters = await queryAll<Record<string, unknown>>(db, keys.testSiteDayCounters(round.id, date));
      return siteDays(sites, counters);
    },

    /** People of a grid's subtree not tested yet in the round (exempt categories left out), a page at a time. */
    async untested(round: StoredRound, gridPath: string, page: { limit: number; cursor?: string }): Promise<Page<UntestedPerson>> {
      const exempt = round.exemptCategories;
      const values: Record<string, unknown> = { ':active': 'active' };
      exempt.forEach((c, i) => {
        values[`:x${i}`] = c;
      });
      const people = await queryPage<StoredPerson>(db, keys.personsInSubtree(gridPath), {
        limit: page.limit,
        cursor: page.cursor,
        filter: { expression: `#st = :active${exempt.length ? ` AND NOT #cat IN (${exempt.map((_, i) => `:x${i}`).join(', ')})` : ''}`, names: { '#st': 'status', ...(exempt.length ? { '#cat': 'category' } : {}) }, values },
      });
      const marks = await batchGet(db, people.items.map((p) => keys.testedMark(round.id, p.id)), false);
      const left = people.items.filter((p) => !marks.raw(keys.testedMark(round.id, p.id)));
      const households = await batchGet(db, [...new Set(left.map((p) => p.householdId))].map((h) => keys.household(h)), false);
      return {
        items: left.map((p) => ({ personId: p.id, householdId: p.householdId, gridId: p.gridId, nameMasked: p.nameMasked, category: p.category, address: households.get<Household>(keys.household(p.householdId))?.address })),
        cursor: people.cursor,
      };
    },
  };
}
export type CoverageRepository = ReturnType<typeof coverageRepository>;
