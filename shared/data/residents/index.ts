/**
 * The residents registry of one tenant (docs/data-model.md "Residents", docs/privacy.md): households,
 * people, visits, figures, the access log and the retention of people who left. Built by tenantData
 * from the verified actor's tenant; personal data is sealed with the tenant's own key.
 */
import type { Actor } from '../../domain/actor';
import { residentScopeFromPaths, residentsSeeWholeTenant } from '../../domain/residents/scope';
import { inScope, type Scope } from '../../domain/scope';
import { because, forbidden } from '../../errors';
import type { PersonalDataKeys } from '../../personal-data/tenant-cipher';
import type { Db } from '../db';
import type { GridRepository } from '../grids';
import type { RulesRepository } from '../rules';
import { auditRepository } from './audit';
import { residentsContext } from './context';
import { figuresRepository } from './figures';
import { householdRepository } from './households';
import { searchHouseholds } from './household-search';
import { residentImportRepository } from './imports';
import { monitoringRepository } from './monitoring';
import { personRepository } from './persons';
import { personMoves } from './person-moves';
import { pushedListsRepository } from './pushed-lists';
import { retentionRepository } from './retention';
import { resealRepository } from './reseal';
import { testingRepository } from '../testing';
import { checkpointRepository } from '../checkpoints';
import { visitRepository } from './visits';

export function residentsRepository(db: Db, tenantId: string, grids: GridRepository, rules: RulesRepository, personalData: PersonalDataKeys | undefined) {
  const ctx = residentsContext(db, tenantId, grids, rules, personalData);
  const households = householdRepository(ctx);
  const registry = personRepository(ctx, households);
  const monitoring = monitoringRepository(ctx, households, registry);
  const persons: typeof registry & ReturnType<typeof personMoves> = {
    ...registry,
    /** Moved out or died; then (a follow-up, safe to repeat; the sweep repeats it) their live monitoring episode ends with that reason. */
    async end(actor, scope, householdId, personId, end, now) {
      const after = await registry.end(actor, scope, householdId, personId, end, now);
      await monitoring.lifecycle.endLiveOf(personId, end.reason, now, actor.userId);
      return after;
    },
    /** To another household (or a new one), with a reason; refused while under live home monitoring. */
    ...personMoves(ctx, households, { underMonitoring: async (personId) => (await monitoring.episodes.ofPerson(personId)).some((e) => e.status === 'active'), getHere: registry.getHere }),
  };
  const audit = auditRepository(ctx);
  return {
    /** Resident imports (CSV, xlsx): progress, errors, and the chunks the import job writes. */
    imports: residentImportRepository(ctx),
    households,
    /** Households whose number or address holds a text, within subtrees of the scope (household-search.ts). */
    searchHouseholds: (scope: Scope, roots: readonly string[], q: string, limit: number) => searchHouseholds(ctx, scope, roots, q, limit),
    persons,
    /** Home monitoring: episodes, readings, alerts, the missed-reading sweep, lists and figures. */
    monitoring,
    /** Pushed lists (大数据推送) and their verification tasks (一摸四查). */
    pushedLists: pushedListsRepository(ctx, { households, persons, monitoring, audit }),
    visits: visitRepository(ctx, households),
    /** Testing rounds: sites, records, coverage, lab results and positive alerts. */
    testing: testingRepository(ctx, persons),
    /** Checkpoints (卡口): vehicle entries, day counts, held-vehicle alerts. */
    checkpoints: checkpointRepository(ctx),
    figures: figuresRepository(ctx),
    audit,
    /** The retention job's work (shared/scheduling/retention-job.ts). */
    retention: retentionRepository(ctx, monitoring.lifecycle, households),
    /** Re-sealing people with the newest data key version (shared/scheduling/reseal-job.ts). */
    reseal: resealRepository(ctx),
    rules: ctx.residentRules,
    cipher: ctx.cipher,
    dayOf: ctx.dayOf,

    /** The part of the grid tree whose residents this actor sees (not the venue scope). */
    async scopeOf(actor: Actor): Promise<Scope> {
      if (residentsSeeWholeTenant(actor)) return { kind: 'tenant' };
      const { paths } = await grids.pathsOf(actor.gridIds);
      return residentScopeFromPaths(actor, [...paths.values()]);
    },

    /** The subtrees to read: one grid's (403 outside the scope), else the scope's roots (every top-level grid for the whole tenant). */
    async rootsOf(scope: Scope, gridId?: string): Promise<string[]> {
      if (gridId) {
        const root = await grids.get(gridId);
        if (!inScope(scope, root.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
        return [root.path];
      }
      return scope.kind === 'subtrees' ? scope.roots : (await grids.topLevel()).map((g) => g.path);
    },
  };
}
export type ResidentsRepository = ReturnType<typeof residentsRepository>;
