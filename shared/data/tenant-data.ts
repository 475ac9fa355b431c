/**
 * One tenant's repositories, created from the tenant id of a verified actor. Handlers and jobs reach
 * the data of a tenant only through this, so a tenant id from a path or body has nowhere to go.
 */
import type { IdentityDirectory } from '../auth/identity';
import { type Actor, hasRole } from '../domain/actor';
import { inScope, type Scope, scopeFromPaths, seesWholeTenant } from '../domain/scope';
import type { Venue, VenueStatus } from '../domain/venues/venue';
import type { Photo } from '../domain/venues/photo';
import { because, forbidden, notFound } from '../errors';
import { checklistRepository } from './venues/checklists';
import type { Db, Page } from './db';
import { gridRepository } from './grids';
import { inspectionRepository } from './venues/inspections';
import { pageAcross } from './multi-page';
import { venueRepository } from './venues/venues';
import { venueImportRepository } from './venues/venue-imports';
import { importLiveness } from './venues/import-liveness';
import { photoRepository } from './venues/photos';
import { rulesRepository } from './rules';
import { problemRepository } from './venues/problems';
import { enforcementRepository } from './venues/enforcement';
import { bulletinRepository } from './venues/bulletins';
import { jointEnforcementRepository } from './venues/joint-enforcement';
import { closureNoticeRepository } from './venues/closure-notices';
import { userRepository } from './users';
import { planRepository } from './venues/plans';
import { reportRepository } from './reports';
import { residentsRepository } from './residents';
import { gridMapRepository } from './grid-map';
import { selfRegistrationRepository } from './self-registration';
import { exportTicketRepository } from './export-tickets';
import type { PersonalDataKeys } from '../personal-data/tenant-cipher';

/** Industry authorities see venues by kind, across all grids; everyone else by grid scope. */
const seesByKind = (actor: Actor) => hasRole(actor, 'industry-authority') && !hasRole(actor, 'tenant-admin', 'supervisor', 'inspector');

export function tenantData(db: Db, tenantId: string, options: { identity?: IdentityDirectory; personalData?: PersonalDataKeys } = {}) {
  const grids = gridRepository(db, tenantId);
  const rules = rulesRepository(db, tenantId);
  const venues = venueRepository(db, tenantId, grids);
  const checklists = checklistRepository(db, tenantId);
  const enforcement = enforcementRepository(db, tenantId);
  const residents = residentsRepository(db, tenantId, grids, rules, options.personalData);

  async function scopeOf(actor: Actor): Promise<Scope> {
    if (seesWholeTenant(actor)) return { kind: 'tenant' };
    const { paths } = await grids.pathsOf(actor.gridIds);
    return scopeFromPaths(actor, [...paths.values()]);
  }

  /** May this actor see (and act on) this venue, or a thing in it (its kind and grid path)? */
  function canSeeVenue(actor: Actor, scope: Scope, venue: Pick<Venue, 'kind' | 'gridPath'>): boolean {
    return seesByKind(actor) ? actor.venueKinds.includes(venue.kind) : inScope(scope, venue.gridPath);
  }

  /** canSeeVenue as a check: out of scope is a 403, never a silent miss. */
  function assertVenueVisible(actor: Actor, scope: Scope, venue: Pick<Venue, 'kind' | 'gridPath'>) {
    if (!canSeeVenue(actor, scope, venue)) throw forbidden('this venue is outside your grids or industry', because('scope.venue'));
  }

  return {
    venues,
    checklists,
    inspections: inspectionRepository(db, tenantId, checklists),
    /** The stored daily plans (written by the plan job). */
    plans: planRepository(db, tenantId),
    /** The daily reports (written by the close job) and late-sync marks. */
    reports: reportRepository(db, tenantId),
    /** The problem ledger and its ladder (notice, rectification, re-check, reopen). */
    problems: problemRepository(db, tenantId, grids),
    /** Black cards, suspensions, closures of venues, and their history. */
    enforcement,
    /** Supervision bulletins (督查通报). */
    bulletins: bulletinRepository(db, tenantId, enforcement),
    /** Tenant-wide closure notices (close / pause / reopen venues of some kinds). */
    closureNotices: closureNoticeRepository(db, tenantId),
    /** 联合执法 referrals (shared/data/venues/joint-enforcement.ts). */
    jointEnforcement: jointEnforcementRepository(db, tenantId),
    /** One-use tickets of unmasked exports (people, pushed lists): the reason in a POST body, not the file's URL. */
    exportTickets: exportTicketRepository(db, tenantId),
    /** CSV venue imports (progress, errors, the chunks the import job writes). */
    imports: venueImportRepository(db, tenantId, venues, grids),
    /** Whether an import's worker is alive; the scheduler resumes one that died. */
    importLiveness: importLiveness(db, tenantId),
    /** Photo records (the bytes are in Deps.photos). */
    photos: photoRepository(db, tenantId),
    canSeeVenue,
    assertVenueVisible,

    async visibleVenue(actor: Actor, venueId: string): Promise<Venue> {
      const venue = await venues.get(venueId);
      assertVenueVisible(actor, await scopeOf(actor), venue);
      return venue;
    },

    /**
     * A photo, if the actor may see the venue it is of (grid scope or industry, as every venue read);
     * otherwise not found, as if it did not exist. Its uploader always may. Calls: GetItem photo,
     * GetItem venue, the caller's grid paths (BatchGet, scoped callers only).
     */
    async visiblePhoto(actor: Actor, photoId: string): Promise<Photo> {
      const photo = await this.photos.get(photoId);
      if (photo.uploadedBy === actor.userId) return photo;
      // A photo stored before photos named their venue: tenant-wide roles only.
      if (!photo.venueId) {
        if (seesWholeTenant(actor) && !seesByKind(actor)) return photo;
        throw notFound('photo');
      }
      const venue = await venues.get(photo.venueId);
      if (!canSeeVenue(actor, await scopeOf(actor), venue)) throw notFound('photo');
      return photo;
    },

    /** Venues the actor may see, in a grid subtree (default: all of their scope), page by page. */
    async listVenues(
      actor: Actor,
      filters: { gridId?: string; kind?: string; status?: VenueStatus; q?: string; limit?: number; cursor?: string },
    ): Promise<Page<Venue>> {
      const scope = await scopeOf(actor);
      let roots: string[];
      if (filters.gridId) {
        const grid = await grids.get(filters.gridId);
        if (!seesByKind(actor) && !inScope(scope, grid.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
        roots = [grid.path];
      } else if (seesByKind(actor)) {
        roots = ['/']; // the kind index spans every grid
      } else if (scope.kind === 'subtrees') {
        roots = scope.roots;
      } else {
        roots = (await grids.topLevel()).map((g) => g.path);
      }
      // Industry authorities list by kind (GSI2), one source per kind they oversee.
      const kinds = seesByKind(actor) ? (filters.kind ? [filters.kind].filter((k) => actor.venueKinds.includes(k)) : actor.venueKinds) : [filters.kind];
      const sources = roots.flatMap((gridPath) =>
        kinds.map((kind) => (cursor: string | undefined, limit: number) =>
          venues.list({ gridPath, kind, status: filters.status, nameContains: filters.q, limit, cursor }),
        ),
      );
      return pageAcross(sources, filters);
    },

    tenantId,
    /** The tenant's view of the table (its credentials only), for the day views and jobs the API runs. */
    db,
    grids,
    users: userRepository(db, tenantId, grids, options.identity),
    rules,
    /** The residents registry (households, people, visits, figures, access log); personal data sealed with the tenant's key. */
    residents,
    /** The 三色管理图: figures per grid of a subtree from counters (O(grids)). */
    gridMap: gridMapRepository(db, tenantId, grids, rules),
    /** Self-registration by QR code (扫码登记) and visitors' venue check-ins (场所码). */
    selfRegistration: selfRegistrationRepository(db, tenantId, grids, residents),

    /** The part of the grid tree this actor may see and act in. */
    scopeOf,
  };
}
export type TenantData = ReturnType<typeof tenantData>;
