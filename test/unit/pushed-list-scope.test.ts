/**
 * A pushed list within a caller's grids (shared/domain/pushed-lists/scope.ts): who sees rows no grid
 * took, which rows are whose, and the list's progress cut to a scope.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/actor';
import type { PushedListView } from '../../shared/domain/pushed-lists/list';
import { indexEntryInScope, listInScope, rowInScope, seesUnplaced } from '../../shared/domain/pushed-lists/scope';

const actor = (roles: Actor['roles'], gridIds: string[] = []): Actor => ({ userId: 'u', tenantId: 't', roles, gridIds, venueKinds: [] });
const p = (received: number, verified = 0) => ({ received, matched: received, assigned: received, verified, overdue: 0 });
const view: PushedListView = {
  id: 'L',
  name: '名单',
  status: 'done',
  size: 1,
  format: 'csv',
  rows: 6,
  invalid: 1,
  duplicates: 0,
  progress: { ...p(5, 2), matched: 4, assigned: 4 },
  createdAt: '2026-12-06T00:00:00Z',
  createdBy: 'a',
  updatedAt: '2026-12-06T00:00:00Z',
  errors: [{ line: 7, field: 'riskLevel', message: 'x', messageZh: 'x' }],
  grids: [
    { gridId: 'n', name: '北片区', path: '/n/', progress: p(3, 2) },
    { gridId: 'nv', name: '北村', path: '/n/nv/', progress: p(3, 2) },
    { gridId: 's', name: '南片区', path: '/s/', progress: p(1) },
    { gridId: 'sv', name: '南村', path: '/s/sv/', progress: p(1) },
  ],
};

describe('rows no grid took', () => {
  it('are seen by tenant-wide roles, and by supervisors of some grids only when the rules let them route', () => {
    expect(seesUnplaced(actor(['tenant-admin']), undefined)).toBe(true);
    expect(seesUnplaced(actor(['supervisor']), { scopedRouting: false })).toBe(true);
    expect(seesUnplaced(actor(['supervisor'], ['nv']), { scopedRouting: false })).toBe(false);
    expect(seesUnplaced(actor(['supervisor'], ['nv']), undefined)).toBe(false);
    expect(seesUnplaced(actor(['supervisor'], ['nv']), { scopedRouting: true })).toBe(true);
    expect(seesUnplaced(actor(['inspector'], ['nv']), { scopedRouting: true })).toBe(false);
  });

  it('belong to a scope only for those who see them; placed rows by their grid', () => {
    const village = { kind: 'subtrees' as const, roots: ['/n/nv/'] };
    expect(rowInScope(village, false, '/n/nv/g1/')).toBe(true);
    expect(rowInScope(village, false, '/s/sv/')).toBe(false);
    expect(rowInScope(village, false, undefined)).toBe(false);
    expect(rowInScope(village, true, undefined)).toBe(true);
    expect(rowInScope({ kind: 'tenant' }, true, '/s/sv/')).toBe(true);
  });
});

describe('a list within a scope', () => {
  it('keeps the whole list for the tenant, and cuts it to a village: its grids, its roots summed, no row errors', () => {
    expect(listInScope(view, { kind: 'tenant' }, true)).toEqual({ ...view, scoped: false });
    const north = listInScope(view, { kind: 'subtrees', roots: ['/n/nv/'] }, false);
    expect(north).toMatchObject({ scoped: true, progress: p(3, 2), errors: [], rows: 3, invalid: 0, duplicates: 0 });
    expect(north.grids.map((g) => g.gridId)).toEqual(['nv']);
    const both = listInScope(view, { kind: 'subtrees', roots: ['/n/nv/', '/s/'] }, true);
    expect(both.progress).toEqual(p(4, 2));
    expect(both.grids.map((g) => g.gridId)).toEqual(['nv', 's', 'sv']);
    expect(both.errors).toHaveLength(1);
    expect(both).toMatchObject({ rows: 4, invalid: 1 });
    expect(listInScope(view, { kind: 'subtrees', roots: ['/x/'] }, false)).toMatchObject({ progress: p(0), grids: [] });
  });
});

describe("a list's entry in the index within a scope", () => {
  const { progress: _p, errors: _e, grids: _g, ...entry } = view;
  const counters = [
    { gridId: 'nv', received: 2, matched: 2, assigned: 2, verified: 1 },
    { gridId: 'nv', received: 1, matched: 1, assigned: 1, verified: 1 },
    { gridId: 'g1', received: 4, verified: 4, overdue: 1 },
    { gridId: 'sv', received: 1, matched: 1, assigned: 1 },
  ];

  it("sums the counter shards of the caller's grids only, and never the whole list's figures", () => {
    const north = indexEntryInScope(entry, counters, new Set(['nv', 'g1']), false);
    expect(north).toMatchObject({ id: 'L', scoped: true, rows: 7, invalid: 0, duplicates: 0, progress: { received: 7, matched: 3, assigned: 3, verified: 6, overdue: 1 } });
    expect(indexEntryInScope(entry, counters, new Set(['sv']), true)).toMatchObject({ rows: 1, invalid: 1, progress: p(1) });
  });

  it('keeps a list none of whose rows reached the grids, with zeros', () => {
    expect(indexEntryInScope(entry, counters, new Set(['x']), false)).toMatchObject({ id: 'L', rows: 0, progress: p(0) });
    expect(indexEntryInScope(entry, [], new Set(), false).progress).toEqual(p(0));
  });
});
