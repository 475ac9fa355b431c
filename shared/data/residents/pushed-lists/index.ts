/**
 * Pushed lists (大数据推送) on the residents registry: lists, their verification tasks and checks,
 * outcomes that link or register the person (through the registry's own code) and may start home
 * monitoring, and the unmasked row for those who must call or visit, audited.
 */
import type { Actor } from '../../../domain/actor';
import { DEFAULT_PUSHED_UNMASK_ROLES, defaultPushedListRules } from '../../../domain/pushed-lists/rules';
import { listInScope, rowInScope } from '../../../domain/pushed-lists/scope';
import type { OutcomeInput } from '../../../domain/pushed-lists/task';
import { mayUnmask } from '../../../domain/residents/scope';
import { normaliseIdNumber } from '../../../domain/residents/id-number';
import type { Scope } from '../../../domain/scope';
import { badRequest, because, conflict, forbidden } from '../../../errors';
import type { RequestOrigin } from '../audit';
import type { AuditRepository } from '../audit';
import { type ResidentsContext, writeCipher } from '../context';
import type { HouseholdRepository } from '../households';
import type { MonitoringRepository } from '../monitoring';
import type { PersonRepository } from '../persons';
import { daySections } from './days';
import { pushedListRetention } from './retention';
import { pushedListIndex } from './list-index';
import { pushedListRepository } from './lists';
import { rowWriter } from './rows';
import { type StoredTask, type TaskPersonal, unsealTask } from './stored';
import { pushedTaskRepository } from './tasks';

export function pushedListsRepository(ctx: ResidentsContext, r: { households: HouseholdRepository; persons: PersonRepository; monitoring: MonitoringRepository; audit: AuditRepository }) {
  const tasks = pushedTaskRepository(ctx);

  /** The person an outcome "found" names: linked as matched or chosen, or registered from the row. */
  async function foundPerson(actor: Actor, scope: Scope, task: StoredTask, found: NonNullable<OutcomeInput['found']>, now: Date) {
    if ('link' in found) {
      // Where they live now (a link made from an old record follows their moves).
      const person = await r.persons.visible(scope, found.link.householdId, found.link.personId);
      return { householdId: person.householdId, personId: person.id };
    }
    const c = found.create;
    let householdId = c.householdId;
    if (!householdId) {
      if (!c.newHousehold) throw badRequest('found.create.householdId', 'name the household, or give newHousehold');
      if (!task.gridId) throw conflict('the task has no grid yet');
      await r.households.create(actor, scope, { id: c.newHousehold.id, gridId: task.gridId, address: c.newHousehold.address, tags: [] }, now);
      householdId = c.newHousehold.id;
    }
    const row = unsealTask((await ctx.cipher(false))!, task);
    // The document the member was shown, else the row's; a row without one needs it (the registry's rule).
    const idType = c.idNumber ? (c.idType ?? 'resident-id') : 'resident-id';
    const idNumber = c.idNumber ? normaliseIdNumber(c.idNumber) : row.idNumber;
    if (!idNumber) throw badRequest('found.create.idNumber', "the row has no ID number: give the person's document (idType, idNumber), or link a person of the household");
    await r.persons.add(actor, scope, householdId, { id: c.personId, name: row.name, idType, idNumber, phone: row.phone, category: c.category, relationship: c.relationship, tags: [] }, now);
    return { householdId, personId: c.personId };
  }

  const lists = pushedListRepository(ctx);
  return {
    lists,
    tasks,

    /** A list as this caller sees it (their grids, or all), and which of its rows are theirs (the export). */
    async view(actor: Actor, scope: Scope, listId: string) {
      const [list, unplaced] = await Promise.all([lists.get(listId), tasks.unplaced(actor)]);
      return { list: listInScope(list, scope, unplaced), keeps: (task: Pick<StoredTask, 'gridPath'>) => rowInScope(scope, unplaced, task.gridPath) };
    },
    /** The index of lists, newest first; for a caller of some grids each list's counts are their grids' (list-index.ts). */
    index: (actor: Actor, scope: Scope, page: { limit?: number; cursor?: string }) => pushedListIndex(ctx, lists, actor, scope, tasks.unplaced, page),
    /** The retention job's part: the rows of lists older than the rule are deleted. */
    retention: pushedListRetention(ctx),
    /** A day's section of the daily report: the tenant's and each grid's subtree (one Query). */
    daySections: (date: string, grids: Parameters<typeof daySections>[2]) => daySections(ctx, date, grids),
    /** The job's row writer (matching by blind index, then address rules). */
    rowWriter: () => rowWriter(ctx, r.persons),

    /** Record an outcome; "found" links or registers the person first and may start monitoring (each step idempotent by its client id). */
    async recordOutcome(actor: Actor, scope: Scope, taskId: string, input: OutcomeInput, now: Date): Promise<StoredTask> {
      const task = await tasks.visible(actor, scope, taskId, true);
      let linked: StoredTask['linked'];
      if (input.outcome === 'found' && input.found && !task.linked) {
        linked = await foundPerson(actor, scope, task, input.found, now);
        if (input.monitoring) {
          const { episode } = await r.monitoring.episodes.start(actor, scope, { id: input.monitoring.episodeId, householdId: linked.householdId, personId: linked.personId, type: input.monitoring.type, reason: input.monitoring.reason, assignees: [] }, now);
          linked.episodeId = episode.id;
        }
      }
      return tasks.close(actor, scope, taskId, input, linked ?? task.linked, now);
    },

    /** The row as pushed (name, ID number, phone, address), for the one who must call or visit: written to the access log first. */
    async personal(actor: Actor, scope: Scope, taskId: string, reason: string, origin: RequestOrigin, now: Date): Promise<TaskPersonal> {
      const task = await tasks.visible(actor, scope, taskId);
      const rules = (await ctx.residentRules()).pushedLists ?? defaultPushedListRules();
      // Rules saved before the rule existed have none: the default.
      if (!mayUnmask(actor, rules.unmaskRoles ?? DEFAULT_PUSHED_UNMASK_ROLES)) throw forbidden("your role may not open a task's row unmasked (the tenant's rules: residents.pushedLists.unmaskRoles)", because('role.unmask'));
      await r.audit.append(actor, origin, { action: 'open-pushed-task', taskId, personId: task.linked?.personId ?? task.match.personId, reason }, now);
      return unsealTask(await writeCipher(ctx), task);
    },
  };
}
export type PushedListsRepository = ReturnType<typeof pushedListsRepository>;
