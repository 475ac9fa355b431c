/**
 * The stored daily plan of one tenant (docs/data-model.md "Daily plan"): the run item, one marker per
 * top-level subtree planned, and the parts (a person's assignments from one subtree). Written only by
 * the plan job (shared/scheduling/plan-job.ts) while it holds the run's lease; read by the API and
 * the day's close.
 *
 * One writer at a time: a run takes a lease on the run item (`leaseOwner`, `leaseUntil`) and every
 * step of it is conditional on still holding it, so a re-plan and a scheduled run never interleave.
 * A run that dies keeps the lease until it expires; then the next run resumes where it stopped.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PlanRunInfo } from '../../domain/venues/plan';
import type { UncoveredGrid } from '../../planning/planner';
import type { PlanPart } from '../../planning/stored-plan';
import { batchWriteAll, del, put } from '../bulk';
import { PLAN_PARTITION_WRITES, writePacer } from '../write-pacer';
import { type Db, queryAll, queryEach, toEntity } from '../db';
import { tenantKeys } from '../keys';
import { getItem } from '../write';

export interface PlanRun extends PlanRunInfo {
  date: string;
  /** The venue kinds that count towards the quota under the run's rules (for progress). */
  quotaKinds: string[];
  leaseOwner?: string;
  leaseUntil?: string;
  updatedAt: string;
}

export interface SubtreeTotals {
  venues: number;
  eligible: number;
  assignments: number;
  mandatory: number;
  leftOver: number;
}

/** `S#<top>`: which people have parts in the subtree (assignments, chunks) and, once planned, for which generation. */
export interface SubtreeMarker {
  date: string;
  top: string;
  /** Set when the subtree has been planned for this generation of the run. */
  generation?: number;
  people: Record<string, [assigned: number, chunks: number]>;
  totals?: SubtreeTotals;
  uncovered?: UncoveredGrid[];
  uncoveredCount?: number;
  plannedAt?: string;
}

/** The lease moved on to another run (a re-plan, or this run was too slow and its lease expired). */
export class LeaseLostError extends Error {}

/** Fields of a part without its assignments: the supervisor's overview and the resume read these. */
const SUMMARY_FIELDS = [
  'date',
  'inspectorId',
  'displayName',
  'top',
  'chunk',
  'chunks',
  'generation',
  'rulesVersion',
  'workingDay',
  'quota',
  'onLeave',
  'homeGridId',
  'homePath',
  'assignedElsewhere',
  'assigned',
  'mandatory',
] as const;
export type PlanPartSummary = Omit<PlanPart, 'assignments'>;

const isoPlus = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();

export function planRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);
  // Every part of a tenant's day is in one partition: its writes are paced under the partition's limit.
  const partitionWrites = writePacer(PLAN_PARTITION_WRITES);

  const partItem = (p: PlanPart) => ({ ...keys.planPart(p.date, p.inspectorId, p.top, p.chunk), entity: 'plan-part', schemaVersion: 1, ...p });
  const partKeysOf = (date: string, top: string, people: SubtreeMarker['people']) =>
    Object.entries(people).flatMap(([userId, [, chunks]]) => Array.from({ length: Math.max(1, chunks) }, (_, n) => keys.planPart(date, userId, top, n)));
  const keyId = (k: { pk: string; sk: string }) => `${k.pk}|${k.sk}`;

  /** The run's condition: this owner still holds the lease of this generation. */
  const held = (owner: string, generation: number) => ({
    ConditionExpression: 'leaseOwner = :owner AND generation = :g',
    values: { ':owner': owner, ':g': generation },
  });

  async function getRun(date: string, consistent = false): Promise<PlanRun | undefined> {
    return getItem<PlanRun>(db, keys.planRun(date), consistent);
  }

  async function transact(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        throw new LeaseLostError('the plan run lost its lease (a re-plan or another run took over)');
      }
      throw error;
    }
  }

  return {
    getRun,

    /**
     * Take the run's lease. `force` (a re-plan) starts a new generation: every subtree is planned
     * again, with the rules of `rulesVersion`. Otherwise a missing run is created (generation 1) and
     * a stopped one is resumed with the rules it started with. 'done': nothing to do; 'busy': another
     * run holds a live lease.
     */
    async acquire(
      date: string,
      o: { owner: string; now: Date; leaseMs: number; force: boolean; rulesVersion: number; requestedBy?: string },
    ): Promise<PlanRun | { busyUntil: string } | 'done'> {
      const at = o.now.toISOString();
      const names: Record<string, string> = { '#status': 'status', '#date': 'date' };
      const values: Record<string, unknown> = {
        ':owner': o.owner,
        ':until': isoPlus(o.now, o.leaseMs),
        ':now': at,
        ':running': 'running',
        ':zero': 0,
        ':one': 1,
        ':rv': o.rulesVersion,
        ':date': date,
        ':entity': 'plan-run',
        ':sv': 1,
        ':empty': [],
      };
      const common = ['leaseOwner = :owner', 'leaseUntil = :until', 'updatedAt = :now', '#date = :date', 'entity = :entity', 'schemaVersion = :sv'];
      let update: string;
      let condition = '(attribute_not_exists(leaseOwner) OR leaseUntil < :now OR leaseOwner = :owner)';
      if (o.force) {
        const sets = [
          ...common,
          '#status = :running',
          'generation = if_not_exists(generation, :zero) + :one',
          'rulesVersion = :rv',
          'workingDay = if_not_exists(workingDay, :f)',
          'quotaKinds = if_not_exists(quotaKinds, :empty)',
          'subtreesDone = :zero',
          'subtreesTotal = if_not_exists(subtreesTotal, :zero)',
          'startedAt = :now',
        ];
        values[':f'] = false;
        if (o.requestedBy) {
          sets.push('requestedBy = :by');
          values[':by'] = o.requestedBy;
        }
        update = `SET ${sets.join(', ')} REMOVE finishedAt, totals${o.requestedBy ? '' : ', requestedBy'}`;
      } else {
        update = `SET ${[
          ...common,
          '#status = if_not_exists(#status, :running)',
          'generation = if_not_exists(generation, :one)',
          'rulesVersion = if_not_exists(rulesVersion, :rv)',
          'workingDay = if_not_exists(workingDay, :f)',
          'quotaKinds = if_not_exists(quotaKinds, :empty)',
          'subtreesDone = if_not_exists(subtreesDone, :zero)',
          'subtreesTotal = if_not_exists(subtreesTotal, :zero)',
          'startedAt = if_not_exists(startedAt, :now)',
        ].join(', ')}`;
        values[':f'] = false;
        values[':done'] = 'done';
        condition += ' AND (attribute_not_exists(#status) OR #status <> :done)';
      }
      try {
        const out = await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.planRun(date),
            UpdateExpression: update,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return toEntity<PlanRun>(out.Attributes ?? {});
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) {
          const current = await getRun(date, true);
          return current?.status === 'done' && !o.force ? 'done' : { busyUntil: current?.leaseUntil ?? at };
        }
        throw error;
      }
    },

    /** Record what the run is working with, and renew the lease. */
    async begin(date: string, owner: string, generation: number, o: { now: Date; leaseMs: number; subtreesTotal: number; workingDay: boolean; quotaKinds: string[] }): Promise<PlanRun> {
      const h = held(owner, generation);
      try {
        const out = await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.planRun(date),
            UpdateExpression: 'SET subtreesTotal = :total, workingDay = :wd, quotaKinds = :qk, leaseUntil = :until, updatedAt = :now',
            ConditionExpression: h.ConditionExpression,
            ExpressionAttributeValues: {
              ...h.values,
              ':total': o.subtreesTotal,
              ':wd': o.workingDay,
              ':qk': o.quotaKinds,
              ':until': isoPlus(o.now, o.leaseMs),
              ':now': o.now.toISOString(),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toEntity<PlanRun>(out.Attributes ?? {});
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new LeaseLostError('the plan run lost its lease');
        throw error;
      }
    },

    /** The subtree markers of the day, by top-level grid id. */
    async markers(date: string): Promise<Map<string, SubtreeMarker>> {
      const out = new Map<string, SubtreeMarker>();
      for await (const m of queryEach<SubtreeMarker>(db, keys.planSubtrees(date), { consistent: true })) out.set(m.top, m);
      return out;
    },

    /**
     * Store one subtree's parts. First the marker lists everyone who may have parts there (the old
     * ones and the new), so a run that dies part-way leaves nothing it cannot find again; then the
     * parts are written (BatchWrite), parts nobody has any more deleted, and the marker set to this
     * generation together with the run's progress. Every marker write is conditional on the lease.
     */
    async writeSubtree(
      date: string,
      o: {
        owner: string;
        generation: number;
        top: string;
        parts: readonly PlanPart[];
        previous?: SubtreeMarker;
        totals: SubtreeTotals;
        uncovered: UncoveredGrid[];
        uncoveredCount: number;
        subtreesDone: number;
        now: Date;
        leaseMs: number;
      },
    ): Promise<SubtreeMarker> {
      const h = held(o.owner, o.generation);
      const at = o.now.toISOString();
      const people: SubtreeMarker['people'] = {};
      for (const p of o.parts) people[p.inspectorId] = [p.assigned, p.chunks];
      const union: SubtreeMarker['people'] = { ...(o.previous?.people ?? {}) };
      for (const [id, [n, c]] of Object.entries(people)) union[id] = [n, Math.max(c, union[id]?.[1] ?? 0)];
      const runUpdate = (extra: string, values: Record<string, unknown>) => ({
        Update: {
          TableName: db.table,
          Key: keys.planRun(date),
          UpdateExpression: `SET leaseUntil = :until, updatedAt = :now${extra}`,
          ConditionExpression: h.ConditionExpression,
          ExpressionAttributeValues: { ...h.values, ':until': isoPlus(o.now, o.leaseMs), ':now': at, ...values },
        },
      });

      await transact([
        {
          Update: {
            TableName: db.table,
            Key: keys.planSubtree(date, o.top),
            UpdateExpression: 'SET people = :people, top = :top, #date = :date, entity = :entity, schemaVersion = :sv',
            ExpressionAttributeNames: { '#date': 'date' },
            ExpressionAttributeValues: { ':people': union, ':top': o.top, ':date': date, ':entity': 'plan-subtree', ':sv': 1 },
          },
        },
        runUpdate('', {}),
      ]);

      await batchWriteAll(db, o.parts.map((p) => put(partItem(p))), { pacer: partitionWrites });
      const fresh = new Set(o.parts.map((p) => keyId(keys.planPart(date, p.inspectorId, p.top, p.chunk))));
      const stale = partKeysOf(date, o.top, union).filter((k) => !fresh.has(keyId(k)));
      if (stale.length) await batchWriteAll(db, stale.map(del));

      const marker: SubtreeMarker = {
        date,
        top: o.top,
        generation: o.generation,
        people,
        totals: o.totals,
        uncovered: o.uncovered,
        uncoveredCount: o.uncoveredCount,
        plannedAt: at,
      };
      await transact([
        { Put: { TableName: db.table, Item: { ...keys.planSubtree(date, o.top), entity: 'plan-subtree', schemaVersion: 1, ...marker } } },
        runUpdate(', subtreesDone = :done', { ':done': o.subtreesDone }),
      ]);
      return marker;
    },

    /**
     * Every subtree is planned: remove what belongs to top-level grids that no longer exist, and mark
     * the run done (releasing the lease).
     */
    async finish(
      date: string,
      o: { owner: string; generation: number; tops: readonly string[]; markers: ReadonlyMap<string, SubtreeMarker>; totals: PlanRunInfo['totals']; now: Date },
    ): Promise<PlanRun> {
      const current = new Set(o.tops);
      const gone = [...o.markers.values()].filter((m) => !current.has(m.top));
      if (gone.length) {
        await batchWriteAll(db, [...gone.flatMap((m) => partKeysOf(date, m.top, m.people)), ...gone.map((m) => keys.planSubtree(date, m.top))].map(del));
      }
      const h = held(o.owner, o.generation);
      try {
        const out = await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.planRun(date),
            UpdateExpression: 'SET #status = :done, finishedAt = :now, updatedAt = :now, subtreesDone = :n, subtreesTotal = :n, totals = :totals REMOVE leaseOwner, leaseUntil',
            ConditionExpression: h.ConditionExpression,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ...h.values, ':done': 'done', ':now': o.now.toISOString(), ':n': o.tops.length, ':totals': o.totals },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toEntity<PlanRun>(out.Attributes ?? {});
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new LeaseLostError('the plan run lost its lease');
        throw error;
      }
    },

    /** Keep the lease while the run is alive (its heartbeat); false once another run holds it. */
    async renew(date: string, owner: string, generation: number, o: { now: Date; leaseMs: number }): Promise<boolean> {
      const h = held(owner, generation);
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.planRun(date),
            UpdateExpression: 'SET leaseUntil = :until',
            ConditionExpression: h.ConditionExpression,
            ExpressionAttributeValues: { ...h.values, ':until': isoPlus(o.now, o.leaseMs) },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** Give the lease back (a run stopping early, or failing), so the next run need not wait for it to expire. */
    async release(date: string, owner: string): Promise<void> {
      try {
        await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.planRun(date),
            UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
            ConditionExpression: 'leaseOwner = :owner',
            ExpressionAttributeValues: { ':owner': owner },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },

    /** One person's parts of the day (one Query; several items only for long or multi-subtree lists). */
    partsOf(date: string, userId: string): Promise<PlanPart[]> {
      return queryAll<PlanPart>(db, keys.planPartsOf(date, userId));
    },

    /** Every part of the day, streamed (the close). */
    allParts(date: string): AsyncGenerator<PlanPart> {
      return queryEach<PlanPart>(db, keys.planParts(date));
    },

    /** Every part of the day without the assignments (the supervisor's overview): ~200 B per person. */
    summaries(date: string): AsyncGenerator<PlanPartSummary> {
      return queryEach<PlanPartSummary>(db, keys.planParts(date), { projection: SUMMARY_FIELDS });
    },
  };
}
export type PlanRepository = ReturnType<typeof planRepository>;
