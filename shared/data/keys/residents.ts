/** Keys of the residents registry: households, people, identity indexes, counters, the access log, imports. Built only through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. */
import { INDEX } from '../table';
import { type QuerySpec, day, gridPathPart, gsi1, gsi2, indexEntry, instant, onTable, pad, part, topOf } from './parts';

export function residentKeys(t: string) {
  return {
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
    /**
     * Where a person who moved out of this household went (written by the move, in the household they
     * left): the lookup by an old (household, person) pair follows it. Not under `PERSON#`, so never a member.
     */
    personForward: (householdId: string, personId: string) => ({ pk: `${t}#HOUSEHOLD#${part(householdId, 'household id')}`, sk: `MOVED#${part(personId, 'person id')}` }),
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
    auditEntries: (e: { at: string; id: string; userId: string; personId?: string; householdId?: string; taskId?: string; listId?: string }) => {
      const record = e.personId ?? e.householdId ?? e.taskId ?? e.listId;
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
    residentImportChunks: (importId: string, phase?: 1 | 2): QuerySpec => onTable(`${t}#RIMPORT#${part(importId, 'import id')}`, phase ? `CHUNK#${phase}#` : 'CHUNK#'),
    residentImportListEntry: (i: { id: string; createdAt: string }) => indexEntry(INDEX.gsi1, `${t}#RIMPORTS`, `${instant(i.createdAt)}#${part(i.id, 'import id')}`),
    residentImports: (): QuerySpec => gsi1(`${t}#RIMPORTS`),
  };
}
