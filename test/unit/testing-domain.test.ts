/** Testing rounds, pure: the target from the registry's counters, coverage rolled up and coloured, round timing, person codes, the lab file's rows. */
import { describe, expect, it } from 'vitest';
import { coverageColour, coverageOf, coverageTotal, ownTarget } from '../../shared/domain/testing/coverage';
import { labHeader, labRow } from '../../shared/domain/testing/lab-file';
import { labImportAsShown, labImportResumeStep, sameLineResumes } from '../../shared/domain/testing/lab-import';
import { hourSlot, siteDays } from '../../shared/domain/testing/site-counts';
import { parsePersonCode, personCode, RecordInput } from '../../shared/domain/testing/record';
import { RoundInput, roundStatus, SiteInput, takenInRound } from '../../shared/domain/testing/round';
import { residentId, wrongCheckDigit } from '../support/residents';

const H = '01J9Z8X7W6V5T4S3R2Q1P0N9M8';
const P = '01J9Z8X7W6V5T4S3R2Q1P0N9M9';

describe('target and coverage', () => {
  it('targets the people present minus the exempt categories', () => {
    expect(ownTarget({ people: 100, 'c:local-permanent': 80, 'c:nonlocal-temporary': 20 }, ['nonlocal-temporary'])).toBe(80);
    expect(ownTarget({ people: 10 }, [])).toBe(10);
    expect(ownTarget(undefined, ['x'])).toBe(0);
  });

  it('rolls tested and target up the tree, caps the rate at 1 and colours each grid', () => {
    const grids = [
      { id: 'n', name: '北', path: '/n/', parentId: null },
      { id: 'v', name: '村', path: '/n/v/', parentId: 'n' },
      { id: 'g1', name: '一组', path: '/n/v/g1/', parentId: 'v' },
      { id: 'g2', name: '二组', path: '/n/v/g2/', parentId: 'v' },
    ];
    const resident = new Map([
      ['g1', { people: 40, 'c:away': 0 }],
      ['g2', { people: 10, 'c:away': 2 }],
    ]);
    const round = new Map<string, Record<string, number>>([
      ['g1', { times: 45, tested: 39 }],
      ['g2', { times: 9, tested: 9, results: 9, positive: 1 }],
    ]);
    const cov = coverageOf(grids, resident, round, ['away']);
    const by = Object.fromEntries(cov.map((g) => [g.id, g]));
    expect(by.g1).toMatchObject({ target: 40, tested: 39, rate: 0.975, colour: 'green' });
    // 9 tested of 8 to test (an exempt person came anyway): capped.
    expect(by.g2).toMatchObject({ target: 8, tested: 9, rate: 1, positive: 1 });
    expect(by.n).toMatchObject({ target: 48, tested: 48, times: 54, results: 9, positive: 1, rate: 1 });
    expect(coverageTotal([by.n, by.g1])).toMatchObject({ target: 88, tested: 87 });
  });

  it('colours by coverage: green from 95 %, yellow from 80 %, red below, none without a target', () => {
    expect([0.95, 0.9499, 0.8, 0.79, null].map(coverageColour)).toEqual(['green', 'yellow', 'yellow', 'red', 'none']);
  });
});

describe('rounds and sites', () => {
  const round = { id: H, number: 5, name: '第五轮全员核酸检测', startsAt: '2026-11-25T00:00:00Z', endsAt: '2026-11-26T12:00:00Z' };
  it('has a status from its times and takes samples within an hour of them', () => {
    expect(roundStatus(round, new Date('2026-11-24T23:00:00Z'))).toBe('planned');
    expect(roundStatus(round, new Date('2026-11-25T08:00:00Z'))).toBe('running');
    expect(roundStatus(round, new Date('2026-11-26T13:00:00Z'))).toBe('ended');
    expect(takenInRound(round, new Date('2026-11-26T12:59:00Z'))).toBe(true);
    expect(takenInRound(round, new Date('2026-11-26T13:01:00Z'))).toBe(false);
  });

  it('refuses an end before the start, a round of more than 14 days, a category twice', () => {
    const issues = (body: unknown) => RoundInput.safeParse(body).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ ...round, endsAt: '2026-11-24T00:00:00Z' })).toEqual(['endsAt']);
    expect(issues({ ...round, endsAt: '2026-12-25T00:00:00Z' })).toEqual(['endsAt']);
    expect(issues({ ...round, exemptCategories: ['a', 'a'] })).toEqual(['exemptCategories']);
    expect(RoundInput.parse(round).exemptCategories).toEqual([]);
  });

  it('lays a site out as zones and channels with hours', () => {
    const site = { id: H, gridId: 'v1', name: '村委会采样点', place: '村委会广场', layout: { zones: [{ name: '等候区', purpose: 'waiting' }], channels: [{ name: '普通通道', kind: 'general' }] }, hours: [{ opens: '07:00', closes: '11:30' }], capacityPerHour: 300 };
    expect(SiteInput.safeParse(site).success).toBe(true);
    expect(SiteInput.safeParse({ ...site, hours: [{ opens: '12:00', closes: '11:00' }] }).error?.issues[0].path).toEqual(['hours', 0, 'closes']);
    expect(SiteInput.safeParse({ ...site, layout: { zones: [], channels: [] } }).success).toBe(false);
  });
});

describe('records and person codes', () => {
  it('reads a person code back, in any case, and nothing else', () => {
    expect(parsePersonCode(personCode(H, P))).toEqual({ householdId: H, personId: P });
    expect(parsePersonCode(personCode(H, P).toLowerCase())).toEqual({ householdId: H, personId: P });
    expect(parsePersonCode(`GW1-${H}`)).toBeUndefined();
    expect(parsePersonCode('410184198001011234')).toBeUndefined();
  });

  it('needs a site at a site and none at a door', () => {
    const base = { id: H, roundId: H, sampleId: 'T0001', takenAt: '2026-11-25T01:00:00Z', who: { code: personCode(H, P) } };
    expect(RecordInput.safeParse({ ...base, via: 'site' }).error?.issues[0].path).toEqual(['siteId']);
    expect(RecordInput.safeParse({ ...base, via: 'door', siteId: H }).error?.issues[0].path).toEqual(['siteId']);
    expect(RecordInput.safeParse({ ...base, via: 'door', who: { householdId: H, personId: P } }).success).toBe(true);
    expect(RecordInput.safeParse({ ...base, via: 'site', siteId: H, sampleId: 'T/1' }).success).toBe(false);
  });
});

describe('the lab file', () => {
  const header = labHeader(['样本编号', '身份证号或人员码', '结果']);
  it('finds its columns by Chinese or English names, and says which are missing', () => {
    expect(header).toEqual({ sampleId: 0, who: 1, result: 2 });
    expect(labHeader(['Result', 'Sample ID', 'ID number'])).toEqual({ sampleId: 1, who: 2, result: 0 });
    expect(labHeader(['样本编号', '结果'])).toEqual({ missing: ['who'] });
  });

  it('reads a row by ID number or code, and names a bad row without echoing the number', () => {
    const h = header as { sampleId: number; who: number; result: number };
    const id = residentId('41018419800101123');
    expect(labRow(h, 2, ['T1', id, '阳性'])).toEqual({ line: 2, sampleId: 'T1', who: { idNumber: id }, result: 'positive' });
    expect(labRow(h, 3, ['T2', personCode(H, P), 'negative'])).toMatchObject({ who: { code: personCode(H, P) }, result: 'negative' });
    expect(labRow(h, 4, ['T3', id, '待定'])).toEqual({ line: 4, field: 'result', message: 'result: 阳性/阴性 (positive/negative)', messageZh: '结果应为“阳性”或“阴性”' });
    const wrong = wrongCheckDigit(id);
    const bad = labRow(h, 5, ['T4', wrong, '阴性']);
    expect(bad).toEqual({ line: 5, field: 'who', message: 'ID number or person code: the check digit does not match (GB 11643)', messageZh: '身份证号或人员码无效' });
    expect(JSON.stringify(bad)).not.toContain(wrong.slice(0, 17));
  });
});

describe('a lab import shown', () => {
  const imp = { status: 'running' as const, updatedAt: '2026-11-25T02:00:00.000Z', heartbeatAt: '2026-11-25T02:10:00.000Z' };
  it('is stopped once its worker gave no sign of life for two minutes, and only while it runs', () => {
    expect(labImportAsShown(imp, new Date('2026-11-25T02:11:59Z')).status).toBe('running');
    expect(labImportAsShown(imp, new Date('2026-11-25T02:12:01Z'))).toMatchObject({ status: 'stopped', failureZh: expect.stringContaining('调度程序会自动继续') });
    expect(labImportAsShown({ ...imp, status: 'done' }, new Date('2026-11-26T00:00:00Z')).status).toBe('done');
    expect(labImportAsShown({ ...imp, heartbeatAt: undefined }, new Date('2026-11-25T02:03:00Z')).status).toBe('stopped');
  });

  it("is resumed by the scheduler once stalled, given up after three resumes at the same line, counted afresh once it got further", () => {
    const later = new Date('2026-11-25T02:13:00Z');
    const at = { ...imp, linesDone: 201 };
    expect(labImportResumeStep(at, new Date('2026-11-25T02:11:00Z'))).toBe('alive');
    expect(labImportResumeStep(at, later)).toBe('resume');
    expect(labImportResumeStep({ ...at, status: 'queued' }, later)).toBe('resume');
    expect(labImportResumeStep({ ...at, autoResumes: 2, resumedAtLine: 201 }, later)).toBe('resume');
    expect(labImportResumeStep({ ...at, autoResumes: 3, resumedAtLine: 201 }, later)).toBe('give-up');
    expect(labImportResumeStep({ ...at, autoResumes: 3, resumedAtLine: 1 }, later)).toBe('resume');
    expect(sameLineResumes({ ...at, autoResumes: 3, resumedAtLine: 1 })).toBe(0);
    for (const status of ['done', 'failed', 'uploading'] as const) expect(labImportResumeStep({ ...at, status }, later)).toBe('ended');
    expect(labImportResumeStep(undefined, later)).toBe('ended');
  });
});

describe("a site's day", () => {
  const sites = [
    { id: 's1', name: '一村', gridId: 'g1', capacityPerHour: 3 },
    { id: 's2', name: '二村', gridId: 'g2', capacityPerHour: 10 },
  ];
  it('sums the shards per hour slot, finds the busiest hour against the capacity, and counts a quiet site 0', () => {
    const days = siteDays(sites, [
      { siteId: 's1', times: 3, h07: 2, h09: 1 },
      { siteId: 's1', times: 2, h07: 2 },
    ]);
    expect(days[0]).toMatchObject({ siteId: 's1', times: 5, hours: [{ hour: 7, count: 4 }, { hour: 9, count: 1 }], peak: 4, overCapacity: true });
    expect(days[1]).toMatchObject({ siteId: 's2', times: 0, hours: [], peak: 0, overCapacity: false });
    expect(hourSlot(7)).toBe('h07');
  });
});
