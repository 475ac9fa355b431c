/**
 * Vehicle entries (卡口登记) from the phone's outbox with a client ULID. The triage rule decides the
 * outcome; one transaction stores the entry, adds it to its checkpoint's shift counter of the day and,
 * for a held (red-code) vehicle, raises the alert for both supervisor chains. A resend (same id, same
 * plate, colour and time) answers the stored entry (200); another body under the id is a 409.
 */
import type { Actor } from '../../domain/actor';
import { type Checkpoint, type Entry, type EntryInput, heldAlertId, type HeldVehicleAlert, shiftAt, takesEntryAt } from '../../domain/checkpoints/checkpoint';
import { normalisePlate, plateKind } from '../../domain/checkpoints/plate';
import { triage } from '../../domain/checkpoints/triage';
import { localMinutes } from '../../domain/local-day';
import { inScope, type Scope } from '../../domain/scope';
import { badRequest, because, conflict, forbidden } from '../../errors';
import { failed, type ResidentsContext, transact } from '../residents/context';
import { addAction, type TransactItem } from '../residents/counters';
import { getItem } from '../write';

/** An entry timed more than this ahead of the server's clock is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;
export const OUTCOME_COUNTER = { passed: 'passed', 'turned-back': 'turnedBack', held: 'held' } as const;

const worksAt = (actor: Actor, scope: Scope, c: Checkpoint) => c.staff.includes(actor.userId) || inScope(scope, c.gridPath);

export function entryRepository(ctx: ResidentsContext, get: (id: string) => Promise<Checkpoint>) {
  const { db, keys } = ctx;

  return {
    async record(actor: Actor, scope: Scope, input: EntryInput, now: Date): Promise<{ entry: Entry; created: boolean }> {
      const at = new Date(input.at);
      if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badRequest('body.at', 'in the future');
      const checkpoint = await get(input.checkpointId);
      if (!worksAt(actor, scope, checkpoint)) throw forbidden('you do not work at this checkpoint');
      if (!takesEntryAt(checkpoint, at.toISOString())) throw conflict('this checkpoint is retired', because('checkpoint.retired'));
      const destination = input.destinationGridId ? await ctx.grids.find(input.destinationGridId, true) : undefined;
      if (input.destinationGridId && destination?.status !== 'active') throw badRequest('body.destinationGridId', 'no active grid with this id');
      const plate = normalisePlate(input.plate);
      const kind = plateKind(plate);
      const outcome = triage(input.colour, input.certificate, at);
      const entry: Entry = {
        ...input,
        at: at.toISOString(),
        date: await ctx.dayOf(at),
        shiftId: shiftAt(checkpoint.shifts, localMinutes(at, await ctx.timeZone())),
        plate,
        plateKind: kind,
        plateChecked: kind !== 'other',
        outcome,
        alertId: outcome === 'held' ? heldAlertId(input.id) : undefined,
        recordedBy: actor.userId,
        receivedAt: now.toISOString(),
      };
      const key = keys.vehicleEntry(checkpoint.id, entry.id);
      const items: TransactItem[] = [
        { Put: { TableName: db.table, Item: { ...key, entity: 'vehicle-entry', schemaVersion: 1, ...entry }, ConditionExpression: 'attribute_not_exists(pk)' } },
        addAction(db, keys.checkpointCounter(entry.date, checkpoint.id, entry.shiftId), { [OUTCOME_COUNTER[outcome]]: 1 }, { entity: 'checkpoint-counter', gridId: checkpoint.gridId, checkpointId: checkpoint.id, shiftId: entry.shiftId }),
      ];
      if (entry.alertId) {
        const alert: HeldVehicleAlert = {
          id: entry.alertId,
          kind: 'held-vehicle',
          entryId: entry.id,
          checkpointId: checkpoint.id,
          checkpointName: checkpoint.name,
          gridPath: checkpoint.gridPath,
          destinationGridId: destination?.id,
          destinationPath: destination?.path,
          plate,
          occupants: entry.occupants,
          from: entry.from,
          raisedAt: entry.at,
          status: 'open',
          version: 1,
        };
        const item = { ...keys.heldAlert(alert.id), ...keys.heldAlertEntries(alert), entity: 'held-vehicle-alert', schemaVersion: 1, ...alert };
        items.push({ Put: { TableName: db.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });
      }
      let resent: Entry | undefined;
      await transact(db, items, async ([put]) => {
        if (failed(put)) {
          resent = await getItem<Entry>(db, key, true);
          if (resent && resent.plate === entry.plate && resent.colour === entry.colour && resent.at === entry.at) return undefined as never;
        }
        throw conflict('an entry with this id exists with other values');
      });
      return resent ? { entry: resent, created: false } : { entry, created: true };
    },
  };
}
