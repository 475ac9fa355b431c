/**
 * A lab file through the import job over DynamoDB Local: a run killed half-way (its file stream
 * breaks after some batches, and one row of the next batch had landed before the crash) is finished
 * by starting the import again — every row counted once, the coverage counters and the positive
 * alerts exactly those of one clean run, the errors by line without an ID number — and, left so,
 * resumed by the dispatcher (found on the open-imports index), run once however often it is sent,
 * given up after three resumes that died at the same line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { gridRepository } from '../../shared/data/grids';
import { residentsRepository } from '../../shared/data/residents';
import { rulesRepository } from '../../shared/data/rules';
import { labHeader, labRow, type LabRow } from '../../shared/domain/testing/lab-file';
import { personCode } from '../../shared/domain/testing/record';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tenantKeys } from '../../shared/data/keys';
import { dispatchDueJobs } from '../../shared/scheduling/dispatch';
import type { Job, LabImportJob } from '../../shared/scheduling/jobs';
import { runLabImportJob } from '../../shared/scheduling/lab-import-job';
import { type Api, testApi } from '../support/api';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { createRound, importLabFile } from '../support/testing';

const PEOPLE = 12;
let api: Api;
let t: TestTenant;
let round: { id: string };
const codes: string[] = [];
const idNumbers: string[] = [];

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T02:00:00Z' });
  t = await createTestTenant(api, 'li');
  round = await createRound(api, t.tokens.admin);
  for (let i = 0; i < PEOPLE; i++) {
    const h = await registerHousehold(api, t.tokens.admin, i % 2 ? t.grids.northGroup1 : t.grids.southVillage);
    const idNumber = residentId(`4101841980010${String(1000 + i).slice(-4)}`);
    const res = await api.call('POST', `/api/residents/households/${h.id}/persons`, { token: t.tokens.admin, body: personBody({ name: `检测人${i}`, idNumber }) });
    if (res.status !== 201) throw new Error(`person: ${res.status}`);
    codes.push(personCode(h.id, res.body.id));
    idNumbers.push(idNumber);
  }
}, 180_000);

/** A lab file announced and uploaded (not started): its import's id. */
async function uploaded(csv: string): Promise<string> {
  const size = new TextEncoder().encode(csv).length;
  const announced = await api.call('POST', '/api/testing/lab-imports', { token: t.tokens.supervisor, body: { roundId: round.id, size } });
  const { upload } = announced.body;
  await api.call(upload.method, upload.url, { token: t.tokens.supervisor, body: csv, headers: upload.headers });
  return announced.body.import.id;
}

/**
 * Queued by hand (as the start route does), then runs that each stop after one batch of 2 rows (a time
 * budget of 0), ten of them: left as a worker that died leaves it, running, its last batch (line 21) marked.
 */
async function killedHalfWay(id: string) {
  const testing = residentsRepository(api.db, t.id, gridRepository(api.db, t.id), rulesRepository(api.db, t.id), api.deps.personalData).testing;
  await testing.labImports.markQueued(id, api.clock.now());
  const job = { kind: 'lab-import', tenantId: t.id, importId: id } as const;
  for (let i = 0; i < 10; i++) expect(await runLabImportJob(api.db, job, api.clock, api.deps.importFiles, api.deps.personalData, { batchRows: 2, timeBudgetMs: 0 })).toMatchObject({ status: 'partial', rows: 2 });
  return testing;
}

/** 60 samples (each person five times), 2 positive, and a bad line 7: long enough that the kill comes half-way. */
function sixtySamples(prefix: string): string {
  const rows = Array.from({ length: 60 }, (_, i) => `${prefix}-${i},${i % 3 ? codes[i % PEOPLE] : idNumbers[i % PEOPLE]},${i === 2 || i === 40 ? '阳性' : '阴性'}`);
  rows.splice(5, 0, `${prefix}-y,nobody,阴性`);
  return ['样本编号,身份证号或人员码,结果', ...rows].join('\n');
}

describe('a lab file through the import job', () => {
  it('stores a file in batches, names bad lines without the number, and the same file again changes nothing', async () => {
    const rows = codes.map((code, i) => `S-${i},${i % 3 ? code : idNumbers[i]},${i === 4 || i === 9 ? '阳性' : '阴性'}`);
    rows.splice(6, 0, `S-x,${residentId('41018419990909999')},阴性`, 'S-y,nobody,阴性');
    const csv = ['样本编号,身份证号或人员码,结果', ...rows].join('\n');
    const first = (await importLabFile(api, t.tokens.supervisor, round.id, csv)).body;
    expect(first).toMatchObject({ status: 'done', total: 14, stored: 12, unchanged: 0, invalid: 2, positives: 2, linesDone: 15 });
    expect(first.errors.map((e: any) => e.line)).toEqual([8, 9]);
    expect(JSON.stringify(first)).not.toContain('41018419990909999');
    const again = (await importLabFile(api, t.tokens.supervisor, round.id, csv)).body;
    expect(again).toMatchObject({ status: 'done', stored: 0, unchanged: 12, positives: 2 });
    expect((await api.call('GET', '/api/testing/alerts', { token: t.tokens.supervisor })).body.items).toHaveLength(2);
  }, 120_000);

  it('goes on after the last batch done when its worker died, and nothing counts twice', async () => {
    const csv = sixtySamples('K');
    const id = await uploaded(csv);
    const before = (await api.call('GET', `/api/testing/rounds/${round.id}/coverage`, { token: t.tokens.admin })).body.total;
    const alertsBefore = (await api.call('GET', '/api/testing/alerts', { token: t.tokens.supervisor })).body.items.length;
    const testing = await killedHalfWay(id);
    expect((await api.call('GET', `/api/testing/lab-imports/${id}`, { token: t.tokens.supervisor })).body).toMatchObject({ status: 'running', linesDone: 21, stored: 19, invalid: 1 });
    // No sign of life for over two minutes: shown as stopped.
    api.clock.advance(3 * 60_000);
    const killed = (await api.call('GET', `/api/testing/lab-imports/${id}`, { token: t.tokens.supervisor })).body;
    expect(killed).toMatchObject({ status: 'stopped', total: 61, linesDone: 21 });
    // One row of the next batch had landed before the crash: the run again finds it stored by this import.
    const [head, ...lines] = csv.split('\n');
    const header = labHeader(head.split(',')) as Exclude<ReturnType<typeof labHeader>, { missing: string[] }>;
    const next = labRow(header, killed.linesDone + 1, lines[killed.linesDone - 1].split(',')) as LabRow;
    expect(await testing.results.store(await testing.rounds.get(round.id), next, api.clock.now(), id)).toBe('stored');

    const again = await api.call('POST', `/api/testing/lab-imports/${id}/start`, { token: t.tokens.supervisor });
    expect(again.status).toBe(202);
    await api.jobs.idle();
    const done = (await api.call('GET', `/api/testing/lab-imports/${id}`, { token: t.tokens.supervisor })).body;
    expect(done).toMatchObject({ status: 'done', total: 61, stored: 60, unchanged: 0, invalid: 1, positives: 2, linesDone: 62, processed: 60 });
    expect(done.errors).toEqual([expect.objectContaining({ line: 7, field: 'who' })]);
    expect(JSON.stringify(done)).not.toContain(idNumbers[0]);
    const after = (await api.call('GET', `/api/testing/rounds/${round.id}/coverage`, { token: t.tokens.admin })).body.total;
    expect(after.results - before.results).toBe(60);
    expect(after.positive - before.positive).toBe(2);
    expect((await api.call('GET', '/api/testing/alerts', { token: t.tokens.supervisor })).body.items).toHaveLength(alertsBefore + 2);
    // The file is gone with its ID numbers.
    expect(await api.deps.importFiles.size({ tenantId: t.id, importId: id })).toBeUndefined();
  }, 120_000);

  it('is resumed by the dispatcher when its worker died: finished with exact counts, the dispatch twice sending it twice and running it once', async () => {
    const id = await uploaded(sixtySamples('D'));
    const before = (await api.call('GET', `/api/testing/rounds/${round.id}/coverage`, { token: t.tokens.admin })).body.total;
    const alertsBefore = (await api.call('GET', '/api/testing/alerts', { token: t.tokens.supervisor })).body.items.length;
    await killedHalfWay(id);
    // Alive a minute later: nothing to resume.
    api.clock.advance(60_000);
    expect(await labJobsDispatched()).toEqual([]);
    api.clock.advance(2 * 60_000);
    // Two ticks before any job runs (a slow queue): the same resume twice.
    const sent = [...(await labJobsDispatched()), ...(await labJobsDispatched())];
    expect(sent).toEqual([resumeOf(id), resumeOf(id)]);
    const runs = await Promise.all(sent.map((job) => runLabImportJob(api.db, job, api.clock, api.deps.importFiles, api.deps.personalData)));
    // One goes on (the 41 rows left); the other finds it taken (or already done).
    expect(runs.filter((r) => r.status === 'done')).toEqual([{ status: 'done', rows: 41 }]);
    expect(runs.filter((r) => r.status !== 'done').map((r) => r.status)).toEqual([expect.stringMatching(/^(alive|already-done)$/)]);
    const done = (await api.call('GET', `/api/testing/lab-imports/${id}`, { token: t.tokens.supervisor })).body;
    expect(done).toMatchObject({ status: 'done', total: 61, stored: 60, unchanged: 0, invalid: 1, positives: 2, linesDone: 62, autoResumes: 1, resumedAtLine: 21 });
    const after = (await api.call('GET', `/api/testing/rounds/${round.id}/coverage`, { token: t.tokens.admin })).body.total;
    expect(after.results - before.results).toBe(60);
    expect(after.positive - before.positive).toBe(2);
    expect((await api.call('GET', '/api/testing/alerts', { token: t.tokens.supervisor })).body.items).toHaveLength(alertsBefore + 2);
    // Done: off the watch, whatever the clock.
    api.clock.advance(10 * 60_000);
    expect(await labJobsDispatched()).toEqual([]);
    // A resume that arrives late changes nothing.
    expect(await runLabImportJob(api.db, resumeOf(id), api.clock, api.deps.importFiles, api.deps.personalData)).toMatchObject({ status: 'already-done', rows: 0 });
  }, 180_000);

  it('gives up after three resumes that died at the same line: failed, saying so, for a person to start', async () => {
    const id = await uploaded(sixtySamples('G'));
    await killedHalfWay(id);
    await api.db.doc.send(new UpdateCommand({ TableName: api.db.table, Key: tenantKeys(t.id).labImport(id), UpdateExpression: 'SET autoResumes = :n, resumedAtLine = :line', ExpressionAttributeValues: { ':n': 3, ':line': 21 } }));
    api.clock.advance(3 * 60_000);
    const sent = await labJobsDispatched();
    expect(sent).toEqual([resumeOf(id)]);
    expect(await runLabImportJob(api.db, sent[0], api.clock, api.deps.importFiles, api.deps.personalData)).toMatchObject({ status: 'refused', rows: 0 });
    const failed = (await api.call('GET', `/api/testing/lab-imports/${id}`, { token: t.tokens.supervisor })).body;
    expect(failed).toMatchObject({ status: 'failed', linesDone: 21, failureZh: expect.stringContaining('已自动继续 3 次') });
    api.clock.advance(3 * 60_000);
    expect(await labJobsDispatched()).toEqual([]);
    // 重新开始 finishes it, counting each row once.
    expect((await api.call('POST', `/api/testing/lab-imports/${id}/start`, { token: t.tokens.supervisor })).status).toBe(202);
    await api.jobs.idle();
    expect((await api.call('GET', `/api/testing/lab-imports/${id}`, { token: t.tokens.supervisor })).body).toMatchObject({ status: 'done', stored: 60, invalid: 1, linesDone: 62 });
  }, 180_000);
});

const resumeOf = (importId: string) => ({ kind: 'lab-import', tenantId: t.id, importId, resume: true }) as const;

/** One dispatcher tick at the test clock: the lab-import jobs it sent for this tenant. */
async function labJobsDispatched(): Promise<LabImportJob[]> {
  const sent: Job[] = [];
  await dispatchDueJobs(api.db, { send: async (jobs) => void sent.push(...jobs) }, api.clock.now());
  return sent.filter((j): j is LabImportJob => j.kind === 'lab-import' && j.tenantId === t.id);
}
