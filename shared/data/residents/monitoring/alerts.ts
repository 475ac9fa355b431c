/**
 * Monitoring alerts: a fever (at once, from the reading) or a missed reading (from the sweep), to the
 * supervisor chain of the person's grid (everyone whose scope holds the grid sees it in their list).
 * Ids are deterministic (`fever-<reading>`, `missed-<episode>-<date>-<window>`) and created with
 * `attribute_not_exists`, so a resent reading or a retried sweep never raises a second one. An owner
 * acknowledges, then resolves with a note (versioned); escalation after the rules' hours is computed
 * when read.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../../domain/actor';
import { escalationDue } from '../../../domain/monitoring/follow-up';
import type { Alert } from '../../../domain/monitoring/reading';
import type { MonitoringRules } from '../../../domain/monitoring/rules';
import { parseWindowKey } from '../../../domain/monitoring/windows';
import type { Scope } from '../../../domain/scope';
import { because, conflict, notFound } from '../../../errors';
import { queryRaw } from '../../batch';
import { toEntity } from '../../db';
import { getItem, staleVersion, updateExpression } from '../../write';
import type { TransactItem } from '../counters';
import { assertInScope, type ResidentsContext } from '../context';
import type { StoredEpisode } from './stored';

export type StoredAlert = Omit<Alert, 'escalated'>;

export const feverAlertId = (readingId: string) => `fever-${readingId}`;
export const missedAlertId = (episodeId: string, windowKey: string) => {
  const { date, windowId } = parseWindowKey(windowKey);
  return `missed-${episodeId}-${date}-${windowId}`;
};

export function newAlert(e: StoredEpisode, kind: Alert['kind'], id: string, raisedAt: string, extra: { readingId?: string; windowKey?: string }): StoredAlert {
  return { id, kind, episodeId: e.id, personId: e.personId, householdId: e.householdId, gridId: e.gridId, gridPath: e.gridPath, nameMasked: e.nameMasked, raisedAt, status: 'open', version: 1, ...extra };
}

export const alertView = (a: StoredAlert, rules: Pick<MonitoringRules, 'escalateAfterHours'>, now: Date): Alert => ({ ...a, escalated: escalationDue(a, rules, now) });

export function alertRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  const raiseAction = (a: StoredAlert): TransactItem => ({
    Put: { TableName: db.table, Item: { ...keys.monitoringAlert(a.id), ...keys.monitoringAlertEntries(a), entity: 'monitoring-alert', schemaVersion: 1, ...a }, ConditionExpression: 'attribute_not_exists(pk)' },
  });

  async function get(id: string, consistent = false): Promise<StoredAlert> {
    const a = await getItem<StoredAlert>(db, keys.monitoringAlert(id), consistent);
    if (!a) throw notFound('alert');
    return a;
  }

  /** A versioned change; the open/closed index follows the status. */
  async function change(before: StoredAlert, version: number, set: Partial<StoredAlert>): Promise<StoredAlert> {
    if (before.version !== version) throw staleVersion('alert', before.version);
    const after = { ...before, ...set, version: before.version + 1 };
    try {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.monitoringAlert(before.id),
          ...updateExpression({ ...set, ...keys.monitoringAlertEntries(after) }, [], { sets: ['#version = #version + :one'], names: { '#version': 'version' }, values: { ':one': 1, ':v': version } }),
          ConditionExpression: '#version = :v',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw staleVersion('alert', (await get(before.id, true)).version);
      throw error;
    }
    return after;
  }

  return {
    raiseAction,
    get,

    async visible(scope: Scope, id: string): Promise<StoredAlert> {
      const a = await get(id, true);
      assertInScope(scope, a.gridPath);
      return a;
    },

    /** Open (and acknowledged) or resolved alerts of a grid subtree, oldest first. */
    async inSubtree(gridPath: string, bucket: 'OPEN' | 'CLOSED'): Promise<StoredAlert[]> {
      return (await queryRaw(db, keys.monitoringAlertsInSubtree(gridPath, bucket))).map((i) => toEntity<StoredAlert>(i));
    },

    async ofEpisode(episodeId: string): Promise<StoredAlert[]> {
      return (await queryRaw(db, keys.episodeAlerts(episodeId), { newestFirst: true })).map((i) => toEntity<StoredAlert>(i));
    },

    /** Take it on: the owner is the caller unless another is named. */
    async acknowledge(actor: Actor, before: StoredAlert, body: { version: number; owner?: string }, now: Date) {
      if (before.status !== 'open') throw conflict(`the alert is ${before.status} already`, because('monitoring.alertState', { status: before.status }));
      return change(before, body.version, { status: 'acknowledged', owner: body.owner ?? actor.userId, acknowledgedAt: now.toISOString(), acknowledgedBy: actor.userId });
    },

    async resolve(actor: Actor, before: StoredAlert, body: { version: number; note: string }, now: Date) {
      if (before.status === 'resolved') throw conflict('the alert is resolved already', because('monitoring.alertState', { status: 'resolved' }));
      return change(before, body.version, { status: 'resolved', owner: before.owner ?? actor.userId, resolvedAt: now.toISOString(), resolvedBy: actor.userId, resolutionNote: body.note });
    },

    /** A reading taken in a window that the sweep had found missed arrived late: its alert resolves itself. */
    async resolveLate(episodeId: string, windowKey: string, readingId: string, now: Date): Promise<void> {
      const a = await getItem<StoredAlert>(db, keys.monitoringAlert(missedAlertId(episodeId, windowKey)), true);
      if (!a || a.status === 'resolved') return;
      await change(a, a.version, { status: 'resolved', resolvedAt: now.toISOString(), resolvedBy: 'system', resolutionNote: `reading ${readingId} taken in the window arrived late` }).catch((error) => {
        // Someone resolved or acknowledged it meanwhile: leave it to them.
        if (!(error && typeof error === 'object' && 'status' in error && error.status === 409)) throw error;
      });
    },
  };
}
export type AlertRepository = ReturnType<typeof alertRepository>;
