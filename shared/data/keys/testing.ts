/** Keys of testing rounds (全员检测): rounds, sampling sites, records, per-person marks, coverage counters, lab results, positive alerts. Built only through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. */
import { INDEX } from '../table';
import { type QuerySpec, gridPathPart, gsi1, indexEntry, instant, onTable, part, topOf } from './parts';

export function testingKeys(t: string) {
  /** One partition per person and round: their records (`REC#`), the distinct mark (`TESTED`) and results (`RESULT#`). */
  const personRound = (roundId: string, personId: string) => `${t}#TROUND#${part(roundId, 'round id')}#P#${part(personId, 'person id')}`;
  return {
    /** A round; GSI1 lists the tenant's rounds by start. */
    testRound: (roundId: string) => ({ pk: `${t}#TROUND#${part(roundId, 'round id')}`, sk: 'ROUND' }),
    /** A round number claimed once per tenant (`round-number#N`), in the round's create transaction. */
    testRoundNumberClaim: (number: number) => ({ pk: `${t}#TCLAIM#round-number#${Math.trunc(number)}`, sk: 'CLAIM' }),
    testRoundListEntry: (r: { id: string; startsAt: string }) => indexEntry(INDEX.gsi1, `${t}#TROUNDS`, `${instant(r.startsAt)}#${part(r.id, 'round id')}`),
    testRounds: (): QuerySpec => gsi1(`${t}#TROUNDS`),
    /** A sampling site; GSI1 lists sites by grid subtree (one partition per top-level grid). */
    testSite: (siteId: string) => ({ pk: `${t}#TSITE#${part(siteId, 'site id')}`, sk: 'SITE' }),
    testSiteEntry: (s: { id: string; gridPath: string }) => indexEntry(INDEX.gsi1, `${t}#TSITES#${topOf(s.gridPath)}`, `${gridPathPart(s.gridPath)}${part(s.id, 'site id')}`),
    testSitesInSubtree: (gridPath: string): QuerySpec => gsi1(`${t}#TSITES#${topOf(gridPath)}`, gridPathPart(gridPath)),
    testRecord: (roundId: string, personId: string, recordId: string) => ({ pk: personRound(roundId, personId), sk: `REC#${part(recordId, 'record id')}` }),
    /** A record's client id claimed once per round, whoever the record names: a resend under the id with another person is a 409, not a second record. */
    testRecordClaim: (roundId: string, recordId: string) => ({ pk: `${t}#TROUND#${part(roundId, 'round id')}#R#${part(recordId, 'record id')}`, sk: 'CLAIM' }),
    /** Written once, with a person's first record of the round: distinct people are counted by its condition. */
    testedMark: (roundId: string, personId: string) => ({ pk: personRound(roundId, personId), sk: 'TESTED' }),
    testResult: (roundId: string, personId: string, sampleId: string) => ({ pk: personRound(roundId, personId), sk: `RESULT#${part(sampleId, 'sample id')}` }),
    /** GSI1 of a lab result: a round's sealed results, walked by the re-seal job after a data-key rotation. */
    testResultEntry: (r: { roundId: string; personId: string; sampleId: string }) => indexEntry(INDEX.gsi1, `${t}#TRESULTS#${part(r.roundId, 'round id')}`, `${part(r.personId, 'person id')}#${part(r.sampleId, 'sample id')}`),
    testResultsOfRound: (roundId: string): QuerySpec => gsi1(`${t}#TRESULTS#${part(roundId, 'round id')}`),
    /** A person's partition in a round (records, mark, results): what a tombstone reduces. */
    testPersonRound: (roundId: string, personId: string): QuerySpec => onTable(personRound(roundId, personId)),
    /** A sample id taken once in a round (a tube is used once): who it belongs to. */
    testSample: (roundId: string, sampleId: string) => ({ pk: `${t}#TSAMPLE#${part(roundId, 'round id')}#${part(sampleId, 'sample id')}`, sk: 'SAMPLE' }),
    /** A round's coverage counters per grid, in shards; all in one partition, so a tenant's coverage is one Query. */
    testCoverageCounter: (roundId: string, gridId: string, shard: number) => ({ pk: `${t}#TCOV#${part(roundId, 'round id')}`, sk: `${part(gridId, 'grid id')}#${shard}` }),
    testCoverageCounters: (roundId: string): QuerySpec => onTable(`${t}#TCOV#${part(roundId, 'round id')}`),
    /** A lab file's import (`IMPORT`) and its kept row errors (`ERR#<first line of the batch>`) in one partition; GSI1 lists a round's imports. */
    labImport: (importId: string) => ({ pk: `${t}#TLABIMP#${part(importId, 'import id')}`, sk: 'IMPORT' }),
    labImportErrors: (importId: string, firstLine: number) => ({ pk: `${t}#TLABIMP#${part(importId, 'import id')}`, sk: `ERR#${String(firstLine).padStart(9, '0')}` }),
    labImportWithErrors: (importId: string): QuerySpec => onTable(`${t}#TLABIMP#${part(importId, 'import id')}`),
    labImportListEntry: (i: { id: string; roundId: string; createdAt: string }) => indexEntry(INDEX.gsi1, `${t}#TLABIMPS#${part(i.roundId, 'round id')}`, `${instant(i.createdAt)}#${part(i.id, 'import id')}`),
    labImportsOfRound: (roundId: string): QuerySpec => gsi1(`${t}#TLABIMPS#${part(roundId, 'round id')}`),
    /** Samples per sampling site and tenant-local day (`times`, hour slots `h00`…`h23`), in shards; a round's day is one partition, so every site's day is one Query. */
    testSiteDayCounter: (roundId: string, date: string, siteId: string, shard: number) => ({ pk: `${t}#TSITEDAY#${part(roundId, 'round id')}#${part(date, 'date')}`, sk: `${part(siteId, 'site id')}#${shard}` }),
    testSiteDayCounters: (roundId: string, date: string): QuerySpec => onTable(`${t}#TSITEDAY#${part(roundId, 'round id')}#${part(date, 'date')}`),
    /** A positive result's alert, for the supervisor chain of the person's grid; GSI1 by subtree and open/closed. */
    testAlert: (alertId: string) => ({ pk: `${t}#TALERT#${part(alertId, 'alert id')}`, sk: 'ALERT' }),
    testAlertEntry: (a: { id: string; gridPath: string; raisedAt: string; status: string }) =>
      indexEntry(INDEX.gsi1, `${t}#TALERTS#${topOf(a.gridPath)}#${a.status === 'resolved' ? 'CLOSED' : 'OPEN'}`, `${gridPathPart(a.gridPath)}${instant(a.raisedAt)}#${part(a.id, 'alert id')}`),
    testAlertsInSubtree: (gridPath: string, bucket: 'OPEN' | 'CLOSED'): QuerySpec => gsi1(`${t}#TALERTS#${topOf(gridPath)}#${bucket}`, gridPathPart(gridPath)),
  };
}
