/**
 * Monitoring and the registry's lifecycle over DynamoDB Local: moving out or a death ends the person's
 * live episode with that reason (the household tag goes only with the household's last one); an end
 * whose follow-up never ran is caught by the sweep (no missed alert for someone who has gone); the
 * retention job removes a tombstoned person's episodes, readings and alerts, and a second run does
 * nothing new.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRaw } from '../../shared/data/batch';
import { tenantKeys } from '../../shared/data/keys';
import { getRaw } from '../../shared/data/write';
import { tenantData } from '../../shared/data/tenant-data';
import { runJob } from '../../shared/scheduling/run-job';
import { runRetentionJob } from '../../shared/scheduling/retention-job';
import { type Api, testApi } from '../support/api';
import { personUnderMonitoring, readingBody } from '../support/monitoring';
import { captureOutput, personBody, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
const output = captureOutput();
let zheng: Awaited<ReturnType<typeof personUnderMonitoring>>;
let wife: { personId: string; episodeId: string };
let feverAlert: string;

const sweep = () => tenantData(api.db, t.id).residents.monitoring.sweep.run(api.clock.now());
const episodeOf = (id: string) => getRaw(api.db, tenantKeys(t.id).episode(id), true);
const tagsOf = async (householdId: string) => (await api.call('GET', `/api/residents/households/${householdId}`, { token: t.tokens.inspector })).body.household.tags as string[];
const endPerson = async (householdId: string, personId: string, reason: string) => {
  const person = (await api.call('GET', `/api/residents/households/${householdId}`, { token: t.tokens.inspector })).body.members.find((m: any) => m.id === personId);
  return api.call('POST', `/api/residents/households/${householdId}/persons/${personId}/end`, { token: t.tokens.inspector, body: { version: person.version, reason, endedOn: '2026-11-25' } });
};

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T01:00:00Z' });
  t = await createTestTenant(api, 'ml');
  zheng = await personUnderMonitoring(api, t.tokens.inspector, t.grids.northGroup1, { name: '郑国强', idNumber: residentId('41018419650505121') }, { startedAt: '2026-11-25T00:30:00Z' });
  // His wife, in the same household, also in 居家隔离.
  const added = await api.call('POST', `/api/residents/households/${zheng.household.id}/persons`, { token: t.tokens.inspector, body: personBody({ name: '郑王氏', idNumber: residentId('41018419670606242'), relationship: 'spouse' }) });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  const started = await api.call('POST', '/api/monitoring/episodes', { token: t.tokens.inspector, body: { id: ulid(), householdId: zheng.household.id, personId: added.body.id, type: 'home-isolation', reason: 'contact', startedAt: '2026-11-25T00:30:00Z' } });
  expect(started.status).toBe(201);
  wife = { personId: added.body.id, episodeId: started.body.id };
  api.clock.set('2026-11-25T07:40:00Z');
  t.tokens.inspector = await api.tokenFor({ userId: t.users.inspector, tenantId: t.id, roles: ['inspector'], gridIds: [t.grids.northGroup1], venueKinds: [] });
  const fever = await api.call('POST', '/api/monitoring/readings', { token: t.tokens.inspector, body: readingBody(zheng.episode.id, '2026-11-25T07:30:00Z', 38.4) });
  feverAlert = fever.body.alertId;
  expect(feverAlert).toMatch(/^fever-/);
}, 120_000);

afterAll(() => output.stop());

describe('the registry ends a person', () => {
  it('moving out ends the live episode early with the reason; the household keeps its tag while another episode runs', async () => {
    expect((await endPerson(zheng.household.id, zheng.personId, 'moved-out')).status).toBe(200);
    expect(await episodeOf(zheng.episode.id)).toMatchObject({ status: 'ended-early', endReason: 'moved-out', endedAt: '2026-11-25T07:40:00.000Z' });
    const file = await api.call('GET', `/api/monitoring/episodes/${zheng.episode.id}`, { token: t.tokens.inspector });
    expect(file.body.history[0]).toMatchObject({ action: 'ended-early', why: 'the person moved out' });
    expect(await tagsOf(zheng.household.id)).toContain('home-isolation');
    const live = await getRaw(api.db, tenantKeys(t.id).monitoringHousehold(zheng.household.id), true);
    expect([...((live?.persons as Set<string> | undefined) ?? [])]).toEqual([wife.personId]);
  });

  it('an end whose follow-up did not run is caught by the sweep: the episode ends (died), no missed alert, the tag goes with the last episode', async () => {
    // As if the process stopped between the person's end and its follow-up.
    await api.db.doc.send(new UpdateCommand({ TableName: api.db.table, Key: tenantKeys(t.id).person(zheng.household.id, wife.personId), UpdateExpression: 'SET #s = :d, endReason = :d', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':d': 'deceased' } }));
    api.clock.set('2026-11-25T10:30:00Z');
    const result = await sweep();
    expect(result).toMatchObject({ alertsRaised: 0, endedForPerson: 1 });
    expect(await episodeOf(wife.episodeId)).toMatchObject({ status: 'ended-early', endReason: 'deceased' });
    expect(await queryRaw(api.db, tenantKeys(t.id).episodeAlerts(wife.episodeId))).toHaveLength(0);
    t.tokens.inspector = await api.tokenFor({ userId: t.users.inspector, tenantId: t.id, roles: ['inspector'], gridIds: [t.grids.northGroup1], venueKinds: [] });
    expect(await tagsOf(zheng.household.id)).not.toContain('home-isolation');
    // Again: nothing more.
    await runJob(api.db, { kind: 'monitoring-sweep', tenantId: t.id, date: '2026-11-25' }, api.clock);
    expect(await sweep()).toMatchObject({ alertsRaised: 0, endedForPerson: 0 });
  });
});

describe('retention', () => {
  it('removes a tombstoned person’s episodes, readings and alerts, once', async () => {
    expect((await queryRaw(api.db, tenantKeys(t.id).episodeFile(zheng.episode.id))).length).toBeGreaterThan(2);
    expect(await getRaw(api.db, tenantKeys(t.id).monitoringAlert(feverAlert))).toBeDefined();
    const first = await runRetentionJob(api.db, t.id, '2027-11-27', api.clock);
    expect(first).toMatchObject({ tombstoned: 1 });
    expect(await queryRaw(api.db, tenantKeys(t.id).episodeFile(zheng.episode.id))).toHaveLength(0);
    expect(await getRaw(api.db, tenantKeys(t.id).monitoringAlert(feverAlert))).toBeUndefined();
    expect(await queryRaw(api.db, tenantKeys(t.id).personEpisodes(zheng.personId))).toHaveLength(0);
    expect(await runRetentionJob(api.db, t.id, '2027-11-28', api.clock)).toMatchObject({ tombstoned: 0 });
  });
});
