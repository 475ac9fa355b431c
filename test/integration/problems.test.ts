/**
 * The enforcement ladder end to end over DynamoDB Local: problems (notice → rectification →
 * re-check → closed / back to open, reopen), concurrency, scope, the ledger and its exports,
 * black cards, suspensions, closure notices, bulletins and the scheduled escalation.
 */
import { inflateRawSync } from 'node:zlib';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantKeys } from '../../shared/data/keys';
import { tenantData } from '../../shared/data/tenant-data';
import { escalate } from '../../shared/scheduling/escalate';
import { type Api, testApi } from '../support/api';
import { checklistFor, createVenue, inspectionBody } from '../support/field';
import { createTestTenant, type TestTenant } from '../support/tenant';

let api: Api;
let t: TestTenant;
const NOW = '2026-11-25T02:00:00Z'; // 10:00 in Shanghai, 2026-11-25

beforeAll(async () => {
  api = await testApi({ now: NOW });
  t = await createTestTenant(api, 'prob');
});

type Token = keyof TestTenant['tokens'];
/** Tokens are signed at the current (moving) clock, so they never expire under a test. */
async function tokenOf(as: Token): Promise<string> {
  const profiles: Record<Token, { roles: ('tenant-admin' | 'supervisor' | 'inspector' | 'industry-authority')[]; gridIds: string[]; venueKinds: string[] }> = {
    admin: { roles: ['tenant-admin'], gridIds: [], venueKinds: [] },
    supervisor: { roles: ['supervisor'], gridIds: [], venueKinds: [] },
    northSupervisor: { roles: ['supervisor'], gridIds: [t.grids.north], venueKinds: [] },
    inspector: { roles: ['inspector'], gridIds: [t.grids.northGroup1], venueKinds: [] },
    industry: { roles: ['industry-authority'], gridIds: [], venueKinds: ['shop'] },
  };
  return api.tokenFor({ userId: t.users[as], tenantId: t.id, ...profiles[as] });
}
const call = async (method: string, path: string, as: Token, body?: unknown) => api.call(method, path, { token: await tokenOf(as), body });

/** A venue with one open problem (masks, major: deadline today + 3). */
async function openProblem(overrides: Record<string, unknown> = {}, options: { fail?: string[]; at?: Date; as?: Token } = {}) {
  const venue = await createVenue(api, t, overrides);
  const checklist = await checklistFor(api, t.tokens.admin, venue.kind);
  const res = await call('POST', '/api/inspections', options.as ?? 'inspector', inspectionBody(venue.id, checklist, { fail: options.fail ?? ['masks'], at: options.at }));
  if (res.status !== 201) throw new Error(`inspection not stored: ${JSON.stringify(res.body)}`);
  return { venue, checklist, problem: res.body.problems[0] as { id: string; version: number; deadline: string }, inspection: res.body.inspection };
}

const venueOf = async (id: string) => (await call('GET', `/api/venues/${id}`, 'admin')).body;

async function inspect(venueId: string, checklist: { version: number; items: { code: string }[] }, fail: string[], at: string, as: Token = 'inspector') {
  const res = await call('POST', '/api/inspections', as, inspectionBody(venueId, checklist, { fail, at: new Date(at) }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** RFC 4180 CSV (quotes, CRLF), without the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** The files of a zip, from its central directory. */
function unzip(buf: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    expect(buf.readUInt32LE(at)).toBe(0x02014b50);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + compressed);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

async function download(path: string, as: Token): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await api.app.request(path, { headers: { authorization: `Bearer ${await tokenOf(as)}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('the rectification ladder', () => {
  it('goes open → notice → rectification → re-check passed → closed, with history, counters and a follow-up', async () => {
    api.clock.set(NOW);
    const { venue, problem } = await openProblem();
    expect(problem).toMatchObject({ deadline: '2026-11-28', version: 1 });
    expect((await venueOf(venue.id)).openProblems).toBe(1);

    const notice = await call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 1, requirements: '立即为员工配发口罩' });
    expect(notice.status, JSON.stringify(notice.body)).toBe(200);
    expect(notice.body.problem).toMatchObject({ status: 'notice-issued', version: 2, deadline: '2026-11-28', notice: { deadline: '2026-11-28', issuedBy: t.users.inspector } });
    expect(notice.body.problem.notice.number).toMatch(/^2026-第\d+号$/);
    expect(notice.body.event).toMatchObject({ type: 'notice-issued', from: 'open', to: 'notice-issued', by: t.users.inspector });

    const page = await api.app.request(`/api/problems/${problem.id}/notice.html`, { headers: { authorization: `Bearer ${await tokenOf('supervisor')}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    // A static page: a strict policy, and nothing in it that the policy would block.
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    const html = await page.text();
    expect(html).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
    for (const text of ['整改通知书', notice.body.problem.notice.number, '好又多超市', '北村一组 8 号', '佩戴口罩', '2026年11月28日', '立即为员工配发口罩', '检查人员（签字）', '场所负责人（签字）', '测试镇']) {
      expect(html).toContain(text);
    }

    api.clock.set('2026-11-26T03:00:00Z');
    const rectified = await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', { version: 2, note: '已配发口罩并张贴提示' });
    expect(rectified.status).toBe(200);
    expect(rectified.body.problem).toMatchObject({ status: 'rectification-reported', rectification: { note: '已配发口罩并张贴提示' } });

    const rechecked = await call('POST', `/api/problems/${problem.id}/recheck`, 'supervisor', { version: 3, passed: true, note: '复查合格' });
    expect(rechecked.status).toBe(200);
    expect(rechecked.body.problem).toMatchObject({ status: 'closed', closedBy: t.users.supervisor, followUpDue: '2026-12-03', overdue: false });
    expect(await venueOf(venue.id)).toMatchObject({ openProblems: 0, followUpDue: '2026-12-03', lastRecheckPassedAt: '2026-11-26T03:00:00.000Z' });

    const detail = await call('GET', `/api/problems/${problem.id}`, 'inspector');
    expect(detail.status).toBe(200);
    expect(detail.body.history.map((e: { type: string }) => e.type)).toEqual(['opened', 'notice-issued', 'rectification-reported', 'recheck-passed']);
    expect(detail.body.history[0]).toMatchObject({ by: t.users.inspector, inspectionId: problem.id.split('-')[0] });
    expect(detail.body.history[3]).toMatchObject({ by: t.users.supervisor, note: '复查合格', at: '2026-11-26T03:00:00.000Z', version: 4 });

    const venueProblems = await call('GET', `/api/venues/${venue.id}/problems`, 'inspector');
    expect(venueProblems.body.items.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([[problem.id, 'closed']]);
  });

  it('refuses illegal transitions with 409 and a reason, and a stale version with 409 and the current version', async () => {
    api.clock.set(NOW);
    const { problem } = await openProblem();
    const early = await call('POST', `/api/problems/${problem.id}/recheck`, 'supervisor', { version: 1, passed: true, note: '直接销号' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'illegal_transition', status: 'open', action: 'recheck' });
    expect(early.body.message).toContain('cannot be closed without a passed re-check');
    expect((await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', { version: 1, note: 'x' })).body.error).toBe('illegal_transition');
    expect((await call('POST', `/api/problems/${problem.id}/reopen`, 'inspector', { version: 1, reason: 'x' })).body.error).toBe('illegal_transition');
    await call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 1 });
    // Someone else acting on what they saw at version 1 is stale.
    const stale = await call('POST', `/api/problems/${problem.id}/notice`, 'supervisor', { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    const twice = await call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 2 });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('already been issued');
    // Validation: a deadline in the past, a body with both kinds of re-check.
    const { problem: other } = await openProblem();
    expect((await call('POST', `/api/problems/${other.id}/notice`, 'inspector', { version: 1, deadline: '2026-11-01' })).status).toBe(400);
    expect((await call('POST', `/api/problems/${other.id}/recheck`, 'inspector', { version: 1, passed: true, note: 'x', inspectionId: ulid() })).status).toBe(400);
  });

  it('answers a resent step (the phone lost the answer) with the problem as it is, once, and a changed one as stale', async () => {
    api.clock.set(NOW);
    const { problem } = await openProblem();
    await call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 1, requirements: '全员佩戴口罩' });
    expect((await call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 1, requirements: '全员佩戴口罩' })).status).toBe(200);
    const body = { version: 2, note: '已配发口罩并张贴提示' };
    const first = await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', body);
    expect(first.status).toBe(200);
    const again = await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', body);
    expect(again.status).toBe(200);
    expect(again.body.problem).toMatchObject({ status: 'rectification-reported', version: 3 });
    expect(again.body.event.id).toBe(first.body.event.id);
    // Another note under the same version, or the same note from someone else, is not a resend.
    const changed = await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', { version: 2, note: '另一说明' });
    expect(changed).toMatchObject({ status: 409, body: { currentVersion: 3 } });
    expect((await call('POST', `/api/problems/${problem.id}/rectification`, 'supervisor', body)).status).toBe(409);
    const detail = (await call('GET', `/api/problems/${problem.id}`, 'admin')).body;
    expect(detail.history.map((e: { type: string }) => e.type)).toEqual(['opened', 'notice-issued', 'rectification-reported']);
  });

  it('re-checks by a linked inspection: failed → open with an escalation and a new deadline; passed → closed; bad links are 400', async () => {
    api.clock.set(NOW);
    const { venue, checklist, problem, inspection } = await openProblem();
    await call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 1 });
    await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', { version: 2, note: '已整改' });

    const elsewhere = await openProblem();
    expect((await call('POST', `/api/problems/${problem.id}/recheck`, 'inspector', { version: 3, inspectionId: elsewhere.inspection.id })).body.message).toContain('another venue');
    expect((await call('POST', `/api/problems/${problem.id}/recheck`, 'inspector', { version: 3, inspectionId: inspection.id })).body.message).toContain('found the problem');
    expect((await call('POST', `/api/problems/${problem.id}/recheck`, 'inspector', { version: 3, inspectionId: ulid() })).status).toBe(400);

    // The next inspection of the venue is the re-check (复查): it fails the item, so the problem goes back.
    api.clock.set('2026-11-26T02:00:00Z');
    const failing = await inspect(venue.id, checklist, ['masks'], '2026-11-26T01:50:00Z');
    const failed = failing.rechecked.find((p: { id: string }) => p.id === problem.id);
    expect(failed).toMatchObject({ status: 'open', escalations: 1, deadline: '2026-11-29', recheck: { passed: false, inspectionId: failing.inspection.id } });
    expect(failing.problems).toEqual([]);
    // Asked for by hand as well, it is no longer awaiting a re-check.
    expect((await call('POST', `/api/problems/${problem.id}/recheck`, 'inspector', { version: 4, inspectionId: failing.inspection.id })).status).toBe(409);

    // Round two: notice, rectification, a passing re-check inspection closes it.
    await call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 4 });
    await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', { version: 5, note: '再次整改' });
    const before = (await venueOf(venue.id)).openProblems;
    api.clock.set('2026-11-27T02:00:00Z');
    const passing = await inspect(venue.id, checklist, [], '2026-11-27T01:50:00Z');
    expect(passing.rechecked.find((p: { id: string }) => p.id === problem.id)).toMatchObject({ status: 'closed', escalations: 1, followUpDue: '2026-12-04' });
    expect((await venueOf(venue.id)).openProblems).toBe(before - 1); // the failing inspection opened no second problem for masks

    // The follow-up (回头看) finds it again: reopen counts it on the venue again.
    const reopened = await call('POST', `/api/problems/${problem.id}/reopen`, 'supervisor', { version: 7, reason: '回头看发现未佩戴口罩' });
    expect(reopened.body.problem).toMatchObject({ status: 'open', escalations: 2 });
    expect((await venueOf(venue.id)).openProblems).toBe(before);
    const history = (await call('GET', `/api/problems/${problem.id}`, 'admin')).body.history.map((e: { type: string }) => e.type);
    expect(history).toEqual(['opened', 'notice-issued', 'rectification-reported', 'recheck-failed', 'notice-issued', 'rectification-reported', 'recheck-passed', 'reopened']);
  });

  it('closes an open problem (待整改) when the next inspection finds the item fixed on site; a repeat failure before any rectification is recorded on it, not opened twice', async () => {
    api.clock.set(NOW);
    const { venue, checklist, problem } = await openProblem();
    api.clock.set('2026-11-25T06:00:00Z');
    const againBody = inspectionBody(venue.id, checklist, { fail: ['masks'], at: new Date('2026-11-25T05:50:00Z') });
    const againRes = await call('POST', '/api/inspections', 'inspector', againBody);
    expect(againRes.status, JSON.stringify(againRes.body)).toBe(201);
    const again = againRes.body;
    expect(again.rechecked).toBeUndefined();
    // No second problem: the failure is recorded on the open one (issue 13: no duplicate problem).
    expect(again.problems).toEqual([]);
    expect(again.inspection).toMatchObject({ problemIds: [], failedAgainProblemIds: [problem.id], failedItems: ['masks'] });
    expect((await call('GET', `/api/problems/${problem.id}`, 'admin')).body.problem).toMatchObject({
      status: 'open',
      version: 2,
      escalations: 0,
      failedAgain: 1,
      lastFailedInspectionId: again.inspection.id,
      deadline: problem.deadline,
    });
    expect((await venueOf(venue.id)).openProblems).toBe(1);
    expect((await call('GET', `/api/venues/${venue.id}/problems`, 'admin')).body.items.map((p: { id: string }) => p.id)).toEqual([problem.id]);
    // A resend of the failing inspection records nothing twice.
    const resentAgain = await call('POST', '/api/inspections', 'inspector', againBody);
    expect(resentAgain.status).toBe(200);
    expect((await call('GET', `/api/problems/${problem.id}`, 'admin')).body.problem).toMatchObject({ version: 2, failedAgain: 1 });

    api.clock.set('2026-11-26T02:00:00Z');
    const fixed = await inspect(venue.id, checklist, [], '2026-11-26T01:50:00Z');
    expect(fixed.rechecked.map((p: { id: string }) => p.id)).toEqual([problem.id]);
    const after = (await call('GET', `/api/problems/${problem.id}`, 'admin')).body;
    expect(after.problem).toMatchObject({ status: 'closed', recheck: { passed: true, inspectionId: fixed.inspection.id }, followUpDue: '2026-12-03' });
    expect(after.history.map((e: { type: string; from: string }) => `${e.type}:${e.from}`)).toEqual(['opened:null', 'failed-again:open', 'recheck-passed:open']);
    expect(after.history[1]).toMatchObject({ inspectionId: again.inspection.id, to: 'open', version: 2 });
    expect((await venueOf(venue.id)).openProblems).toBe(0);
    // A resend of that inspection re-checks nothing twice.
    const resent = await call('POST', '/api/inspections', 'inspector', inspectionBody(venue.id, checklist, { id: fixed.inspection.id, at: new Date('2026-11-26T01:50:00Z') }));
    expect(resent.status).toBe(200);
    expect(resent.body.rechecked).toBeUndefined();
    // Once closed, the item failing again opens a new problem.
    api.clock.set('2026-11-27T02:00:00Z');
    const recurs = await inspect(venue.id, checklist, ['masks'], '2026-11-27T01:50:00Z');
    expect(recurs.problems.map((p: { itemCode: string }) => p.itemCode)).toEqual(['masks']);
    expect(recurs.inspection.failedAgainProblemIds).toBeUndefined();
  });

  it('counts a failure after a reported rectification as a failed re-check of the one problem, and opens none for it', async () => {
    api.clock.set(NOW);
    const { venue, checklist, problem } = await openProblem();
    await call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 1 });
    await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', { version: 2, note: '已整改' });
    api.clock.set('2026-11-25T06:00:00Z');
    // masks fails again (its problem awaits the re-check); temperature fails for the first time.
    const res = await inspect(venue.id, checklist, ['masks', 'temperature'], '2026-11-25T05:50:00Z');
    expect(res.problems.map((p: { itemCode: string }) => p.itemCode)).toEqual(['temperature']);
    expect(res.inspection.failedAgainProblemIds).toEqual([problem.id]);
    expect(res.rechecked.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([[problem.id, 'open']]);
    const detail = (await call('GET', `/api/problems/${problem.id}`, 'admin')).body;
    expect(detail.problem).toMatchObject({ status: 'open', escalations: 1 });
    expect(detail.problem.failedAgain).toBeUndefined();
    expect(detail.history.map((e: { type: string }) => e.type)).toEqual(['opened', 'notice-issued', 'rectification-reported', 'recheck-failed']);
    expect((await venueOf(venue.id)).openProblems).toBe(2);
  });

  it('lets exactly one of two concurrent actions with the same version win', async () => {
    api.clock.set(NOW);
    const { venue, problem } = await openProblem();
    const notices = await Promise.all([
      call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 1 }),
      call('POST', `/api/problems/${problem.id}/notice`, 'supervisor', { version: 1 }),
    ]);
    expect(notices.map((r) => r.status).sort()).toEqual([200, 409]);
    await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', { version: 2, note: '已整改' });
    const rechecks = await Promise.all([
      call('POST', `/api/problems/${problem.id}/recheck`, 'inspector', { version: 3, passed: true, note: '合格' }),
      call('POST', `/api/problems/${problem.id}/recheck`, 'supervisor', { version: 3, passed: false, note: '不合格' }),
      call('POST', `/api/problems/${problem.id}/recheck`, 'admin', { version: 3, passed: true, note: '合格' }),
    ]);
    expect(rechecks.filter((r) => r.status === 200)).toHaveLength(1);
    expect(rechecks.filter((r) => r.status === 409)).toHaveLength(2);
    const detail = (await call('GET', `/api/problems/${problem.id}`, 'admin')).body;
    expect(detail.problem.version).toBe(4);
    expect(detail.history.filter((e: { type: string }) => e.type.startsWith('recheck'))).toHaveLength(1);
    expect(detail.history.filter((e: { type: string }) => e.type === 'notice-issued')).toHaveLength(1);
    const won = rechecks.find((r) => r.status === 200)!.body.problem.status;
    expect((await venueOf(venue.id)).openProblems).toBe(won === 'closed' ? 0 : 1);
  });

  it('numbers concurrent notices of different problems without gaps or repeats', async () => {
    api.clock.set(NOW);
    const opened = await Promise.all([openProblem(), openProblem(), openProblem(), openProblem()]);
    const results = await Promise.all(opened.map(({ problem }) => call('POST', `/api/problems/${problem.id}/notice`, 'supervisor', { version: 1 })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const numbers = results.map((r) => Number(/第(\d+)号/.exec(r.body.problem.notice.number)![1])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(4);
    expect(numbers[3] - numbers[0]).toBe(3);
  });
});

describe('scope and roles', () => {
  it('refuses callers out of scope (403) and industry authorities acting (403); lets them read what they see', async () => {
    api.clock.set(NOW);
    const south = await openProblem({ gridId: t.grids.southVillage, kind: 'shop', name: '南村小卖部' }, { as: 'supervisor' });
    const out = await call('POST', `/api/problems/${south.problem.id}/notice`, 'inspector', { version: 1 });
    expect(out.status).toBe(403);
    expect((await call('POST', `/api/problems/${south.problem.id}/notice`, 'northSupervisor', { version: 1 })).status).toBe(403);
    expect((await call('GET', `/api/problems/${south.problem.id}`, 'inspector')).status).toBe(403);
    expect((await call('POST', `/api/problems/${south.problem.id}/notice`, 'industry', { version: 1 })).status).toBe(403);
    // The industry authority (shop) reads the shop's problem and its ledger.
    expect((await call('GET', `/api/problems/${south.problem.id}`, 'industry')).status).toBe(200);
    const ledger = await call('GET', '/api/problems?limit=200', 'industry');
    expect(ledger.body.items.map((p: { id: string }) => p.id)).toContain(south.problem.id);
    expect(ledger.body.items.every((p: { venueKind: string }) => p.venueKind === 'shop')).toBe(true);
    // Inspectors and north supervisors never see the south in their ledgers.
    for (const who of ['inspector', 'northSupervisor'] as const) {
      const items = (await call('GET', '/api/problems?limit=200', who)).body.items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((p: { gridPath: string }) => p.gridPath.startsWith(`/${t.grids.north}/`))).toBe(true);
    }
    expect((await call('GET', `/api/problems?grid=${t.grids.south}`, 'inspector')).status).toBe(403);
  });

  it('gives another tenant 404 for this tenant’s problem', async () => {
    api.clock.set(NOW);
    const { problem } = await openProblem();
    const other = await createTestTenant(api, 'prob-b');
    const res = await api.call('POST', `/api/problems/${problem.id}/notice`, { token: other.tokens.admin, body: { version: 1 } });
    expect(res.status).toBe(404);
    expect((await api.call('GET', `/api/problems/${problem.id}`, { token: other.tokens.admin })).status).toBe(404);
  });
});

describe('the ledger', () => {
  it('lists open, overdue and closed problems by grid subtree and kind, paged', async () => {
    api.clock.set(NOW);
    const hotel = await openProblem({ kind: 'hotel', gridId: t.grids.northGroup2, name: '北村宾馆' }, { as: 'supervisor' });
    api.clock.set('2026-11-30T02:00:00Z'); // masks' deadline 2026-11-28 has passed
    const overdue = await call('GET', `/api/problems?status=overdue&grid=${t.grids.northGroup2}&limit=200`, 'admin');
    expect(overdue.body.items.map((p: { id: string }) => p.id)).toContain(hotel.problem.id);
    expect(overdue.body.items.every((p: { overdue: boolean }) => p.overdue)).toBe(true);
    const byKind = await call('GET', '/api/problems?status=overdue&kind=hotel', 'supervisor');
    expect(byKind.body.items.map((p: { id: string }) => p.id)).toEqual([hotel.problem.id]);
    expect((await call('GET', '/api/problems?status=overdue&kind=hotel', 'northSupervisor')).body.items.map((p: { id: string }) => p.id)).toEqual([hotel.problem.id]);
    expect((await call('GET', '/api/problems?status=closed&kind=hotel', 'supervisor')).body.items).toEqual([]);
    // Paging: one at a time through every open problem of the tenant, no repeats.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call('GET', `/api/problems?limit=3${cursor ? `&cursor=${cursor}` : ''}`, 'admin');
      seen.push(...res.body.items.map((p: { id: string }) => p.id));
      cursor = res.body.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(hotel.problem.id);
    api.clock.set(NOW);
  });

  it('exports the ledger as CSV and xlsx with Chinese headers, scoped to the caller', async () => {
    api.clock.set(NOW);
    // The finder by display name, and what they noted on the failed item (问题说明).
    const inspector = (await call('GET', `/api/users/${t.users.inspector}`, 'admin')).body;
    expect((await call('PATCH', `/api/users/${t.users.inspector}`, 'admin', { version: inspector.version, displayName: '张网格' })).status).toBe(200);
    const noted = await createVenue(api, t, { name: '逗号,"引号"超市' });
    const checklist = await checklistFor(api, t.tokens.admin, noted.kind);
    const body = inspectionBody(noted.id, checklist, { fail: ['masks'] });
    body.results = body.results.map((r) => (r.itemCode === 'masks' ? { ...r, note: '店员未戴口罩' } : r));
    const problem = (await call('POST', '/api/inspections', 'inspector', body)).body.problems[0] as { id: string };
    const south = await openProblem({ gridId: t.grids.southVillage, name: '=HYPERLINK("x")超市' }, { as: 'supervisor' });

    const csv = await download('/api/problems/export.csv', 'inspector');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const rows = parseCsv(csv.bytes.toString('utf8'));
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(rows[0]).toEqual(['问题编号', '场所名称', '场所类别', '所属网格', '检查项', '问题说明', '严重程度', '状态', '是否逾期', '整改期限', '发现时间', '发现人', '整改通知书编号', '整改上报时间', '复查结果', '销号时间', '回头看日期', '复查不合格次数']);
    const mine = rows.find((r) => r[0] === problem.id)!;
    expect(mine.slice(1, 10)).toEqual(['逗号,"引号"超市', '商超', '北村一组', '佩戴口罩', '店员未戴口罩', '较重', '待整改', '否', '2026-11-28']);
    expect(mine.slice(10, 12)).toEqual(['2026-11-25 10:00', '张网格']);
    expect(rows.some((r) => r[0] === south.problem.id)).toBe(false);
    const ledgerCount = async (who: Token) => {
      let n = 0;
      let cursor: string | undefined;
      do {
        const res = await call('GET', `/api/problems?limit=200${cursor ? `&cursor=${cursor}` : ''}`, who);
        n += res.body.items.length;
        cursor = res.body.cursor;
      } while (cursor);
      return n;
    };
    expect(rows.length - 1).toBe(await ledgerCount('inspector'));
    // Formula-looking text is neutralised for the supervisor who sees the south.
    const all = parseCsv((await download('/api/problems/export.csv', 'supervisor')).bytes.toString('utf8'));
    expect(all.find((r) => r[0] === south.problem.id)?.[1]).toBe(`'=HYPERLINK("x")超市`);

    const xlsx = await download('/api/problems/export.xlsx', 'inspector');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const files = unzip(xlsx.bytes);
    expect([...files.keys()]).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']);
    expect(files.get('xl/workbook.xml')).toContain('name="问题台账"');
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    for (const header of ['问题编号', '场所名称', '整改期限', '整改通知书编号', '回头看日期']) expect(sheet).toContain(`<t xml:space="preserve">${header}</t>`);
    expect(sheet).toContain('逗号,&quot;引号&quot;超市');
    expect(sheet).not.toContain(south.problem.id);
    expect(sheet.match(/<row /g)).toHaveLength(rows.length);
  });

  it("exports a venue's history (inspections and problems) as CSV and xlsx", async () => {
    api.clock.set(NOW);
    const { venue, checklist, problem } = await openProblem();
    await inspect(venue.id, checklist, [], '2026-11-25T01:45:00Z');
    const csv = parseCsv((await download(`/api/venues/${venue.id}/history.csv`, 'inspector')).bytes.toString('utf8'));
    expect(csv[0]).toEqual(['记录类型', '编号', '时间', '人员', '结果或状态', '检查项', '整改期限', '备注']);
    expect(csv.slice(1).map((r) => [r[0], r[4]])).toEqual([
      ['检查', '合格'],
      ['检查', '限期整改'],
      ['问题', '待整改'],
    ]);
    expect(csv[3][1]).toBe(problem.id);
    const files = unzip((await download(`/api/venues/${venue.id}/history.xlsx`, 'inspector')).bytes);
    expect(files.get('xl/workbook.xml')).toContain('name="检查记录"');
    expect(files.get('xl/workbook.xml')).toContain('name="问题记录"');
    expect(files.get('xl/worksheets/sheet1.xml')).toContain('检查结果');
    expect(files.get('xl/worksheets/sheet2.xml')).toContain(problem.id);
    const south = await createVenue(api, t, { gridId: t.grids.southVillage });
    expect((await download(`/api/venues/${south.id}/history.csv`, 'inspector')).status).toBe(403);
  });
});

describe('black cards', () => {
  it('are issued by the rules when a second failed inspection arrives, listed, and removed (摘牌) only after a passed re-check', async () => {
    api.clock.set(NOW);
    const { venue, checklist } = await openProblem();
    expect((await venueOf(venue.id)).blackCard).toBeUndefined();
    await inspect(venue.id, checklist, ['temperature'], '2026-11-25T01:40:00Z');
    const carded = await venueOf(venue.id);
    expect(carded.blackCard).toMatchObject({ source: 'rules', triggers: ['failed-inspections'], by: 'system' });
    // The rule's reason comes back as a code with the rule's thresholds, worded per reader (issue 13 §3).
    expect(carded.blackCard.reasonCodes).toEqual([{ code: 'black-card.failed-inspections', params: { count: 2, withinDays: 7 } }]);
    expect(carded.blackCard.reason).toBe('Black card by rule: 2 or more failed inspections within 7 days');
    expect(carded.blackCard.reason).not.toMatch(/[\u4e00-\u9fff]/);
    // The export (Chinese) words the code in Chinese: the venue history's 督办 rows, and its 督办记录 sheet.
    const history = parseCsv((await download(`/api/venues/${venue.id}/history.csv`, 'inspector')).bytes.toString('utf8'));
    expect(history.filter((r) => r[0] === '督办').map((r) => [r[3], r[4], r[7]])).toEqual([['系统', '挂黑牌', '规则触发挂黑牌：7天内检查不合格2次及以上']]);
    const sheets = unzip((await download(`/api/venues/${venue.id}/history.xlsx`, 'inspector')).bytes);
    expect(sheets.get('xl/workbook.xml')).toContain('name="督办记录"');
    expect(sheets.get('xl/worksheets/sheet3.xml')).toContain('规则触发挂黑牌：7天内检查不合格2次及以上');
    const register = await call('GET', '/api/enforcement/black-cards', 'inspector');
    expect(register.body.items.map((v: { id: string }) => v.id)).toContain(venue.id);
    expect((await call('GET', '/api/enforcement/black-cards', 'industry')).body.items.map((v: { id: string }) => v.id)).not.toContain(venue.id);

    const early = await call('POST', `/api/venues/${venue.id}/black-card/remove`, 'supervisor', { version: carded.version, reason: '已整改' });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('needs a passed re-check');
    expect((await call('POST', `/api/venues/${venue.id}/black-card/remove`, 'inspector', { version: carded.version, reason: 'x' })).status).toBe(403);

    api.clock.set('2026-11-25T02:30:00Z');
    await inspect(venue.id, checklist, [], '2026-11-25T02:20:00Z');
    const removed = await call('POST', `/api/venues/${venue.id}/black-card/remove`, 'supervisor', { version: carded.version, reason: '复查合格，予以摘牌' });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.venue.blackCard).toBeUndefined();
    expect((await call('GET', '/api/enforcement/black-cards', 'inspector')).body.items.map((v: { id: string }) => v.id)).not.toContain(venue.id);
    const events = (await call('GET', `/api/venues/${venue.id}/events`, 'inspector')).body.items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['black-card-removed', 'black-card-issued']);
    expect(events[0]).toMatchObject({ by: t.users.supervisor, reason: '复查合格，予以摘牌' });
  });

  it('stay on when the newest inspection after the card failed, however concurrently the inspections arrive (newest wins as a condition of the write)', async () => {
    const tries = 6;
    for (let n = 0; n < tries; n++) {
      api.clock.set('2026-11-25T03:00:00Z');
      const venue = await createVenue(api, t);
      const checklist = await checklistFor(api, t.tokens.admin, venue.kind);
      const carded = await call('POST', `/api/venues/${venue.id}/black-card`, 'supervisor', { version: 1, reason: '上级通报点名' });
      expect(carded.status).toBe(200);
      // Phones syncing after a dead zone: three inspections of the venue at once, the newest failing.
      api.clock.set('2026-11-25T04:00:00Z');
      const bodies = [
        inspectionBody(venue.id, checklist, { fail: ['masks'], at: new Date('2026-11-25T03:59:59Z') }),
        inspectionBody(venue.id, checklist, { at: new Date('2026-11-25T03:59:54Z') }),
        inspectionBody(venue.id, checklist, { at: new Date('2026-11-25T03:59:49Z') }),
      ];
      const token = await tokenOf('inspector');
      await Promise.all(
        bodies.map(async (body) => {
          // A phone resends what the store answered "busy" to.
          for (let attempt = 0; ; attempt++) {
            const res = await api.call('POST', '/api/inspections', { token, body });
            if (res.status === 201) return;
            expect(res.body.error, JSON.stringify(res.body)).toBe('busy');
            expect(attempt).toBeLessThan(10);
          }
        }),
      );
      const after = await venueOf(venue.id);
      expect(after, `try ${n}`).toMatchObject({ lastInspectedAt: '2026-11-25T03:59:59.000Z', lastOutcome: 'rectification-required', openProblems: 1 });
      const removal = await call('POST', `/api/venues/${venue.id}/black-card/remove`, 'supervisor', { version: after.version, reason: '已整改' });
      expect(removal.status, `try ${n}: ${JSON.stringify(removal.body)}`).toBe(409);
      expect(removal.body.error).toBe('illegal_transition');
    }
  });

  it('are judged for 摘牌 by the inspections themselves, not by the venue summary', async () => {
    api.clock.set('2026-11-25T03:00:00Z');
    const venue = await createVenue(api, t);
    const checklist = await checklistFor(api, t.tokens.admin, venue.kind);
    expect((await call('POST', `/api/venues/${venue.id}/black-card`, 'supervisor', { version: 1, reason: '上级通报点名' })).status).toBe(200);
    api.clock.set('2026-11-25T04:00:00Z');
    await inspect(venue.id, checklist, [], '2026-11-25T03:30:00Z');
    await inspect(venue.id, checklist, ['masks'], '2026-11-25T03:50:00Z');
    // A summary that says otherwise (however it came about) does not remove the card.
    await api.db.doc.send(
      new UpdateCommand({ TableName: api.db.table, Key: tenantKeys(t.id).venue(venue.id), UpdateExpression: 'SET lastOutcome = :pass, lastInspectedAt = :at', ExpressionAttributeValues: { ':pass': 'pass', ':at': '2026-11-25T03:55:00.000Z' } }),
    );
    const version = (await venueOf(venue.id)).version;
    const refused = await call('POST', `/api/venues/${venue.id}/black-card/remove`, 'supervisor', { version, reason: '已整改' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('newer than any failed inspection');
    // A passing inspection after the failure is the evidence.
    await inspect(venue.id, checklist, [], '2026-11-25T03:58:00Z');
    expect((await call('POST', `/api/venues/${venue.id}/black-card/remove`, 'supervisor', { version, reason: '复查合格' })).status).toBe(200);
  });

  it('are issued by a supervisor in scope (not an inspector), once', async () => {
    api.clock.set(NOW);
    const venue = await createVenue(api, t);
    expect((await call('POST', `/api/venues/${venue.id}/black-card`, 'inspector', { version: 1, reason: '上级通报' })).status).toBe(403);
    const res = await call('POST', `/api/venues/${venue.id}/black-card`, 'northSupervisor', { version: 1, reason: '上级通报点名' });
    expect(res.status).toBe(200);
    expect(res.body.venue).toMatchObject({ version: 2, blackCard: { source: 'supervisor', reason: '上级通报点名', by: t.users.northSupervisor } });
    expect((await call('POST', `/api/venues/${venue.id}/black-card`, 'supervisor', { version: 2, reason: 'again' })).body.error).toBe('illegal_transition');
    expect((await call('POST', `/api/venues/${venue.id}/black-card`, 'supervisor', { version: 1, reason: 'stale' })).body.currentVersion).toBe(2);
    const south = await createVenue(api, t, { gridId: t.grids.southVillage });
    expect((await call('POST', `/api/venues/${south.id}/black-card`, 'northSupervisor', { version: 1, reason: 'x' })).status).toBe(403);
  });

  it('are issued by the scheduled escalation for overdue rectifications, which also marks problems overdue, once', async () => {
    api.clock.set(NOW);
    const { venue, checklist, problem } = await openProblem({ kind: 'cinema' }, { fail: ['masks', 'disinfection'] });
    void checklist;
    const now = new Date('2026-11-30T00:00:00Z');
    const first = await escalate(api.db, t.id, '2026-11-30', now);
    expect(first.overdueMarked).toBeGreaterThanOrEqual(2);
    expect(first.blackCardsIssued).toBeGreaterThanOrEqual(1);
    const v = await venueOf(venue.id);
    expect(v.blackCard).toMatchObject({ source: 'rules', triggers: ['overdue-rectifications'] });
    const detail = (await call('GET', `/api/problems/${problem.id}`, 'admin')).body;
    expect(detail.problem.overdueSince).toBe('2026-11-30');
    expect(detail.history.at(-1)).toMatchObject({ type: 'marked-overdue', by: 'system' });
    const again = await escalate(api.db, t.id, '2026-11-30', now);
    expect(again.overdueMarked).toBe(0);
    expect(again.blackCardsIssued).toBe(0);
  });
});

describe('suspension (停业整顿)', () => {
  it('is recommended by an inspection, approved by a supervisor, and reopened only after a passed re-check', async () => {
    api.clock.set(NOW);
    const { venue, checklist } = await openProblem({ kind: 'ktv' }, { fail: ['scan-code'] });
    const recommended = await venueOf(venue.id);
    expect(recommended).toMatchObject({ status: 'open', suspension: { state: 'recommended', recommendedBy: t.users.inspector } });
    expect((await call('GET', '/api/enforcement/suspensions', 'northSupervisor')).body.items.map((v: { id: string }) => v.id)).toContain(venue.id);
    expect((await call('POST', `/api/venues/${venue.id}/suspension/approve`, 'inspector', { version: recommended.version, reason: 'x' })).status).toBe(403);

    api.clock.set('2026-11-25T03:00:00Z');
    const approved = await call('POST', `/api/venues/${venue.id}/suspension/approve`, 'supervisor', { version: recommended.version, reason: '同意停业整顿' });
    expect(approved.status).toBe(200);
    expect(approved.body.venue).toMatchObject({ status: 'suspended', suspension: { state: 'approved', decidedBy: t.users.supervisor } });

    const early = await call('POST', `/api/venues/${venue.id}/reopen`, 'supervisor', { version: approved.body.venue.version, reason: '恢复营业' });
    expect(early.status).toBe(409);
    expect(early.body.message).toContain('needs a passed re-check');
    api.clock.set('2026-11-26T03:00:00Z');
    await inspect(venue.id, checklist, [], '2026-11-26T02:30:00Z');
    const reopened = await call('POST', `/api/venues/${venue.id}/reopen`, 'supervisor', { version: approved.body.venue.version, reason: '复查合格，恢复营业' });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body.venue.status).toBe('open');
    expect(reopened.body.venue.suspension).toBeUndefined();
    const types = (await call('GET', `/api/venues/${venue.id}/events`, 'admin')).body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(['reopened', 'suspension-approved', 'suspension-recommended']);
  });

  it('is recommended explicitly by an inspector and can be rejected', async () => {
    api.clock.set(NOW);
    const venue = await createVenue(api, t);
    const rec = await call('POST', `/api/venues/${venue.id}/suspension`, 'inspector', { version: 1, reason: '多次检查不合格' });
    expect(rec.status).toBe(200);
    expect((await call('POST', `/api/venues/${venue.id}/suspension`, 'inspector', { version: 2, reason: 'again' })).body.error).toBe('illegal_transition');
    const rejected = await call('POST', `/api/venues/${venue.id}/suspension/reject`, 'supervisor', { version: 2, reason: '情节较轻，不予停业' });
    expect(rejected.body.venue).toMatchObject({ status: 'open', version: 3 });
    expect(rejected.body.venue.suspension).toBeUndefined();
  });
});

describe('references in bodies', () => {
  it("refuses ids of another tenant, of another venue, or made up (400 naming the field) and writes nothing", async () => {
    api.clock.set(NOW);
    const other = await createTestTenant(api, 'prob-o');
    const otherVenue = await createVenue(api, other);
    const otherChecklist = await checklistFor(api, other.tokens.inspector, 'supermarket');
    const foreignInspection = (await api.call('POST', '/api/inspections', { token: other.tokens.inspector, body: inspectionBody(otherVenue.id, otherChecklist) })).body.inspection.id;
    const foreignPhoto = (await api.call('POST', '/api/photos', { token: other.tokens.inspector, body: { id: ulid(), venueId: otherVenue.id, contentType: 'image/jpeg', size: 1000 } })).body.photoId;
    const madeUp = ulid();

    const { venue, problem, inspection } = await openProblem();
    const elsewhere = await openProblem();
    const refused = async (path: string, body: Record<string, unknown>, field: string) => {
      const res = await call('POST', path, 'inspector', body);
      expect(res.status, `${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path)).toEqual([field]);
    };

    // A suspension recommendation names an inspection of this venue in this tenant.
    for (const inspectionId of [foreignInspection, madeUp, elsewhere.inspection.id]) {
      await refused(`/api/venues/${venue.id}/suspension`, { version: 1, reason: '多次检查不合格', inspectionId }, 'inspectionId');
    }
    expect((await venueOf(venue.id)).suspension).toBeUndefined();
    // A rectification's photos were uploaded in this tenant.
    expect((await call('POST', `/api/problems/${problem.id}/notice`, 'inspector', { version: 1 })).status).toBe(200);
    // … of this problem's venue, and taken for this problem if they say what for.
    const elsewherePhoto = (await call('POST', '/api/photos', 'inspector', { id: ulid(), venueId: elsewhere.venue.id, contentType: 'image/jpeg', size: 1000 })).body.photoId;
    const otherProblemPhoto = (await call('POST', '/api/photos', 'inspector', { id: ulid(), venueId: venue.id, problemId: elsewhere.problem.id, contentType: 'image/jpeg', size: 1000 })).body.photoId;
    for (const photoIds of [[foreignPhoto], [madeUp], [elsewherePhoto], [otherProblemPhoto]]) {
      await refused(`/api/problems/${problem.id}/rectification`, { version: 2, note: '已整改', photoIds }, 'photoIds.0');
    }
    expect((await call('GET', `/api/problems/${problem.id}`, 'inspector')).body.problem).toMatchObject({ status: 'notice-issued', version: 2 });

    // The same requests with the caller's own references go through.
    const photo = (await call('POST', '/api/photos', 'inspector', { id: ulid(), venueId: venue.id, problemId: problem.id, contentType: 'image/jpeg', size: 1000 })).body.photoId;
    expect((await call('POST', `/api/problems/${problem.id}/rectification`, 'inspector', { version: 2, note: '已整改', photoIds: [photo] })).status).toBe(200);
    const recommended = await call('POST', `/api/venues/${venue.id}/suspension`, 'inspector', { version: 1, reason: '多次检查不合格', inspectionId: inspection.id });
    expect(recommended.status, JSON.stringify(recommended.body)).toBe(200);
    expect(recommended.body.venue.suspension.inspectionId).toBe(inspection.id);
  });
});

describe('tenant-wide closure notices', () => {
  it('close every venue of some kinds as one action, and a later notice reopens them', async () => {
    api.clock.set(NOW);
    const cafes = await Promise.all([1, 2, 3].map((n) => createVenue(api, t, { kind: 'arcade', name: `游艺厅${n}`, gridId: n === 3 ? t.grids.southVillage : t.grids.northGroup1 })));
    const shop = await createVenue(api, t, { kind: 'chess-room' });
    expect((await call('POST', '/api/notices', 'northSupervisor', { id: ulid(), action: 'close', venueKinds: ['arcade'], reason: 'x' })).status).toBe(403);
    const id = ulid();
    const closed = await call('POST', '/api/notices', 'supervisor', { id, action: 'close', venueKinds: ['arcade'], reason: '疫情防控需要，暂停营业' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect(closed.body).toMatchObject({ status: 'done', progress: { venuesChanged: 3 } });
    for (const cafe of cafes) expect(await venueOf(cafe.id)).toMatchObject({ status: 'closed', closure: { noticeId: id, action: 'close' } });
    expect((await venueOf(shop.id)).status).toBe('open');
    // A resend changes nothing.
    const resend = await call('POST', '/api/notices', 'supervisor', { id, action: 'close', venueKinds: ['arcade'], reason: '疫情防控需要，暂停营业' });
    expect(resend.body.progress.venuesChanged).toBe(3);
    expect((await call('GET', `/api/notices/${id}`, 'inspector')).body.status).toBe('done');
    expect((await call('GET', '/api/notices', 'inspector')).body.items.map((n: { id: string }) => n.id)).toContain(id);

    const reopen = await call('POST', '/api/notices', 'admin', { id: ulid(), action: 'reopen', venueKinds: ['arcade'], reason: '恢复营业' });
    expect(reopen.body).toMatchObject({ status: 'done', progress: { venuesChanged: 3 } });
    for (const cafe of cafes) {
      const v = await venueOf(cafe.id);
      expect(v.status).toBe('open');
      expect(v.closure).toBeUndefined();
    }
    const events = (await call('GET', `/api/venues/${cafes[0].id}/events`, 'admin')).body.items.map((e: { type: string }) => e.type);
    expect(events).toEqual(['reopened-by-notice', 'closed-by-notice']);
  });

  it('records progress and finishes when run again after stopping part-way', async () => {
    api.clock.set(NOW);
    await Promise.all([1, 2, 3, 4, 5].map((n) => createVenue(api, t, { kind: 'museum', name: `博物馆${n}` })));
    const data = tenantData(api.db, t.id);
    const actor = { userId: t.users.supervisor, tenantId: t.id, roles: ['supervisor' as const], gridIds: [], venueKinds: [] };
    const { notice } = await data.closureNotices.create(actor, { id: ulid(), action: 'pause', venueKinds: ['museum', 'library'], reason: '暂停开放' }, api.clock.now(), 'Asia/Shanghai');
    const part = await data.closureNotices.run(notice.id, api.clock.now(), 'Asia/Shanghai', { maxPages: 2, pageSize: 2 });
    expect(part).toMatchObject({ status: 'in-progress', progress: { step: 2, venuesChanged: 4, kindIndex: 0 } });
    const resumed = await call('POST', `/api/notices/${notice.id}/resume`, 'supervisor');
    expect(resumed.body).toMatchObject({ status: 'done', progress: { venuesChanged: 5 } });
  });
});

describe('bulletins (督查通报)', () => {
  it('are numbered per year, black-card the venues they name, and show readers only what is in their scope', async () => {
    api.clock.set(NOW);
    const { venue, problem } = await openProblem({ name: '北村超市' });
    const south = await openProblem({ gridId: t.grids.southVillage, name: '南村超市' }, { as: 'supervisor' });
    const body = {
      id: ulid(),
      title: '关于疫情防控督查情况的通报',
      body: '近期督查发现部分场所防控措施落实不到位，现通报如下。',
      venues: [{ venueId: venue.id, note: '未落实扫码' }, { venueId: south.venue.id }],
      problemIds: [problem.id, south.problem.id],
    };
    expect((await call('POST', '/api/bulletins', 'northSupervisor', body)).status).toBe(403);
    const published = await call('POST', '/api/bulletins', 'supervisor', body);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.bulletin.number).toMatch(/^2026-第\d+期$/);
    expect(published.body.blackCarded.sort()).toEqual([venue.id, south.venue.id].sort());
    expect((await venueOf(venue.id)).blackCard).toMatchObject({ source: 'bulletin', bulletinId: body.id, reasonCodes: [{ code: 'black-card.named-in-bulletin', params: { number: published.body.bulletin.number } }] });
    const again = await call('POST', '/api/bulletins', 'supervisor', body);
    expect(again.status).toBe(200);
    expect(again.body.bulletin.number).toBe(published.body.bulletin.number);
    // The same id with other content (or from another publisher) is a 409, and the stored bulletin keeps its own.
    for (const [as, changed] of [
      ['supervisor', { ...body, title: '另一个标题' }],
      ['supervisor', { ...body, body: '另一段内容' }],
      ['supervisor', { ...body, venues: [{ venueId: venue.id }, { venueId: south.venue.id }] }],
      ['supervisor', { ...body, problemIds: [problem.id] }],
      ['northSupervisor', body],
    ] as const) {
      const res = await call('POST', '/api/bulletins', as, changed);
      expect(res.status, JSON.stringify(changed)).toBe(409);
      expect(res.body.error).toBe('conflict');
    }
    expect((await call('GET', `/api/bulletins/${body.id}`, 'supervisor')).body).toMatchObject({ title: body.title, body: body.body });

    const seen = await call('GET', `/api/bulletins/${body.id}`, 'inspector');
    expect(seen.body.venues.map((v: { venueId: string }) => v.venueId)).toEqual([venue.id]);
    expect(seen.body).toMatchObject({ hiddenEntries: 2, number: published.body.bulletin.number });
    expect((await call('GET', '/api/bulletins', 'inspector')).body.items[0].id).toBe(body.id);

    // Concurrent publications get distinct, consecutive numbers.
    const many = await Promise.all([1, 2, 3].map((n) => call('POST', '/api/bulletins', 'supervisor', { id: ulid(), title: `通报${n}`, body: '内容' })));
    const seqs = many.map((r) => r.body.bulletin.seq).sort((a: number, b: number) => a - b);
    expect(seqs).toEqual([published.body.bulletin.seq + 1, published.body.bulletin.seq + 2, published.body.bulletin.seq + 3]);
  });
});
