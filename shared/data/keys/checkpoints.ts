/** Keys of checkpoints (卡口): checkpoints, vehicle entries, day counters, held-vehicle alerts. Built only through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. */
import { INDEX } from '../table';
import { type QuerySpec, day, gridPathPart, gsi1, gsi2, indexEntry, instant, onTable, part, topOf } from './parts';

export function checkpointKeys(t: string) {
  const alertBucket = (status: string) => (status === 'resolved' ? 'CLOSED' : 'OPEN');
  return {
    /** A checkpoint; GSI1 lists them by grid subtree (one partition per top-level grid). */
    checkpoint: (id: string) => ({ pk: `${t}#CKPT#${part(id, 'checkpoint id')}`, sk: 'CKPT' }),
    checkpointEntry: (c: { id: string; gridPath: string }) => indexEntry(INDEX.gsi1, `${t}#CKPTS#${topOf(c.gridPath)}`, `${gridPathPart(c.gridPath)}${part(c.id, 'checkpoint id')}`),
    checkpointsInSubtree: (gridPath: string): QuerySpec => gsi1(`${t}#CKPTS#${topOf(gridPath)}`, gridPathPart(gridPath)),
    /** A vehicle entry (client ULID), in its checkpoint's partition. */
    vehicleEntry: (checkpointId: string, entryId: string) => ({ pk: `${t}#CKPT#${part(checkpointId, 'checkpoint id')}`, sk: `E#${part(entryId, 'entry id')}` }),
    /** A day's counters, one item per checkpoint and shift: the tenant's day is one Query. */
    checkpointCounter: (date: string, checkpointId: string, shiftId: string) => ({ pk: `${t}#CKCOUNT#${day(date)}`, sk: `${part(checkpointId, 'checkpoint id')}#${part(shiftId, 'shift id')}` }),
    checkpointCounters: (date: string): QuerySpec => onTable(`${t}#CKCOUNT#${day(date)}`),
    /** A held vehicle's alert: GSI1 by the checkpoint's subtree, GSI2 by the destination grid's, each open/closed. */
    heldAlert: (alertId: string) => ({ pk: `${t}#CKALERT#${part(alertId, 'alert id')}`, sk: 'ALERT' }),
    heldAlertEntries: (a: { id: string; gridPath: string; destinationPath?: string; raisedAt: string; status: string }) => ({
      ...indexEntry(INDEX.gsi1, `${t}#CKALERTS#${topOf(a.gridPath)}#${alertBucket(a.status)}`, `${gridPathPart(a.gridPath)}${instant(a.raisedAt)}#${part(a.id, 'alert id')}`),
      ...(a.destinationPath
        ? indexEntry(INDEX.gsi2, `${t}#CKALERTSTO#${topOf(a.destinationPath)}#${alertBucket(a.status)}`, `${gridPathPart(a.destinationPath)}${instant(a.raisedAt)}#${part(a.id, 'alert id')}`)
        : {}),
    }),
    heldAlertsAtCheckpoints: (gridPath: string, bucket: 'OPEN' | 'CLOSED'): QuerySpec => gsi1(`${t}#CKALERTS#${topOf(gridPath)}#${bucket}`, gridPathPart(gridPath)),
    heldAlertsToGrids: (gridPath: string, bucket: 'OPEN' | 'CLOSED'): QuerySpec => gsi2(`${t}#CKALERTSTO#${topOf(gridPath)}#${bucket}`, gridPathPart(gridPath)),
  };
}
