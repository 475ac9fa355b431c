/**
 * The re-seal after a data-key rotation reaches every place that stores sealed values, not only the
 * people: home-monitoring readings, door tests and the episode's last reading, lab results, pushed-list
 * rows, self-registration forms (pending and decided), visitors' check-ins and a resident import's
 * pending chunk. Killed half-way it goes on from its place; run twice it writes nothing; then the
 * newest key version alone opens every sealed value of the tenant, each to the plaintext it had.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantKeys } from '../../shared/data/keys';
import { sealPersonal } from '../../shared/data/residents/stored';
import { tenantData } from '../../shared/data/tenant-data';
import { venueCodeToken } from '../../shared/domain/venues/venue-code';
import { CACHE_MS } from '../../shared/personal-data/tenant-cipher';
import { type Api, testApi } from '../support/api';
import { createVenue } from '../support/field';
import { personUnderMonitoring, readingBody } from '../support/monitoring';
import { PUSHED_HEADER, uploadPushedList } from '../support/pushed-lists';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { sealedValues } from '../support/sealed';
import { makeRegistrationCode, registrationForm } from '../support/self-registration';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { createRound, importLabFile } from '../support/testing';

let api: Api;
let t: TestTenant;
let episodeId: string;
const MONITORED = { name: '隔离甲', idNumber: residentId('41018419750203001') };
const TESTED = { name: '检测乙', idNumber: residentId('41018419800304002'), phone: '13900003333' };

const call = async (method: string, path: string, token: string | undefined, body?: unknown, expected = [200, 201, 202]) => {
  const res = await api.call(method, path, { token, body });
  if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'rs');
  const admin = t.tokens.admin;
  // People.
  const household = await registerHousehold(api, admin, t.grids.northGroup1);
  await call('POST', `/api/residents/households/${household.id}/persons`, admin, personBody(TESTED));
  // Home monitoring: a reading (health), a door test (result), the episode's last reading.
  const monitored = await personUnderMonitoring(api, admin, t.grids.southVillage, MONITORED);
  episodeId = monitored.episode.id;
  await call('POST', '/api/monitoring/readings', admin, readingBody(monitored.episode.id, '2026-11-25T01:00:00Z', 38.2, { symptoms: ['cough'], symptomNote: '夜间咳嗽' }));
  await call('POST', `/api/monitoring/episodes/${monitored.episode.id}/actions`, admin, { id: ulid(), kind: 'door-test', at: '2026-11-25T01:10:00Z', result: 'negative' });
  // A lab result.
  const round = await createRound(api, admin);
  const lab = await importLabFile(api, admin, round.id, `样本编号,身份证号或人员码,结果\nS-1,${TESTED.idNumber},阴性\n`);
  expect(lab.body).toMatchObject({ status: 'done', stored: 1 });
  // A pushed list's rows.
  await uploadPushedList(api, admin, [PUSHED_HEADER, `推送丙,${residentId('41018419900405003')},13900004444,幸福小区3栋,某市,2026-11-24,省大数据局,高`].join('\n'));
  // Self-registration: one form left pending, one rejected (decided forms are sealed too).
  const code = await makeRegistrationCode(api, admin, { gridId: t.grids.northGroup1 });
  await call('POST', '/api/public/registrations', undefined, registrationForm(code.token, { name: '登记丁' }));
  const rejected = registrationForm(code.token, { name: '登记戊' });
  await call('POST', '/api/public/registrations', undefined, rejected);
  await call('POST', `/api/self-registration/submissions/${rejected.id}/decision`, admin, { action: 'reject', version: 1, reason: '不是本组' });
  // A visitor's check-in by phone.
  const venue = await createVenue(api, t, { name: '轮换菜市场' });
  await call('POST', '/api/public/check-ins', undefined, { code: venueCodeToken(await api.deps.venueCodeKeys(), t.id, venue.id, venue.codeVersion), id: ulid(api.clock.now().getTime()), phone: '13900005555' });
  // A resident import stopped before writing: its chunk still holds the sealed rows.
  const announced = await call('POST', '/api/residents/imports', admin, { fileName: 'people.csv', size: 100 });
  const cipher = (await api.deps.personalData.cipherFor(t.id))!;
  const personId = ulid();
  const row = { line: 2, householdId: ulid(), gridId: t.grids.northGroup1, personId, idType: 'resident-id', ...sealPersonal(cipher, personId, 'resident-id', { name: '导入己', idNumber: residentId('41018419950506004'), phone: '13900006666' }) };
  await api.db.doc.send(
    new PutCommand({ TableName: api.db.table, Item: { ...tenantKeys(t.id).residentImportChunk(announced.import.id, 1, 1), entity: 'resident-import-chunk', schemaVersion: 1, phase: 1, n: 1, status: 'pending', rows: JSON.stringify([row]), count: 1 } }),
  );
}, 180_000);

describe('re-sealing every area after a rotation', () => {
  it('leaves no value that needs the old key version, each opening to what it was, resumably and idempotently', async () => {
    const full = (await api.deps.personalData.cipherFor(t.id))!;
    const before = await sealedValues(api.db, t.id);
    // Every area holds something sealed (the walk below must meet each).
    for (const place of ['#HOUSEHOLD#', '|READING#', '|ACTION#', '|EPISODE|lastReadingEnc', '|RESULT#', '#PTASK#', '#REGSUB#', '#CHECKIN#', '|CHUNK#']) expect(before.some((v) => v.where.includes(place)), place).toBe(true);
    expect(new Set(before.map((v) => v.ciphertext.split('.')[0]))).toEqual(new Set(['k1']));
    const plaintext = new Map(before.map((v) => [v.where, full.decrypt(v.ciphertext, v.context)]));

    await call('POST', '/api/residents/data-key/rotate', t.tokens.admin);
    api.clock.advance(CACHE_MS + 60_000);
    const only2 = (await api.deps.personalData.cipherFor(t.id, { onlyVersions: [2] }))!;
    expect(() => before.map((v) => only2.decrypt(v.ciphertext, v.context))).toThrow();

    // Killed half-way: three pages (the import's chunk, into the people), then the job sent by the route finishes.
    const residents = tenantData(api.db, t.id, { personalData: api.deps.personalData }).residents;
    // Bounded per invocation: out of time at once, it saves its start and stops.
    expect(await residents.reseal.run(() => api.clock.now(), { stopAt: Date.now() })).toMatchObject({ version: 2, status: 'running', at: 0, checked: 0 });
    const half = await residents.reseal.run(() => api.clock.now(), { pageSize: 1, maxPages: 3 });
    expect(half).toMatchObject({ version: 2, status: 'running' });
    expect(half!.cursor ?? half!.at).toBeTruthy();
    await call('POST', '/api/residents/data-key/reseal', t.tokens.admin);
    await api.jobs.idle();
    const done = (await call('GET', '/api/residents/data-key', t.tokens.admin)).reseal;
    const items = new Set(before.map((v) => v.where.split('|').slice(0, 2).join('|')));
    expect(done).toMatchObject({ version: 2, status: 'done', resealed: items.size, missed: 0 });
    for (const area of ['persons', 'monitoring', 'testing', 'pushed-lists', 'self-registration', 'check-ins', 'resident-imports']) expect(done.areas[area]?.resealed, area).toBeGreaterThan(0);

    const after = await sealedValues(api.db, t.id);
    expect(after.map((v) => v.where)).toEqual(before.map((v) => v.where));
    for (const v of after) {
      expect(v.ciphertext.startsWith('k2.'), v.where).toBe(true);
      expect(only2.decrypt(v.ciphertext, v.context), v.where).toBe(plaintext.get(v.where));
    }

    // Run twice: nothing is written again.
    const again = await residents.reseal.run(() => api.clock.now());
    expect(again).toMatchObject({ status: 'done', resealed: done.resealed });
    expect(await sealedValues(api.db, t.id)).toEqual(after);
    // And the screens still read them: a reading's health data, unmasked through the one route.
    const file = await call('GET', `/api/monitoring/episodes/${episodeId}`, t.tokens.admin);
    expect(file.readings[0]).toMatchObject({ temperature: 38.2, symptomNote: '夜间咳嗽' });
  });
});
