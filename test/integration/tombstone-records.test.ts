/**
 * A tombstone reduces the person's other records too, over DynamoDB Local: a resident who registered
 * through the public form, was under home observation with a reading, was sampled (a positive lab result, its alert), checked in at a venue with
 * their phone and was named by a pushed list is deleted on request — then no sealed value of the
 * tenant opens to their name, number or phone, no masked name of theirs is left on a record, and every
 * counter (coverage, check-ins, form figures, the list's progress) reads as before. Run again, the
 * retention job changes nothing; a person who moved out long ago is reduced the same way by it.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { getItem, getRaw } from '../../shared/data/write';
import { gridRepository } from '../../shared/data/grids';
import { rulesRepository } from '../../shared/data/rules';
import { residentsContext } from '../../shared/data/residents/context';
import type { StoredPerson } from '../../shared/data/residents/stored';
import { tombstoneRecords } from '../../shared/data/residents/tombstone-records';
import { queryAll } from '../../shared/data/db';
import { tenantKeys } from '../../shared/data/keys';
import { positiveAlertId } from '../../shared/domain/testing/alert';
import { venueCodeToken } from '../../shared/domain/venues/venue-code';
import { runRetentionJob } from '../../shared/scheduling/retention-job';
import { type Api, testApi } from '../support/api';
import { createVenue } from '../support/field';
import { PUSHED_HEADER, uploadPushedList } from '../support/pushed-lists';
import { readingBody } from '../support/monitoring';
import { residentId } from '../support/residents';
import { sealedValues } from '../support/sealed';
import { makeRegistrationCode, registrationForm } from '../support/self-registration';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { createRound, importLabFile, recordBody } from '../support/testing';

let api: Api;
let t: TestTenant;
let roundNumber = 100;
const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
  const res = await api.call(method, path, { token, body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** A resident with a record in every place a tombstone reaches; the figures that count them. */
async function residentEverywhere(name: string, idNumber: string, phone: string) {
  const admin = t.tokens.admin;
  const code = await makeRegistrationCode(api, admin, { gridId: t.grids.northGroup1 });
  const form = registrationForm(code.token, { name, idNumber, phone, householdNumber: `TS-${ulid()}` });
  await call('POST', '/api/public/registrations', undefined, form);
  const person = { personId: ulid(), householdId: ulid() };
  await call('POST', `/api/self-registration/submissions/${form.id}/decision`, admin, { action: 'confirm', version: 1, personId: person.personId, newHouseholdId: person.householdId, relationship: 'householder' });
  // Under home observation for a while, with a reading (health data).
  const episode = await call('POST', '/api/monitoring/episodes', admin, { id: ulid(), ...person, type: 'home-observation', reason: 'contact' });
  await call('POST', '/api/monitoring/readings', admin, readingBody(episode.id, '2026-11-25T01:00:00Z', 36.6, { symptomNote: `${name}说头疼` }));
  const round = await createRound(api, admin, { number: ++roundNumber });
  const sample = `TS${ulid().slice(-8)}`;
  await call('POST', '/api/testing/records', admin, recordBody(round.id, { householdId: person.householdId, personId: person.personId }, { sampleId: sample }));
  const lab = await importLabFile(api, admin, round.id, `样本编号,身份证号或人员码,结果\n${sample},${idNumber},阳性\n`);
  expect(lab.body).toMatchObject({ stored: 1, positives: 1 });
  const venue = await createVenue(api, t, { name: `${name}常去的超市` });
  await call('POST', '/api/public/check-ins', undefined, { code: venueCodeToken(await api.deps.venueCodeKeys(), t.id, venue.id, venue.codeVersion), id: ulid(api.clock.now().getTime()), phone });
  const list = await uploadPushedList(api, admin, [PUSHED_HEADER, `${name},${idNumber},${phone},幸福小区3栋,某市,2026-11-24,省大数据局,高`].join('\n'), `推送${name}`);
  const figures = async () => ({
    coverage: (await call('GET', `/api/testing/rounds/${round.id}/coverage`, admin)).total,
    checkIns: (await call('GET', `/api/check-ins/venues/${venue.id}`, admin)).days,
    forms: await call('GET', '/api/self-registration/figures?date=2026-11-25', admin),
    list: (await call('GET', `/api/pushed-lists/${list.id}`, admin)).progress,
  });
  return { ...person, form, round, sample, venue, list, figures };
}

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'tr');
}, 60_000);

describe("a tombstone reduces the person's other records", () => {
  it('on request: testing, check-ins by phone, the form, the pushed-list task; counters unchanged; no sealed value of theirs left', async () => {
    const who = { name: '删除甲', idNumber: residentId('41018419820607001'), phone: '13900007777' };
    const r = await residentEverywhere(who.name, who.idNumber, who.phone);
    const keys = tenantKeys(t.id);
    const cipher = (await api.deps.personalData.cipherFor(t.id))!;
    const opened = async () => (await sealedValues(api.db, t.id)).map((v) => cipher.decrypt(v.ciphertext, v.context));
    // Before: their values are there (the checks below can fail).
    expect((await opened()).filter((p) => p.includes(who.name) || p.includes(who.idNumber) || p.includes(who.phone)).length).toBeGreaterThan(3);
    const tasks = await queryAll<{ id: string; match: { personId?: string } }>(api.db, keys.pushedListTasks(r.list.id));
    expect(tasks[0].match.personId).toBe(r.personId);
    const before = await r.figures();

    await call('POST', `/api/residents/households/${r.householdId}/persons/${r.personId}/tombstone`, t.tokens.admin, { reason: '本人书面申请删除' });

    expect((await opened()).filter((p) => p.includes(who.name) || p.includes(who.idNumber) || p.includes(who.phone))).toEqual([]);
    const partition = await queryAll<Record<string, any>>(api.db, keys.testPersonRound(r.round.id, r.personId));
    expect(partition.find((i) => i.id)?.nameMasked).toBe('—');
    expect(partition.find((i) => i.sampleId && i.importedAt)).not.toHaveProperty('resultEnc');
    expect(await getRaw(api.db, keys.testAlert(positiveAlertId(r.round.id, r.sample)))).toMatchObject({ nameMasked: '—' });
    expect(await queryAll(api.db, keys.checkInsOfVisitor(cipher.blind('phone', who.phone)))).toEqual([]);
    expect(await getRaw(api.db, keys.submission(r.form.id))).toBeUndefined();
    const task = await getRaw(api.db, keys.pushedTask(tasks[0].id));
    expect(task).toMatchObject({ nameMasked: '—', version: 2 });
    for (const attr of ['nameEnc', 'idNumberEnc', 'idNumberMasked', 'phoneEnc', 'phoneMasked', 'addressEnc']) expect(task, attr).not.toHaveProperty(attr);
    // The figures the district needs are as they were.
    expect(await r.figures()).toEqual(before);

    // Run again (the retention job meets nothing to do; a resent request answers the tombstone).
    await call('POST', `/api/residents/households/${r.householdId}/persons/${r.personId}/tombstone`, t.tokens.admin, { reason: '本人书面申请删除' });
    expect(await getRaw(api.db, keys.pushedTask(tasks[0].id))).toMatchObject({ version: 2 });
    expect(await r.figures()).toEqual(before);
  }, 120_000);

  it('by the retention job: a person who moved out longer ago than the rule, the same reduction, once', async () => {
    const who = { name: '迁出乙', idNumber: residentId('41018419830708002'), phone: '13900008888' };
    const r = await residentEverywhere(who.name, who.idNumber, who.phone);
    const keys = tenantKeys(t.id);
    // The task is linked by its outcome too (已找到): that writes the person's link even without the intake's.
    const [task] = await queryAll<{ id: string; version: number }>(api.db, keys.pushedListTasks(r.list.id));
    await api.db.doc.send(new DeleteCommand({ TableName: api.db.table, Key: keys.personTaskLink(r.personId, task.id) }));
    await call('POST', `/api/pushed-tasks/${task.id}/outcome`, t.tokens.admin, { version: task.version, outcome: 'found', found: { link: { householdId: r.householdId, personId: r.personId } } });
    expect(await getRaw(api.db, keys.personTaskLink(r.personId, task.id))).toMatchObject({ taskId: task.id });
    const person = (await call('GET', `/api/residents/households/${r.householdId}`, t.tokens.admin)).members[0];
    await call('POST', `/api/residents/households/${r.householdId}/persons/${r.personId}/end`, t.tokens.admin, { version: person.version, reason: 'moved-out', endedOn: '2026-11-24' });
    const before = await r.figures();
    expect(await runRetentionJob(api.db, t.id, '2027-12-01', api.clock)).toMatchObject({ tombstoned: 1 });
    const cipher = (await api.deps.personalData.cipherFor(t.id))!;
    const left = (await sealedValues(api.db, t.id)).map((v) => cipher.decrypt(v.ciphertext, v.context));
    expect(left.filter((p) => p.includes(who.name) || p.includes(who.idNumber) || p.includes(who.phone))).toEqual([]);
    expect(await getRaw(api.db, keys.testAlert(positiveAlertId(r.round.id, r.sample)))).toMatchObject({ nameMasked: '—' });
    expect(await getRaw(api.db, keys.submission(r.form.id))).toBeUndefined();
    expect(await getRaw(api.db, keys.pushedTask(task.id))).toMatchObject({ nameMasked: '—', status: 'verified', outcome: 'found' });
    expect(await r.figures()).toEqual(before);
    expect(await runRetentionJob(api.db, t.id, '2027-12-01', api.clock)).toMatchObject({ tombstoned: 0 });
  }, 120_000);

  it('is resumable: records reduced by a run that stopped before the person was written are found reduced by the next, which changes nothing more', async () => {
    const who = { name: '中断丙', idNumber: residentId('41018419840809003'), phone: '13900009999' };
    const r = await residentEverywhere(who.name, who.idNumber, who.phone);
    const ctx = residentsContext(api.db, t.id, gridRepository(api.db, t.id), rulesRepository(api.db, t.id), api.deps.personalData);
    const person = (await getItem<StoredPerson>(api.db, tenantKeys(t.id).person(r.householdId, r.personId), true))!;
    // The first run stops after the other records (the person's own transaction never ran).
    const first = await tombstoneRecords(ctx).reduce(person, api.clock.now());
    expect(first).toMatchObject({ testRecords: 1, testResults: 1, checkIns: 1, submissions: 1, tasks: 1 });
    expect((await getItem<StoredPerson>(api.db, tenantKeys(t.id).person(r.householdId, r.personId), true))!.status).toBe('active');
    // Run again: nothing left to reduce; the request then writes the tombstone.
    expect(await tombstoneRecords(ctx).reduce(person, api.clock.now())).toEqual({ testRecords: 0, testResults: 0, checkIns: 0, submissions: 0, tasks: 0 });
    const before = await r.figures();
    await call('POST', `/api/residents/households/${r.householdId}/persons/${r.personId}/tombstone`, t.tokens.admin, { reason: '本人书面申请删除' });
    expect(await r.figures()).toEqual(before);
  }, 120_000);
});
