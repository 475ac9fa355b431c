/**
 * The 三色管理图 coloured by a testing round's coverage (`measure=coverage`): the chosen round, or
 * the running one (the latest started), read from the counters coverage already keeps — the grid
 * tree, the registry's counters (target) and the round's counters: O(grids), never a pass over
 * people. The band from the rules (`gridMap.coverage`). docs/data-model.md "Testing rounds".
 */
import { coverageMap, DEFAULT_COVERAGE_BAND, type MapGrid } from '../domain/grid-map';
import { coverageOf } from '../domain/testing/coverage';
import { roundStatus, type StoredRound } from '../domain/testing/round';
import { notFound } from '../errors';
import { queryAll, type Db } from './db';
import type { TenantKeys as Keys } from './keys';
import { readGridCounts, sumCounterItems } from './residents/counters';
import { getItem } from './write';

/** The round asked for, or the one running now (latest start); undefined when none runs. */
export async function roundForMap(db: Db, keys: Keys, now: Date, roundId?: string): Promise<StoredRound | undefined> {
  if (roundId) {
    const round = await getItem<StoredRound>(db, keys.testRound(roundId), true);
    if (!round) throw notFound('round');
    return round;
  }
  const rounds = await queryAll<StoredRound>(db, keys.testRounds());
  return rounds.reverse().find((r) => roundStatus(r, now) === 'running');
}

/** The coverage cells of the shown grids (each its subtree's), with every grid under them given. */
export async function coverageCells(db: Db, keys: Keys, round: StoredRound | undefined, shown: readonly MapGrid[], grids: readonly MapGrid[], band = DEFAULT_COVERAGE_BAND) {
  const [resident, counters] = await Promise.all([readGridCounts(db, keys), round ? queryAll<Record<string, unknown>>(db, keys.testCoverageCounters(round.id)) : Promise.resolve([])]);
  const figures = coverageOf(grids, resident, sumCounterItems(counters), round?.exemptCategories ?? []);
  return coverageMap(shown, grids, new Map(figures.map((f) => [f.id, { tested: f.tested, target: round ? f.target : 0 }])), band);
}
