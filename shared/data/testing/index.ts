/**
 * Testing rounds of one tenant (docs/data-model.md "Testing rounds"): rounds and sampling sites,
 * records from sites and doors, coverage per grid from counters, the not-yet-tested list, lab results
 * and positive alerts. Part of the residents registry: the same tenant context, scope and key.
 */
import type { ResidentsContext } from '../residents/context';
import type { PersonRepository } from '../residents/persons';
import { coverageRepository } from './coverage';
import { labImportRepository } from './lab-imports';
import { recordRepository } from './records';
import { resultRepository } from './results';
import { roundRepository } from './rounds';

export function testingRepository(ctx: ResidentsContext, persons: PersonRepository) {
  const rounds = roundRepository(ctx);
  return {
    rounds,
    records: recordRepository(ctx, rounds, persons),
    coverage: coverageRepository(ctx),
    results: resultRepository(ctx, persons),
    labImports: labImportRepository(ctx),
  };
}
export type TestingRepository = ReturnType<typeof testingRepository>;
