/**
 * The review queue of self-registrations: pending submissions of the grids in the reviewer's scope
 * (tenant-wide codes' in the tenant admins' and unscoped supervisors' queue), each with the person
 * already registered under the same ID number (blind index) offered for a merge; and the decisions.
 * A confirm creates the household (or uses one) and the person through the registry's own code, with
 * ids from the reviewer, so a resent confirm after a failure repeats nothing; then the submission is
 * marked decided (version-checked) and leaves the queue, its personal data kept 30 more days (TTL).
 */
import type { Actor } from '../../domain/actor';
import { sumFigures } from '../../domain/self-registration/figures';
import { confirmTargetProblem, type Decision, SUBMISSION_RETENTION, type SubmissionView } from '../../domain/self-registration/submission';
import { inScope, type Scope } from '../../domain/scope';
import { badRequest, conflict, forbidden, notFound } from '../../errors';
import { type Db, type Page, queryAll, queryPage } from '../db';
import type { GridRepository } from '../grids';
import type { TenantKeys } from '../keys';
import { pageAcross } from '../multi-page';
import type { ResidentsRepository } from '../residents';
import { failed, transact } from '../residents/context';
import type { IdIndex } from '../residents/stored';
import { TTL_ATTRIBUTE } from '../table';
import { getItem, staleVersion } from '../write';
import { dayFigureAction, type StoredSubmission, unsealSubmission } from './submissions';

const view = (s: StoredSubmission, match?: SubmissionView['match']): SubmissionView => ({
  id: s.id,
  codeId: s.codeId,
  gridId: s.gridId,
  status: s.status,
  name: s.nameMasked,
  idNumber: s.idNumberMasked,
  phone: s.phoneMasked,
  category: s.category,
  address: s.address,
  householdNumber: s.householdNumber,
  arrivedFrom: s.arrivedFrom,
  arrivedOn: s.arrivedOn,
  submittedAt: s.submittedAt,
  version: s.version,
  match,
  decidedAt: s.decidedAt,
  decidedBy: s.decidedBy,
  personId: s.personId,
  householdId: s.householdId,
  rejectReason: s.rejectReason,
});

export function submissionReview(db: Db, keys: TenantKeys, grids: GridRepository, residents: ResidentsRepository) {
  /** A submission the reviewer may see: in their grids, or (tenant-wide code) for whole-tenant reviewers. */
  async function visible(scope: Scope, submissionId: string): Promise<StoredSubmission> {
    const s = await getItem<StoredSubmission>(db, keys.submission(submissionId), true);
    if (!s) throw notFound('submission');
    if (s.gridPath ? !inScope(scope, s.gridPath) : scope.kind !== 'tenant') throw forbidden('this submission is outside your grids');
    return s;
  }

  /** The registered person with the same ID number, if the reviewer may see them. */
  async function matchOf(scope: Scope, s: StoredSubmission): Promise<SubmissionView['match']> {
    const index = await getItem<IdIndex>(db, keys.idNumberIndex(s.idBlind));
    if (!index?.active) return undefined;
    const person = await residents.persons.find(index.householdId, index.personId);
    if (!person || !inScope(scope, person.gridPath)) return undefined;
    return { personId: person.id, householdId: person.householdId, name: person.nameMasked, gridId: person.gridId };
  }

  async function markDecided(actor: Actor, s: StoredSubmission, version: number, outcome: Pick<StoredSubmission, 'status' | 'personId' | 'householdId' | 'rejectReason'>, now: Date): Promise<StoredSubmission> {
    if (s.version !== version) throw staleVersion('submission', s.version);
    if (s.status !== 'pending') throw conflict(`this submission was already decided (${s.status})`);
    const decided: StoredSubmission = { ...s, ...outcome, decidedAt: now.toISOString(), decidedBy: actor.userId, version: s.version + 1 };
    const { gsi1pk: _pk, gsi1sk: _sk, ...rest } = { ...keys.submission(s.id), entity: 'self-registration', schemaVersion: 1, ...decided } as Record<string, unknown>;
    // Still listed for the re-seal; linked to the person it confirmed or merged into (their tombstone deletes it).
    const item = { ...rest, ...keys.submission(s.id), ...keys.submissionListEntry(s), ...(outcome.personId ? keys.submissionPersonEntry(outcome.personId, s) : {}), [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + SUBMISSION_RETENTION.decidedDays * 86_400 };
    // Counted on the day of the decision, under the submission's grid and category.
    const figure = dayFigureAction(db, keys, { ...s, day: await residents.dayOf(now) }, outcome.status);
    await transact(db, [{ Put: { TableName: db.table, Item: item, ConditionExpression: 'version = :v AND #status = :pending', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':v': s.version, ':pending': 'pending' } } }, figure], async ([put]) => {
      if (failed(put)) throw staleVersion('submission', (await getItem<StoredSubmission>(db, keys.submission(s.id), true))?.version ?? s.version);
      throw conflict('the submission changed meanwhile; reload and try again');
    });
    return decided;
  }

  return {
    visible,

    /** Pending submissions of one grid's subtree, or of the reviewer's whole scope; oldest first. */
    async queue(scope: Scope, options: { gridId?: string; limit?: number; cursor?: string }): Promise<Page<SubmissionView>> {
      const roots = await residents.rootsOf(scope, options.gridId);
      const partitions = [...roots, ...(options.gridId === undefined && scope.kind === 'tenant' ? [undefined] : [])];
      const page = await pageAcross(
        partitions.map((root) => (cursor: string | undefined, limit: number) => queryPage<StoredSubmission>(db, keys.submissionQueue(root), { cursor, limit })),
        { limit: options.limit ?? 50, cursor: options.cursor },
      );
      return { items: await Promise.all(page.items.map(async (s) => view(s, await matchOf(scope, s)))), cursor: page.cursor };
    },

    async one(scope: Scope, submissionId: string): Promise<SubmissionView> {
      const s = await visible(scope, submissionId);
      return view(s, s.status === 'pending' ? await matchOf(scope, s) : undefined);
    },

    async decide(actor: Actor, scope: Scope, submissionId: string, decision: Decision, now: Date): Promise<SubmissionView> {
      const s = await visible(scope, submissionId);
      if (s.version !== decision.version) throw staleVersion('submission', s.version);
      if (s.status !== 'pending') throw conflict(`this submission was already decided (${s.status})`);
      if (decision.action === 'reject') return view(await markDecided(actor, s, decision.version, { status: 'rejected', rejectReason: decision.reason }, now));
      if (decision.action === 'merge') {
        const person = await residents.persons.visible(scope, decision.householdId, decision.personId);
        return view(await markDecided(actor, s, decision.version, { status: 'merged', personId: person.id, householdId: person.householdId }, now));
      }
      const problem = confirmTargetProblem(decision);
      if (problem) throw badRequest('body.householdId', problem);
      const cipher = (await residents.cipher(false))!;
      const fields = unsealSubmission(cipher, s);
      let householdId = decision.householdId;
      if (decision.newHouseholdId) {
        const gridId = s.gridId ?? decision.gridId;
        if (!gridId) throw badRequest('body.gridId', 'this code names no grid: say which grid the new household is in');
        if (!s.address) throw badRequest('body.newHouseholdId', 'the resident gave no address: pick their household instead');
        const made = await residents.households.create(actor, scope, { id: decision.newHouseholdId, gridId, number: s.householdNumber, address: s.address, tags: [] }, now);
        householdId = made.household.id;
      }
      const { person } = await residents.persons.add(actor, scope, householdId!, {
        id: decision.personId,
        name: fields.name,
        idType: 'resident-id',
        idNumber: fields.idNumber,
        phone: fields.phone,
        category: s.category,
        relationship: decision.relationship,
        tags: [],
        movedInOn: s.arrivedOn,
      }, now);
      return view(await markDecided(actor, s, decision.version, { status: 'confirmed', personId: person.id, householdId: person.householdId }, now));
    },

    /** A tenant-local day's figures by grid and category, for the grids in scope (and tenant-wide codes for the whole tenant). */
    async figures(scope: Scope, date: string) {
      const shards = await queryAll<{ gridId: string; category: string }>(db, keys.submissionDayCounters(date));
      const inScopeIds = scope.kind === 'tenant' ? undefined : new Set((await Promise.all(scope.roots.map((r) => grids.tree(r)))).flat().map((g) => g.id));
      return { date, ...sumFigures(shards.filter((s) => (inScopeIds ? inScopeIds.has(s.gridId) : true))) };
    },
  };
}
