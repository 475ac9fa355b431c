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

const TENANT_ID = /^[a-z][a-z0-9-]{1,39}$/;
/** Ids inside keys: ULIDs, user names, grid ids. No '#' or '/' so they can never break a key apart. */
const KEY_PART = /^[A-Za-z0-9._-]{1,100}$/;

export class InvalidKeyError extends Error {}

export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID.test(value);
}

function part(value: string, what: string): string {
  if (!KEY_PART.test(value)) throw new InvalidKeyError(`invalid ${what} for a key: ${JSON.stringify(value)}`);
  return value;
}

export interface Key {
  pk: string;
  sk: string;
}

/** A Query against the table or an index: the partition and an optional sort-key prefix. */
export interface QuerySpec {
  index?: string;
  pkName: string;
  skName: string;
  pk: string;
  skPrefix?: string;
  /** Instead of a prefix: sort keys strictly before this value (e.g. deadlines before today). */
  skBefore?: string;
}

const onIndex =
  (index: (typeof INDEX)[keyof typeof INDEX]) =>
  (pk: string, skPrefix?: string): QuerySpec => ({ index: index.name, pkName: index.pk, skName: index.sk, pk, skPrefix });
const gsi1 = onIndex(INDEX.gsi1);
const gsi2 = onIndex(INDEX.gsi2);
const gsi3 = onIndex(INDEX.gsi3);
const onTable = (pk: string, skPrefix?: string): QuerySpec => ({ pkName: 'pk', skName: 'sk', pk, skPrefix });

/** Index attributes of an item: { gsi1pk, gsi1sk } and so on. */
const indexEntry = (index: (typeof INDEX)[keyof typeof INDEX], pk: string, sk: string) => ({ [index.pk]: pk, [index.sk]: sk });

/** The top-level grid of a path ('/a/b/' → 'a'): big per-tenant indexes are split by it. */
const topOf = (path: string) => {
  const top = path.split('/')[1];
  if (!top) throw new InvalidKeyError(`not a grid path: ${JSON.stringify(path)}`);
  return part(top, 'grid id');
};
const pad = (n: number) => String(n).padStart(6, '0');
/** A tenant-local date inside a key. */
const day = (date: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new InvalidKeyError(`not a date: ${JSON.stringify(date)}`);
  return date;
};
/** A grid path inside a sort key: '/a/b/' with every id a valid key part. */
const gridPathPart = (path: string) => {
  if (!/^\/([A-Za-z0-9._-]{1,100}\/)+$/.test(path)) throw new InvalidKeyError(`not a grid path: ${JSON.stringify(path)}`);
  return path;
};
/** An ISO instant inside a sort key. */
const instant = (at: string) => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(at)) throw new InvalidKeyError(`not an ISO instant: ${JSON.stringify(at)}`);
  return at;
};

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

    /** The tenant's personal-data key, wrapped by the key provider (shared/personal-data/tenant-cipher.ts). */
    dataKey: () => ({ pk: `${t}#DATAKEY`, sk: 'V#000001' }),

    /**
     * Residents (docs/data-model.md "Residents"). A household's partition holds the household, its
     * members (`PERSON#`), its change history (`EVENT#`) and its visits (`VISIT#`): one Query reads a
     * household's file. GSI1 lists households, and people, by grid subtree (one partition per top-level
     * grid); GSI2 finds people by the blind index of their phone.
     */
    household: (householdId: string) => ({ pk: `${t}#HOUSEHOLD#${part(householdId, 'household id')}`, sk: 'HOUSEHOLD' }),
    householdEntries: (h: { id: string; gridPath: string }) => indexEntry(INDEX.gsi1, `${t}#HOUSEHOLDS#${topOf(h.gridPath)}`, `${gridPathPart(h.gridPath)}${part(h.id, 'household id')}`),
    householdsInSubtree: (gridPath: string): QuerySpec => gsi1(`${t}#HOUSEHOLDS#${topOf(gridPath)}`, gridPathPart(gridPath)),
    /** Everything in a household's partition, or the part under a sort-key prefix ('PERSON#', 'EVENT#', 'VISIT#'). */
    householdFile: (householdId: string, skPrefix?: 'PERSON#' | 'EVENT#' | 'VISIT#'): QuerySpec => onTable(`${t}#HOUSEHOLD#${part(householdId, 'household id')}`, skPrefix),
    person: (householdId: string, personId: string) => ({ pk: `${t}#HOUSEHOLD#${part(householdId, 'household id')}`, sk: `PERSON#${part(personId, 'person id')}` }),
    personEntries: (p: { id: string; householdId: string; gridPath: string; phoneBlind?: string }) => ({
      ...indexEntry(INDEX.gsi1, `${t}#PERSONS#${topOf(p.gridPath)}`, `${gridPathPart(p.gridPath)}${part(p.householdId, 'household id')}#${part(p.id, 'person id')}`),
      ...(p.phoneBlind ? indexEntry(INDEX.gsi2, `${t}#PHONE#${part(p.phoneBlind, 'blind index')}`, part(p.id, 'person id')) : {}),
    }),
    personsInSubtree: (gridPath: string): QuerySpec => gsi1(`${t}#PERSONS#${topOf(gridPath)}`, gridPathPart(gridPath)),
    personsWithPhone: (phoneBlind: string): QuerySpec => gsi2(`${t}#PHONE#${part(phoneBlind, 'blind index')}`),
    /** A household's history entry; sorted by time. */
    householdEvent: (householdId: string, at: string, eventId: string) => ({ pk: `${t}#HOUSEHOLD#${part(householdId, 'household id')}`, sk: `EVENT#${instant(at)}#${part(eventId, 'event id')}` }),
    /** A visit (走访), by its client id; GSI1: a day's visits by grid subtree. */
    visit: (householdId: string, visitId: string) => ({ pk: `${t}#HOUSEHOLD#${part(householdId, 'household id')}`, sk: `VISIT#${part(visitId, 'visit id')}` }),
    visitEntries: (v: { id: string; date: string; gridPath: string; visitedAt: string }) => indexEntry(INDEX.gsi1, `${t}#DAYVISITS#${day(v.date)}#${topOf(v.gridPath)}`, `${gridPathPart(v.gridPath)}${instant(v.visitedAt)}#${part(v.id, 'visit id')}`),
    dayVisits: (date: string, gridPath: string): QuerySpec => gsi1(`${t}#DAYVISITS#${day(date)}#${topOf(gridPath)}`, gridPathPart(gridPath)),
    /** The unique index of identity documents: blind index of type and number → the person holding it. */
    idNumberIndex: (blind: string) => ({ pk: `${t}#IDNO#${part(blind, 'blind index')}`, sk: 'IDNO' }),
    /** The unique index of household numbers (户号). */
    householdNumber: (number: string) => ({ pk: `${t}#HHNO#${part(number, 'household number')}`, sk: 'HHNO' }),
    /**
     * A grid's resident counters, in shards (a busy grid's writes spread over them); all of a tenant's
     * in one partition, so its figures are one Query (only grids with residents have items).
     */
    residentCounter: (gridId: string, shard: number) => ({ pk: `${t}#RCOUNTS`, sk: `${part(gridId, 'grid id')}#${shard}` }),
    residentCounters: (): QuerySpec => onTable(`${t}#RCOUNTS`),
    /** A tenant-local day's resident figures (people added, ended, visits), per grid and shard. */
    residentDayCounter: (date: string, gridId: string, shard: number) => ({ pk: `${t}#RDAY#${day(date)}`, sk: `${part(gridId, 'grid id')}#${shard}` }),
    residentDayCounters: (date: string): QuerySpec => onTable(`${t}#RDAY#${day(date)}`),
    /** The retention register: people who moved out or died, by the day they did, until they are tombstoned. */
    retentionEntry: (endedOn: string, householdId: string, personId: string) => ({ pk: `${t}#RETENTION`, sk: `${day(endedOn)}#${part(householdId, 'household id')}#${part(personId, 'person id')}` }),
    retentionDue: (before: string): QuerySpec => ({ ...onTable(`${t}#RETENTION`), skBefore: day(before) }),
    /** The retention job's mark for a day (the dispatcher sends the job until it is there). */
    retentionRun: (date: string) => ({ pk: `${t}#SCHEDULE`, sk: `RETENTION#${day(date)}` }),
    /**
     * The personal-data access log (append-only): one partition per tenant-local day; GSI1 by the
     * record (person, else household), GSI2 by user.
     */
    auditEntry: (e: { day: string; at: string; id: string }) => ({ pk: `${t}#AUDIT#${day(e.day)}`, sk: `${instant(e.at)}#${part(e.id, 'audit id')}` }),
    auditEntries: (e: { at: string; id: string; userId: string; personId?: string; householdId?: string }) => {
      const record = e.personId ?? e.householdId;
      return {
        ...(record ? indexEntry(INDEX.gsi1, `${t}#AUDITREC#${part(record, 'record id')}`, `${instant(e.at)}#${e.id}`) : {}),
        ...indexEntry(INDEX.gsi2, `${t}#AUDITUSER#${part(e.userId, 'user id')}`, `${instant(e.at)}#${part(e.id, 'audit id')}`),
      };
    },
    auditOfDay: (date: string): QuerySpec => onTable(`${t}#AUDIT#${day(date)}`),
    auditOfRecord: (recordId: string): QuerySpec => gsi1(`${t}#AUDITREC#${part(recordId, 'record id')}`),
    auditOfUser: (userId: string): QuerySpec => gsi2(`${t}#AUDITUSER#${part(userId, 'user id')}`),

    /**
     * A resident import (CSV or xlsx): one partition per import, like a venue import's: progress,
     * error pages, the writers' progress counters and the checked rows in chunks, sealed (phase 1:
     * written by parallel writers; phase 2: rows that must wait for phase 1 — a household seen again
     * further down the file, an in-file duplicate to merge — written one chunk at a time). TTL.
     * GSI1 lists a tenant's resident imports by creation time.
     */
    residentImport: (importId: string) => ({ pk: `${t}#RIMPORT#${part(importId, 'import id')}`, sk: 'IMPORT' }),
    /** A page of row errors: `C<n>` found while checking, `W<phase>-<chunk>` while writing a chunk. */
    residentImportErrors: (importId: string, page: string) => ({ pk: `${t}#RIMPORT#${part(importId, 'import id')}`, sk: `IMPORT#ERRORS#${part(page, 'error page')}` }),
    residentImportProgress: (importId: string, writer: number) => ({ pk: `${t}#RIMPORT#${part(importId, 'import id')}`, sk: `IMPORT#PROGRESS#${pad(writer)}` }),
    residentImportWithErrors: (importId: string): QuerySpec => onTable(`${t}#RIMPORT#${part(importId, 'import id')}`, 'IMPORT'),
    residentImportChunk: (importId: string, phase: 1 | 2, n: number) => ({ pk: `${t}#RIMPORT#${part(importId, 'import id')}`, sk: `CHUNK#${phase}#${pad(n)}` }),
    residentImportChunks: (importId: string, phase: 1 | 2): QuerySpec => onTable(`${t}#RIMPORT#${part(importId, 'import id')}`, `CHUNK#${phase}#`),
    residentImportListEntry: (i: { id: string; createdAt: string }) => indexEntry(INDEX.gsi1, `${t}#RIMPORTS`, `${instant(i.createdAt)}#${part(i.id, 'import id')}`),
    residentImports: (): QuerySpec => gsi1(`${t}#RIMPORTS`),

    /**
     * Home monitoring (docs/data-model.md "Home monitoring"). An episode's partition holds the episode,
     * its readings (`READING#`), supplies and door tests (`ACTION#`) and its history (`EVENT#`): one
     * Query reads a person's file. GSI1: the tenant's episodes by their last day, so the sweep and the
     * lists read from a day on and never see episodes that ended before it. GSI2: a person's episodes.
     */
    episode: (episodeId: string) => ({ pk: `${t}#EPISODE#${part(episodeId, 'episode id')}`, sk: 'EPISODE' }),
    episodeEntries: (e: { id: string; lastDay: string; personId: string; startedAt: string }) => ({
      ...indexEntry(INDEX.gsi1, `${t}#EPISODES`, `${day(e.lastDay)}#${part(e.id, 'episode id')}`),
      ...indexEntry(INDEX.gsi2, `${t}#PERSONEPIS#${part(e.personId, 'person id')}`, `${instant(e.startedAt)}#${part(e.id, 'episode id')}`),
    }),
    /** Episodes by last day; read with a lower bound (`skFrom` a date): those still running on or after it. */
    episodesByLastDay: (): QuerySpec => gsi1(`${t}#EPISODES`),
    personEpisodes: (personId: string): QuerySpec => gsi2(`${t}#PERSONEPIS#${part(personId, 'person id')}`),
    episodeFile: (episodeId: string, skPrefix?: 'READING#' | 'ACTION#' | 'EVENT#'): QuerySpec => onTable(`${t}#EPISODE#${part(episodeId, 'episode id')}`, skPrefix),
    reading: (episodeId: string, readingId: string) => ({ pk: `${t}#EPISODE#${part(episodeId, 'episode id')}`, sk: `READING#${part(readingId, 'reading id')}` }),
    episodeAction: (episodeId: string, actionId: string) => ({ pk: `${t}#EPISODE#${part(episodeId, 'episode id')}`, sk: `ACTION#${part(actionId, 'action id')}` }),
    episodeEvent: (episodeId: string, at: string, eventId: string) => ({ pk: `${t}#EPISODE#${part(episodeId, 'episode id')}`, sk: `EVENT#${instant(at)}#${part(eventId, 'event id')}` }),
    /** A household's live episodes (people under monitoring, episodes per household tag): who sets and clears the tag. */
    monitoringHousehold: (householdId: string) => ({ pk: `${t}#MONHH#${part(householdId, 'household id')}`, sk: 'LIVE' }),
    /** A monitoring alert; GSI1 by grid subtree and open/closed (one partition per top-level grid); GSI2 an episode's alerts. */
    monitoringAlert: (alertId: string) => ({ pk: `${t}#ALERT#${part(alertId, 'alert id')}`, sk: 'ALERT' }),
    monitoringAlertEntries: (a: { id: string; episodeId: string; gridPath: string; raisedAt: string; status: string }) => ({
      ...indexEntry(INDEX.gsi1, `${t}#ALERTS#${topOf(a.gridPath)}#${a.status === 'resolved' ? 'CLOSED' : 'OPEN'}`, `${gridPathPart(a.gridPath)}${instant(a.raisedAt)}#${part(a.id, 'alert id')}`),
      ...indexEntry(INDEX.gsi2, `${t}#EPIALERTS#${part(a.episodeId, 'episode id')}`, `${instant(a.raisedAt)}#${part(a.id, 'alert id')}`),
    }),
    monitoringAlertsInSubtree: (gridPath: string, bucket: 'OPEN' | 'CLOSED'): QuerySpec => gsi1(`${t}#ALERTS#${topOf(gridPath)}#${bucket}`, gridPathPart(gridPath)),
    episodeAlerts: (episodeId: string): QuerySpec => gsi2(`${t}#EPIALERTS#${part(episodeId, 'episode id')}`),
    /** The sweep's state: the windows, the last day anyone is monitored, the last window swept (the dispatcher reads it). */
    monitoringSchedule: () => ({ pk: `${t}#SCHEDULE`, sk: 'MONITORING' }),

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
