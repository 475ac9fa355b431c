/**
 * One inspection as evidence for the detail view (GET /api/inspections/{id}/evidence). Calls: GetItem
 * inspection, then at once GetItem venue, GetItem checklist version, GetItem inspector, the caller's
 * grid paths (scoped callers); then GetItem the venue's grid (its name).
 */
import type { Actor } from '../../domain/actor';
import type { Checklist } from '../../domain/venues/checklist';
import { distanceFromVenue, evidenceItems, type InspectionEvidence, minutesOnSite } from '../../domain/venues/evidence';
import { DomainError } from '../../errors';
import type { TenantData } from '../tenant-data';

/** A missing item (a removed user, a checklist version gone) leaves a gap, never a failed page. */
const unlessMissing = <T>(promise: Promise<T>): Promise<T | undefined> =>
  promise.catch((error) => {
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  });

export async function inspectionEvidence(data: TenantData, actor: Actor, inspectionId: string): Promise<InspectionEvidence> {
  const inspection = await data.inspections.get(inspectionId);
  const [venue, checklist, inspector, scope] = await Promise.all([
    data.venues.get(inspection.venueId),
    unlessMissing<Checklist>(data.checklists.version(inspection.venueKind, inspection.checklistVersion)),
    unlessMissing(data.users.get(inspection.inspectorId)),
    data.scopeOf(actor),
  ]);
  // Its inspector always; anyone else as for the venue today (so also for its photos).
  if (inspection.inspectorId !== actor.userId) data.assertVenueVisible(actor, scope, venue);
  const grid = await unlessMissing(data.grids.get(venue.gridId));
  const distance = distanceFromVenue(inspection.position, venue.coordinates);
  return {
    inspection,
    inspector: { id: inspection.inspectorId, displayName: inspector?.displayName ?? inspection.inspectorId },
    venue: {
      id: venue.id,
      name: venue.name,
      kind: venue.kind,
      address: venue.address,
      gridId: venue.gridId,
      gridName: grid?.name ?? venue.gridId,
      ...(venue.coordinates && { coordinates: venue.coordinates }),
    },
    minutesOnSite: minutesOnSite(inspection.startedAt, inspection.endedAt),
    ...(distance !== undefined && { distanceMeters: distance }),
    items: evidenceItems(inspection.results, checklist?.items ?? []),
  };
}
