import { describe, expect, it } from 'vitest';
import type { Venue } from '../../shared/domain/venues/venue';
import { ImportFileRefused, parseVenueCsv } from '../../shared/domain/venues/venue-csv';
import { IMPORT_AUTO_RESUMES, IMPORT_STALL_MS, importAsShown, importChange, importStalled, watchedImportStep } from '../../shared/domain/venues/venue-import';
import { DEFAULT_VENUE_KINDS } from '../../shared/domain/venues/venue-kind';

/** A few of the demo town's grids, and two groups called 一组 under different villages. */
const GRIDS = [
  { id: 'lh-1', name: '第一片区', path: '/lh-1/', parentId: null },
  { id: 'lh-1-taishan', name: '泰山村', path: '/lh-1/lh-1-taishan/', parentId: 'lh-1' },
  { id: 'lh-1-taishan-1', name: '泰山村一组', path: '/lh-1/lh-1-taishan/lh-1-taishan-1/', parentId: 'lh-1-taishan' },
  { id: 'lh-1-xiaoqiao', name: '小乔村', path: '/lh-1/lh-1-xiaoqiao/', parentId: 'lh-1' },
  { id: 'lh-1-xiaoqiao-g1', name: '一组', path: '/lh-1/lh-1-xiaoqiao/lh-1-xiaoqiao-g1/', parentId: 'lh-1-xiaoqiao' },
  { id: 'lh-2', name: '第二片区', path: '/lh-2/', parentId: null },
  { id: 'lh-2-longhu', name: '龙湖社区', path: '/lh-2/lh-2-longhu/', parentId: 'lh-2' },
  { id: 'lh-2-longhu-a', name: '龙湖社区东苑楼院', path: '/lh-2/lh-2-longhu/lh-2-longhu-a/', parentId: 'lh-2-longhu' },
  { id: 'lh-2-shuangqiao', name: '双桥村', path: '/lh-2/lh-2-shuangqiao/', parentId: 'lh-2' },
  { id: 'lh-2-shuangqiao-g1', name: '一组', path: '/lh-2/lh-2-shuangqiao/lh-2-shuangqiao-g1/', parentId: 'lh-2-shuangqiao' },
];
const ctx = { kinds: DEFAULT_VENUE_KINDS, grids: GRIDS };
const HEADER = '外部编号,名称,类别,网格,地址,纬度,经度,联系人,电话,风险等级';

/** The file's refusal, English then Chinese (both must be there). */
function fileError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileRefused);
    expect((error as ImportFileRefused).messageZh).toMatch(/[\u4e00-\u9fff]/);
    return `${(error as ImportFileRefused).message} / ${(error as ImportFileRefused).messageZh}`;
  }
  throw new Error('no error');
}

describe('parseVenueCsv', () => {
  it("finds a grid by its code, full path, path without the town's name or unambiguous name; an ambiguous name names the candidates", () => {
    const csv = [
      '外部编号,名称,类别,网格,地址',
      'G1,甲,shop,lh-1-taishan-1,一组', // code (line 2)
      'G2,乙,shop,第一片区/泰山村/泰山村一组,一组', // full name path (3)
      'G3,丙,shop,龙湖镇/泰山村/一组,一组', // the town's name first, the group's name in parts (4)
      'G4,丁,shop,泰山村一组,一组', // a name only one grid has (5)
      'G5,戊,shop,小乔村 / 一组,一组', // a path through a shared name (6)
      'G6,己,shop,一组,一组', // two grids are called 一组 (7)
      'G7,庚,shop,小乔村/泰山村一组,一组', // a wrong parent is not skipped (8)
      'G8,辛,shop,/lh-2/lh-2-longhu/lh-2-longhu-a/,东苑', // id path (9)
    ].join('\n');
    const parsed = parseVenueCsv(csv, ctx);
    expect(Object.fromEntries(parsed.rows.map((r) => [r.externalId, r.gridId]))).toEqual({
      G1: 'lh-1-taishan-1',
      G2: 'lh-1-taishan-1',
      G3: 'lh-1-taishan-1',
      G4: 'lh-1-taishan-1',
      G5: 'lh-1-xiaoqiao-g1',
      G8: 'lh-2-longhu-a',
    });
    expect(parsed.rows[0].gridPath).toBe('/lh-1/lh-1-taishan/lh-1-taishan-1/');
    const [ambiguous, wrong] = parsed.errors;
    expect(ambiguous).toMatchObject({ line: 7, field: 'gridId', code: 'ambiguous-grid', value: '一组' });
    expect(ambiguous.messageZh).toContain('第一片区/小乔村/一组、第二片区/双桥村/一组');
    expect(ambiguous.message).toContain('第二片区/双桥村/一组');
    expect(wrong).toMatchObject({ line: 8, code: 'unknown-grid' });
  });

  it('reads Chinese text, a BOM, CRLF, quoted commas and line breaks, and kind names or codes', () => {
    const csv =
      '\uFEFF' +
      [
        HEADER,
        'LH-001,泰山村便民超市,商超,lh-1-taishan-1,泰山村一组村口,34.52,113.71,王桂兰,13900001234,黄',
        'LH-002,"老张烩面馆（中街店）",restaurant,lh-1-taishan-1,"泰山村一组中街12号,临街",,,,,red',
        'LH-003,欢唱KTV,KTV,lh-2-longhu-a,"龙湖社区东苑\r\n商业楼3层",34.5,113.7,,0371-62001234,绿',
      ].join('\r\n') +
      '\r\n';
    const parsed = parseVenueCsv(new TextEncoder().encode(csv), ctx);
    expect(parsed.errors).toEqual([]);
    expect(parsed.total).toBe(3);
    expect(parsed.owns).toEqual(['name', 'kind', 'gridId', 'address', 'coordinates', 'contactName', 'contactPhone', 'risk']);
    expect(parsed.rows[0]).toEqual({
      line: 2,
      externalId: 'LH-001',
      name: '泰山村便民超市',
      kind: 'supermarket',
      gridId: 'lh-1-taishan-1',
      gridPath: '/lh-1/lh-1-taishan/lh-1-taishan-1/',
      address: '泰山村一组村口',
      coordinates: { lat: 34.52, lng: 113.71 },
      contactName: '王桂兰',
      contactPhone: '13900001234',
      risk: 'yellow',
    });
    expect(parsed.rows[1]).toMatchObject({ line: 3, kind: 'restaurant', address: '泰山村一组中街12号,临街', risk: 'red' });
    expect(parsed.rows[1].coordinates).toBeUndefined();
    expect(parsed.rows[2]).toMatchObject({ line: 4, kind: 'ktv', address: '龙湖社区东苑\n商业楼3层', risk: 'green' });
  });

  it('reports each bad row by line and field, and keeps the good ones', () => {
    const csv = [
      HEADER,
      'A1,好又多超市,商超,lh-1-taishan-1,一组8号,,,,,', // ok (line 2)
      'A2,坏网格超市,商超,lh-9-nowhere,一组9号,,,,,', // bad grid (3)
      'A3,未知类别,游泳馆,lh-1-taishan-1,一组10号,,,,,', // unknown kind (4)
      'A4,,门店,lh-1-taishan-1,一组11号,,,,,', // missing name (5)
      'A5,坏电话,门店,lh-1-taishan-1,一组12号,,,,电话13900,', // bad phone (6)
      'A6,坏纬度,门店,lh-1-taishan-1,一组13号,北纬34,113.7,,,', // bad lat (7)
      'A7,超范围,门店,lh-1-taishan-1,一组14号,95,113.7,,,', // lat out of range (8)
      'A1,重复编号,门店,lh-1-taishan-1,一组15号,,,,,', // duplicate external id (9)
      'A9,"多行\n名称",门店,lh-1-taishan-1,一组16号,,,,,紫', // starts on line 10, bad risk
      ',,,,,,,,,', // an empty row Excel leaves: skipped, not counted
      'A10,好店,门店,lh-2-longhu-a,东苑1号,34.5,,,,', // lng missing (13)
      'A11,多一列,门店,lh-2-longhu-a,东苑2号,,,,,,多余', // extra cell (14)
      'A12,好店二,shop,lh-2-longhu-a,东苑3号,,,,１３９ ０００１ １２３４,', // full-width digits are fine (15)
    ].join('\n');
    const parsed = parseVenueCsv(csv, ctx);
    expect(parsed.total).toBe(12);
    expect(parsed.rows.map((r) => [r.line, r.externalId])).toEqual([
      [2, 'A1'],
      [15, 'A12'],
    ]);
    expect(parsed.rows[1].contactPhone).toBe('139 0001 1234');
    expect(parsed.invalid).toBe(10);
    expect(parsed.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [3, 'gridId', 'unknown-grid'],
      [4, 'kind', 'unknown-kind'],
      [5, 'name', 'required'],
      [6, 'contactPhone', 'invalid'],
      [7, 'lat', 'invalid'],
      [8, 'lat', 'out-of-range'],
      [9, 'externalId', 'duplicate'],
      [10, 'risk', 'invalid'],
      [13, 'lng', 'required'],
      [14, 'row', 'columns'],
    ]);
    const grid = parsed.errors[0];
    expect(grid).toMatchObject({ column: '网格', value: 'lh-9-nowhere' });
    expect(grid.message).toContain('lh-9-nowhere');
    expect(grid.messageZh).toContain('网格');
    expect(parsed.errors[6].message).toContain('line 2');
  });

  it('accepts English and mixed headers, in any order, and only the required columns', () => {
    const parsed = parseVenueCsv('Name,external_id,grid_id,KIND,address\n便民店,B1,lh-2-longhu-a,门店,东苑\n', ctx);
    expect(parsed.rows[0]).toMatchObject({ externalId: 'B1', name: '便民店', kind: 'shop', gridId: 'lh-2-longhu-a' });
    expect(parsed.owns).toEqual(['name', 'kind', 'gridId', 'address']);
    const mixed = parseVenueCsv('外部编号 externalId,名称(name),类别/kind,网格 gridId,地址（address）,电话 contactPhone\nB2,店,shop,lh-2-longhu-a,东苑,\n', ctx);
    expect(mixed.rows[0]).toMatchObject({ externalId: 'B2' });
    expect(mixed.owns).toContain('contactPhone');
  });

  it('refuses files it cannot read, naming the line', () => {
    expect(fileError(() => parseVenueCsv('', ctx))).toContain('empty');
    expect(fileError(() => parseVenueCsv('外部编号,名称,类别,网格\nA,b,shop,lh-2-longhu-a\n', ctx))).toContain('address (地址)');
    expect(fileError(() => parseVenueCsv(`${HEADER},备注\n`, ctx))).toContain('unknown column "备注"');
    expect(fileError(() => parseVenueCsv(`${HEADER}\n`, ctx))).toContain('no rows');
    expect(fileError(() => parseVenueCsv(`${HEADER}\nA1,"未闭合,商超,lh-1-taishan-1,x,,,,,\nA2,b,商超,lh-1-taishan-1,x,,,,,\n`, ctx))).toMatch(/line \d+.*quoted field is never closed/);
    expect(fileError(() => parseVenueCsv('外部编号,名称,类别,网格,地址,纬度\n', ctx))).toContain('both');
    // GBK bytes for "名称" are not UTF-8.
    expect(fileError(() => parseVenueCsv(new Uint8Array([0xc3, 0xfb, 0xb3, 0xc6, 0x0a]), ctx))).toContain('UTF-8');
  });
});

describe('importChange', () => {
  const row = parseVenueCsv(`${HEADER}\nLH-1,泰山超市,商超,lh-1-taishan-1,一组,34.5,113.7,王,13900001234,黄\n`, ctx).rows[0];
  const owns = ['name', 'kind', 'gridId', 'address', 'coordinates', 'contactName', 'contactPhone', 'risk'] as const;
  const stored: Venue = {
    id: 'x-1',
    externalId: 'LH-1',
    name: '泰山超市',
    kind: 'supermarket',
    gridId: 'lh-1-taishan-1',
    gridPath: '/lh-1/lh-1-taishan/lh-1-taishan-1/',
    address: '一组',
    coordinates: { lat: 34.5, lng: 113.7 },
    contactName: '王',
    contactPhone: '13900001234',
    risk: 'yellow',
    status: 'suspended',
    codeVersion: 3,
    openProblems: 2,
    lastInspectedAt: '2026-11-20T01:00:00.000Z',
    blackCard: { since: '2026-11-01', reason: '整改不力' },
    version: 4,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('creates a new venue with a default risk', () => {
    const change = importChange(undefined, { ...row, risk: undefined }, [...owns]);
    expect(change).toMatchObject({ kind: 'create', input: { externalId: 'LH-1', risk: 'green' } });
  });

  it('leaves an identical venue alone', () => {
    expect(importChange(stored, row, [...owns])).toEqual({ kind: 'unchanged' });
  });

  it('sets only what changed, clears emptied owned fields, and never touches the rest', () => {
    const change = importChange(stored, { ...row, name: '泰山大超市', contactPhone: undefined, coordinates: undefined }, [...owns]);
    expect(change).toEqual({ kind: 'update', set: { name: '泰山大超市' }, remove: ['coordinates', 'contactPhone'] });
  });

  it('keeps fields of columns the file does not have', () => {
    const change = importChange(stored, { ...row, contactPhone: undefined, risk: undefined }, ['name', 'kind', 'gridId', 'address']);
    expect(change).toEqual({ kind: 'unchanged' });
  });

  it('moves the venue with its grid path', () => {
    const change = importChange(stored, { ...row, gridId: 'lh-2-longhu-a', gridPath: '/lh-2/lh-2-longhu/lh-2-longhu-a/' }, [...owns]);
    expect(change).toEqual({ kind: 'update', set: { gridId: 'lh-2-longhu-a', gridPath: '/lh-2/lh-2-longhu/lh-2-longhu-a/' }, remove: [] });
  });
});

describe('the sample file (docs/samples/venues-sample.csv)', () => {
  it("reads without a single error against the demo tenant longhu's grids", async () => {
    const { readFileSync } = await import('node:fs');
    const { DEMO_TENANTS } = await import('../../local/seed');
    const { gridPath } = await import('../../shared/data/keys');
    const longhu = DEMO_TENANTS.find((d) => d.id === 'longhu')!;
    const paths = new Map<string, string>();
    for (const g of longhu.grids) paths.set(g.id, gridPath(g.parentId ? paths.get(g.parentId)! : null, g.id));
    const grids = longhu.grids.map((g) => ({ id: g.id, name: g.name, path: paths.get(g.id)!, parentId: g.parentId }));
    const parsed = parseVenueCsv(new Uint8Array(readFileSync('docs/samples/venues-sample.csv')), { kinds: DEFAULT_VENUE_KINDS, grids });
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(30);
    expect(new Set(parsed.rows.map((r) => r.kind)).size).toBeGreaterThan(10);
  });
});

describe('an import whose worker died', () => {
  const now = new Date('2026-11-25T02:00:00.000Z');
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const imp = (status: string, lastSignMs: number, extra: { autoResumes?: number; heartbeat?: boolean } = {}) => ({
    status,
    updatedAt: extra.heartbeat ? ago(60 * 60_000) : ago(lastSignMs),
    ...(extra.heartbeat && { heartbeatAt: ago(lastSignMs) }),
    ...(extra.autoResumes !== undefined && { autoResumes: extra.autoResumes }),
  });

  it('is stalled only while it should be at work and has shown no sign of life for IMPORT_STALL_MS', () => {
    expect(importStalled(imp('running', IMPORT_STALL_MS), now)).toBe(true);
    expect(importStalled(imp('running', IMPORT_STALL_MS - 1), now)).toBe(false);
    // The heartbeat counts as a sign of life, however old the last status change.
    expect(importStalled(imp('checking', 30_000, { heartbeat: true }), now)).toBe(false);
    expect(importStalled(imp('queued', IMPORT_STALL_MS, { heartbeat: true }), now)).toBe(true);
    for (const status of ['uploading', 'done', 'failed']) expect(importStalled(imp(status, 24 * 3600_000), now)).toBe(false);
  });

  it('shows as stopped, saying what happened in both languages', () => {
    expect(importAsShown(imp('running', IMPORT_STALL_MS), now)).toMatchObject({ status: 'stopped', failure: expect.stringContaining('stopped'), failureZh: expect.stringContaining('中断') });
    expect(importAsShown(imp('running', 1000), now).status).toBe('running');
  });

  it('is resumed by the scheduler a few times, then left for a person; forgotten once its job ended', () => {
    expect(watchedImportStep(imp('running', 1000), now)).toBeUndefined();
    expect(watchedImportStep(imp('running', IMPORT_STALL_MS), now)).toBe('resume');
    expect(watchedImportStep(imp('running', IMPORT_STALL_MS, { autoResumes: IMPORT_AUTO_RESUMES - 1 }), now)).toBe('resume');
    expect(watchedImportStep(imp('running', IMPORT_STALL_MS, { autoResumes: IMPORT_AUTO_RESUMES }), now)).toBe('give-up');
    for (const status of ['done', 'failed']) expect(watchedImportStep(imp(status, IMPORT_STALL_MS), now)).toBe('forget');
    expect(watchedImportStep(undefined, now)).toBe('forget');
  });
});

describe('the venue import templates (web/public/templates)', () => {
  it('are what local/import-templates.ts writes, and the CSV and the xlsx read back as the same valid row', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { TEMPLATE_DIR, venueTemplateCsv, venueTemplateXlsx } = await import('../../local/import-templates');
    const { venueFileText } = await import('../../shared/domain/venues/venue-xlsx');
    const csv = readFileSync(join(TEMPLATE_DIR, 'venues-template.csv'));
    const xlsx = readFileSync(join(TEMPLATE_DIR, 'venues-template.xlsx'));
    expect(Buffer.compare(csv, Buffer.from(venueTemplateCsv()))).toBe(0);
    expect(Buffer.compare(xlsx, Buffer.from(await venueTemplateXlsx()))).toBe(0);
    const grids = [...GRIDS, { id: 'lh-1-taishan-2', name: '泰山村二组', path: '/lh-1/lh-1-taishan/lh-1-taishan-2/', parentId: 'lh-1-taishan' }];
    const fromCsv = parseVenueCsv(new Uint8Array(csv), { kinds: DEFAULT_VENUE_KINDS, grids });
    const fromXlsx = parseVenueCsv(await venueFileText(new Uint8Array(xlsx)), { kinds: DEFAULT_VENUE_KINDS, grids });
    expect(fromCsv.errors).toEqual([]);
    expect(fromCsv.rows).toHaveLength(1);
    expect(fromCsv.rows[0]).toMatchObject({ kind: 'supermarket', gridId: 'lh-1-taishan-1', risk: 'yellow' });
    expect(fromXlsx).toEqual(fromCsv);
  });
});

