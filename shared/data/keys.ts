/**
 * The key module: every DynamoDB key in Gridwatch is built here and nowhere else.
 *
 * `tenantKeys(tenantId)` is the only way in, and it refuses to exist without a valid tenant id,
 * so no code path can build a key that is not scoped to a tenant. Every partition key starts with
 * `T#<tenant>#`, which lets an IAM policy (dynamodb:LeadingKeys) enforce the same boundary in AWS.
 *
 * The one deliberate exception is the platform's tenant directory, a GSI partition that lists
 * tenants for the platform admin and the scheduler (see docs/data-model.md).
 */
import { INDEX } from './table';
import { day, gridPathPart, gsi1, gsi2, gsi3, indexEntry, instant, InvalidKeyError, type Key, onIndex, onTable, pad, part, type QuerySpec, topOf } from './keys/parts';
import { gridFigureKeys } from './keys/grid-figures';
import { monitoringKeys } from './keys/monitoring';
import { jointEnforcementKeys } from './keys/joint-enforcement';
import { pushedListKeys } from './keys/pushed-lists';
import { residentKeys } from './keys/residents';
import { residentPrivacyKeys } from './keys/resident-privacy';
import { testingKeys } from './keys/testing';
import { checkpointKeys } from './keys/checkpoints';
import { rateLimitKeys } from './keys/rate-limits';
import { selfRegistrationKeys } from './keys/self-registration';

export { InvalidKeyError, type Key, type QuerySpec };

const TENANT_ID = /^[a-z][a-z0-9-]{1,39}$/;

export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID.test(value);
}

/** The platform's tenant directory (GSI1). Read by platform admins and the scheduled dispatcher only. */
export const PLATFORM_TENANT_DIRECTORY = 'PLATFORM#TENANTS';
export const platformQueries = {
  tenantDirectory: (): QuerySpec => onIndex(INDEX.gsi1)(PLATFORM_TENANT_DIRECTORY),
};

/** Grid paths are the chain of grid ids from the root, '/a/b/c/', so a subtree is a prefix. */
export function gridPath(parentPath: string | null, gridId: string): string {
  return `${parentPath ?? '/'}${part(gridId, 'grid id')}/`;
}

function buildTenantKeys(tenantId: string) {
  if (!isTenantId(tenantId)) throw new InvalidKeyError(`a key needs a valid tenant id, got ${JSON.stringify(tenantId)}`);
  const t = `T#${tenantId}`;

  return {
    tenantId,

    /** The tenant's profile; also listed in the platform directory. */
    tenant: () => ({ pk: t, sk: 'TENANT' }),
    tenantDirectoryEntry: () => ({ [INDEX.gsi1.pk]: PLATFORM_TENANT_DIRECTORY, [INDEX.gsi1.sk]: tenantId }),

    /** The tenant's rules: the current version, and one history item per saved version (V#00000001 …). */
    rules: () => ({ pk: `${t}#RULES`, sk: 'CURRENT' }),
    rulesVersion: (version: number) => {
      if (!Number.isInteger(version) || version < 1) throw new InvalidKeyError(`invalid rules version: ${version}`);
      return { pk: `${t}#RULES`, sk: `V#${String(version).padStart(8, '0')}` };
    },
    rulesHistory: (): QuerySpec => ({ pkName: 'pk', skName: 'sk', pk: `${t}#RULES`, skPrefix: 'V#' }),

    /** A grid; GSI1 holds the tenant's grid tree ordered by path. */
    grid: (gridId: string) => ({ pk: `${t}#GRID#${part(gridId, 'grid id')}`, sk: 'GRID' }),
    gridTreeEntry: (path: string) => ({ [INDEX.gsi1.pk]: `${t}#GRIDS`, [INDEX.gsi1.sk]: path }),
    gridTree: (pathPrefix?: string): QuerySpec => gsi1(`${t}#GRIDS`, pathPrefix),
    /** Top-level grids only (GSI2): the partitions that venue, inspection and problem indexes are split by. */
    topGridEntry: (gridId: string) => indexEntry(INDEX.gsi2, `${t}#TOPGRIDS`, part(gridId, 'grid id')),
    topGrids: (): QuerySpec => gsi2(`${t}#TOPGRIDS`),

    /** A user; the user id is the login name. GSI1 lists the tenant's users. */
    user: (userId: string) => ({ pk: `${t}#USER#${part(userId, 'user id')}`, sk: 'USER' }),
    userListEntry: (userId: string) => ({ [INDEX.gsi1.pk]: `${t}#USERS`, [INDEX.gsi1.sk]: part(userId, 'user id') }),
    users: (): QuerySpec => gsi1(`${t}#USERS`),
    /** Failed sign-in counter for one user name (expires by TTL). */
    loginFailures: (userId: string) => ({ pk: `${t}#LOGIN#${part(userId, 'user id')}`, sk: 'FAILURES' }),
    /** Failed sign-in counter for one user name from one known device (a device token's id). */
    loginDeviceFailures: (userId: string, deviceId: string) => ({ pk: `${t}#LOGIN#${part(userId, 'user id')}`, sk: `DEVICE#${part(deviceId, 'device id')}` }),
    /**
     * Failed sign-ins from one client address (a hash of it), across accounts and tenants: kept under
     * the platform tenant (tenantKeys(PLATFORM_TENANT)), since an address belongs to no tenant.
     */
    loginAddressFailures: (addressHash: string) => ({ pk: `${t}#LOGINADDR#${part(addressHash, 'address hash')}`, sk: 'FAILURES' }),
    /** A sign-in lockout of one user name (for the tenant admin); GSI1 lists the tenant's, newest last. */
    loginLockout: (userId: string, at: string) => ({ pk: `${t}#LOGIN#${part(userId, 'user id')}`, sk: `LOCKOUT#${at}` }),
    loginLockoutEntry: (userId: string, at: string) => indexEntry(INDEX.gsi1, `${t}#LOCKOUTS`, `${at}#${part(userId, 'user id')}`),
    loginLockouts: (): QuerySpec => gsi1(`${t}#LOCKOUTS`),

    /** The tenant's catalogue of venue kinds. */
    venueKinds: () => ({ pk: `${t}#VENUEKINDS`, sk: 'CURRENT' }),

    /**
     * A venue. GSI1 lists venues by grid subtree, split into one partition per top-level grid;
     * GSI2 lists them by kind (industry authorities), also in path order.
     */
    venue: (venueId: string) => ({ pk: `${t}#VENUE#${part(venueId, 'venue id')}`, sk: 'VENUE' }),
    venueEntries: (v: { id: string; gridPath: string; kind: string }) => ({
      ...indexEntry(INDEX.gsi1, `${t}#VENUES#${topOf(v.gridPath)}`, `${v.gridPath}${part(v.id, 'venue id')}`),
      ...indexEntry(INDEX.gsi2, `${t}#VENUEKIND#${part(v.kind, 'venue kind')}`, `${v.gridPath}${v.id}`),
    }),
    venuesInSubtree: (gridPath: string): QuerySpec => gsi1(`${t}#VENUES#${topOf(gridPath)}`, gridPath),
    venuesOfKind: (kind: string, gridPath?: string): QuerySpec => gsi2(`${t}#VENUEKIND#${part(kind, 'venue kind')}`, gridPath),

    /** Checklist template versions of a venue kind, one item per version. */
    checklist: (kind: string, version: number) => ({ pk: `${t}#CHECKLIST#${part(kind, 'venue kind')}`, sk: `V#${pad(version)}` }),
    checklistVersions: (kind: string): QuerySpec => onTable(`${t}#CHECKLIST#${part(kind, 'venue kind')}`, 'V#'),

    /**
     * An inspection, by its client-generated id. GSI1: a venue's history (newest first by endedAt).
     * GSI2: an inspector's day. GSI3: a day's inspections by grid subtree, one partition per top grid.
     */
    inspection: (inspectionId: string) => ({ pk: `${t}#INSPECTION#${part(inspectionId, 'inspection id')}`, sk: 'INSPECTION' }),
    inspectionEntries: (i: { id: string; venueId: string; inspectorId: string; date: string; gridPath: string; endedAt: string }) => ({
      ...indexEntry(INDEX.gsi1, `${t}#VENUEINSP#${part(i.venueId, 'venue id')}`, `${i.endedAt}#${i.id}`),
      ...indexEntry(INDEX.gsi2, `${t}#INSPECTOR#${part(i.inspectorId, 'user id')}#${part(i.date, 'date')}`, `${i.endedAt}#${i.id}`),
      ...indexEntry(INDEX.gsi3, `${t}#DAYINSP#${part(i.date, 'date')}#${topOf(i.gridPath)}`, `${i.gridPath}${i.endedAt}#${i.id}`),
    }),
    venueInspections: (venueId: string): QuerySpec => gsi1(`${t}#VENUEINSP#${part(venueId, 'venue id')}`),
    inspectorDay: (userId: string, date: string): QuerySpec => gsi2(`${t}#INSPECTOR#${part(userId, 'user id')}#${part(date, 'date')}`),
    dayInspections: (date: string, gridPath: string): QuerySpec => gsi3(`${t}#DAYINSP#${part(date, 'date')}#${topOf(gridPath)}`, gridPath),

    /**
     * A problem in the ledger. GSI1: by grid subtree and open/closed, ordered by path then deadline.
     * GSI2: by venue kind and open/closed, ordered by deadline. GSI3: a venue's problem history.
     */
    problem: (problemId: string) => ({ pk: `${t}#PROBLEM#${part(problemId, 'problem id')}`, sk: 'PROBLEM' }),
    problemEntries: (p: { id: string; venueId: string; venueKind: string; gridPath: string; deadline: string; openedAt: string; status: string }) => {
      const bucket = p.status === 'closed' ? 'CLOSED' : 'OPEN';
      return {
        ...indexEntry(INDEX.gsi1, `${t}#PROBLEMS#${topOf(p.gridPath)}#${bucket}`, `${p.gridPath}${p.deadline}#${p.id}`),
        ...indexEntry(INDEX.gsi2, `${t}#PROBLEMKIND#${part(p.venueKind, 'venue kind')}#${bucket}`, `${p.deadline}#${p.id}`),
        ...indexEntry(INDEX.gsi3, `${t}#VENUEPROB#${part(p.venueId, 'venue id')}`, `${p.openedAt}#${p.id}`),
      };
    },
    problemsInSubtree: (gridPath: string, bucket: 'OPEN' | 'CLOSED'): QuerySpec => gsi1(`${t}#PROBLEMS#${topOf(gridPath)}#${bucket}`, gridPath),
    problemsOfKind: (kind: string, bucket: 'OPEN' | 'CLOSED'): QuerySpec => gsi2(`${t}#PROBLEMKIND#${part(kind, 'venue kind')}#${bucket}`),
    venueProblems: (venueId: string): QuerySpec => gsi3(`${t}#VENUEPROB#${part(venueId, 'venue id')}`),

    /**
     * A venue import (CSV): one partition per import holding its progress, its row errors and the
     * valid rows in chunks (all expire by TTL). GSI1 lists a tenant's imports by creation time.
     */
    venueImport: (importId: string) => ({ pk: `${t}#IMPORT#${part(importId, 'import id')}`, sk: 'IMPORT' }),
    /** Row errors, a page per item; they sort right after the progress item, so one Query reads both. */
    venueImportErrors: (importId: string, page: number) => ({ pk: `${t}#IMPORT#${part(importId, 'import id')}`, sk: `IMPORT#ERRORS#${pad(page)}` }),
    /** Progress counters of one of the job's parallel writers (sums over these are the live progress). */
    venueImportProgress: (importId: string, writer: number) => ({ pk: `${t}#IMPORT#${part(importId, 'import id')}`, sk: `IMPORT#PROGRESS#${pad(writer)}` }),
    /** The import, its error pages and its progress counters: everything under 'IMPORT' in its partition. */
    venueImportWithErrors: (importId: string): QuerySpec => onTable(`${t}#IMPORT#${part(importId, 'import id')}`, 'IMPORT'),
    venueImportChunk: (importId: string, n: number) => ({ pk: `${t}#IMPORT#${part(importId, 'import id')}`, sk: `CHUNK#${pad(n)}` }),
    venueImportChunks: (importId: string): QuerySpec => onTable(`${t}#IMPORT#${part(importId, 'import id')}`, 'CHUNK#'),
    venueImportListEntry: (i: { id: string; createdAt: string }) => indexEntry(INDEX.gsi1, `${t}#IMPORTS`, `${i.createdAt}#${part(i.id, 'import id')}`),
    venueImports: (): QuerySpec => gsi1(`${t}#IMPORTS`),

    /** A photo's record (type, size, who asked to upload it); the bytes are in the photo store under `<tenant>/<id>`. */
    photo: (photoId: string) => ({ pk: `${t}#PHOTO#${part(photoId, 'photo id')}`, sk: 'PHOTO' }),

    /**
     * A problem's history: one item per transition in the problem's partition, written with the change,
     * keyed by the version the transition produced (so the history sorts in the order it happened).
     */
    problemEvent: (problemId: string, version: number) => ({ pk: `${t}#PROBLEM#${part(problemId, 'problem id')}`, sk: `EVENT#${pad(version)}` }),
    /** The problem and its whole history in one Query ('EVENT#…' sorts before 'PROBLEM'). */
    problemWithHistory: (problemId: string): QuerySpec => onTable(`${t}#PROBLEM#${part(problemId, 'problem id')}`),
    /** Open problems of a kind whose deadline is before `today` (GSI2 sorts by deadline). */
    overdueProblemsOfKind: (kind: string, today: string): QuerySpec => ({ ...gsi2(`${t}#PROBLEMKIND#${part(kind, 'venue kind')}#OPEN`), skBefore: part(today, 'date') }),

    /** A venue's enforcement history (black cards, suspensions, closures): items in the venue's partition. */
    /** Keyed by the venue version the change produced, and its place among the events of that change. */
    venueEvent: (venueId: string, version: number, n = 0) => ({ pk: `${t}#VENUE#${part(venueId, 'venue id')}`, sk: `EVENT#${pad(version)}#${n}` }),
    venueEvents: (venueId: string): QuerySpec => onTable(`${t}#VENUE#${part(venueId, 'venue id')}`, 'EVENT#'),
    /** GSI1 of every enforcement event (problem and venue): a tenant-local day by grid subtree (day figures). */
    enforcementDayEntry: (e: { date: string; gridPath: string; at: string; id: string }) =>
      indexEntry(INDEX.gsi1, `${t}#ENFDAY#${part(e.date, 'date')}#${topOf(e.gridPath)}`, `${e.gridPath}${instant(e.at)}#${part(e.id, 'event id')}`),
    enforcementDay: (date: string, gridPath: string): QuerySpec => gsi1(`${t}#ENFDAY#${part(date, 'date')}#${topOf(gridPath)}`, gridPath),

    /** Registers: the venues black-carded now (BLACKCARD) and those with a suspension recommended or approved (SUSPENSION). */
    register: (name: 'BLACKCARD' | 'SUSPENSION', venueId: string) => ({ pk: `${t}#REGISTER#${name}`, sk: part(venueId, 'venue id') }),
    registerEntries: (name: 'BLACKCARD' | 'SUSPENSION'): QuerySpec => onTable(`${t}#REGISTER#${name}`),

    /** Per-year sequence counters for official numbers (整改通知书 2026-第7号, 督查通报 2026-第15期). */
    counter: (name: 'NOTICE' | 'BULLETIN', year: string) => ({ pk: `${t}#COUNTER`, sk: `${name}#${part(year, 'year')}` }),

    /** A supervision bulletin (督查通报); GSI1 lists them by number. */
    bulletin: (bulletinId: string) => ({ pk: `${t}#BULLETIN#${part(bulletinId, 'bulletin id')}`, sk: 'BULLETIN' }),
    bulletinListEntry: (b: { year: string; seq: number }) => indexEntry(INDEX.gsi1, `${t}#BULLETINS`, `${part(b.year, 'year')}#${pad(b.seq)}`),
    bulletins: (): QuerySpec => gsi1(`${t}#BULLETINS`),

    /** A tenant-wide closure notice (close / pause / reopen venues of some kinds); GSI1 lists them by time. */
    closureNotice: (noticeId: string) => ({ pk: `${t}#NOTICE#${part(noticeId, 'notice id')}`, sk: 'NOTICE' }),
    closureNoticeListEntry: (n: { id: string; issuedAt: string }) => indexEntry(INDEX.gsi1, `${t}#NOTICES`, `${instant(n.issuedAt)}#${part(n.id, 'notice id')}`),
    closureNotices: (): QuerySpec => gsi1(`${t}#NOTICES`),


    /**
     * The day's plan (每日排查计划): one partition per tenant and tenant-local day. `RUN` is the run
     * (status, generation, rules version, lease); `S#<top>` marks a top-level subtree planned;
     * `A#<user>#<top>#<nn>` holds a person's assignments from one subtree (nn: the chunk of a long list),
     * so a person's day is one Query on `A#<user>#` and the tenant's day one Query on `A#`.
     */
    planRun: (date: string) => ({ pk: `${t}#PLAN#${day(date)}`, sk: 'RUN' }),
    planSubtree: (date: string, topGridId: string) => ({ pk: `${t}#PLAN#${day(date)}`, sk: `S#${part(topGridId, 'grid id')}` }),
    planSubtrees: (date: string): QuerySpec => onTable(`${t}#PLAN#${day(date)}`, 'S#'),
    planPart: (date: string, userId: string, topGridId: string, chunk: number) => ({
      pk: `${t}#PLAN#${day(date)}`,
      sk: `A#${part(userId, 'user id')}#${part(topGridId, 'grid id')}#${String(chunk).padStart(2, '0')}`,
    }),
    planParts: (date: string): QuerySpec => onTable(`${t}#PLAN#${day(date)}`, 'A#'),
    planPartsOf: (date: string, userId: string): QuerySpec => onTable(`${t}#PLAN#${day(date)}`, `A#${part(userId, 'user id')}#`),

    /**
     * The daily report (日排查日报告): one partition per tenant and day. `CLOSE` is the close run;
     * `TOTAL` the tenant's figures; `G#<grid>` a grid's figures (its whole subtree, with its children's
     * ids that day); `P#<home path>#<user>` a person's row (`P#~#<user>` without a home grid), so the
     * people of a subtree are one Query on `P#<path>`.
     */
    reportClose: (date: string) => ({ pk: `${t}#REPORT#${day(date)}`, sk: 'CLOSE' }),
    reportTotal: (date: string) => ({ pk: `${t}#REPORT#${day(date)}`, sk: 'TOTAL' }),
    reportGrid: (date: string, gridId: string) => ({ pk: `${t}#REPORT#${day(date)}`, sk: `G#${part(gridId, 'grid id')}` }),
    reportPerson: (date: string, homePath: string | undefined, userId: string) => ({
      pk: `${t}#REPORT#${day(date)}`,
      sk: `P#${homePath ? gridPathPart(homePath) : '~'}#${part(userId, 'user id')}`,
    }),
    reportPeople: (date: string, homePath?: string): QuerySpec => onTable(`${t}#REPORT#${day(date)}`, homePath ? `P#${gridPathPart(homePath)}` : 'P#'),
    reportItems: (date: string): QuerySpec => onTable(`${t}#REPORT#${day(date)}`),

    ...residentKeys(t),
    ...residentPrivacyKeys(t),
    ...jointEnforcementKeys(t),

    ...monitoringKeys(t),
    ...gridFigureKeys(t),

    ...testingKeys(t),
    ...rateLimitKeys(t),

    ...pushedListKeys(t),
    ...selfRegistrationKeys(t),

    ...checkpointKeys(t),


    /**
     * The tenant's scheduling state: `lateSync` holds `<date>#<receivedAt>#<inspection id>` for inspections stored
     * after their day had ended, until a close of that day has counted them (docs/scheduling.md).
     */
    schedule: () => ({ pk: `${t}#SCHEDULE`, sk: 'STATE' }),
  };
}

export type TenantKeys = ReturnType<typeof buildTenantKeys>;

/**
 * A tenant's key builders are pure functions of the tenant id, so they are built once per tenant and
 * shared (frozen): every request builds its repositories, and each repository asks for these.
 */
const keysByTenant = new Map<string, TenantKeys>();
const KEYS_CACHE_SIZE = 1000;

export function tenantKeys(tenantId: string): TenantKeys {
  let keys = keysByTenant.get(tenantId);
  if (!keys) {
    keys = Object.freeze(buildTenantKeys(tenantId));
    if (keysByTenant.size >= KEYS_CACHE_SIZE) keysByTenant.clear();
    keysByTenant.set(tenantId, keys);
  }
  return keys;
}
