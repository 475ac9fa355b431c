import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../shared/domain/rules';
import { type CloseInspection, type ClosePlanPerson, closeDay, type DayCloseInput } from '../../shared/planning/day-close';
import { type PlannerGrid, planDay } from '../../shared/planning/planner';

const DAY = '2026-11-25';

/** z ─ v ─ g1, g2; z ─ w; y (a second top-level grid). */
const GRIDS: PlannerGrid[] = [
  { id: 'z', path: '/z/', parentId: null, level: 1 },
  { id: 'v', path: '/z/v/', parentId: 'z', level: 2 },
  { id: 'g1', path: '/z/v/g1/', parentId: 'v', level: 3 },
  { id: 'g2', path: '/z/v/g2/', parentId: 'v', level: 3 },
  { id: 'w', path: '/z/w/', parentId: 'z', level: 2 },
  { id: 'y', path: '/y/', parentId: null, level: 1 },
];

const person = (inspectorId: string, quota: number, homeGridId: string | undefined, venues: (string | [string, 'mandatory'])[], over: Partial<ClosePlanPerson> = {}): ClosePlanPerson => ({
  inspectorId,
  quota,
  homeGridId,
  assignments: venues.map((v) => (typeof v === 'string' ? { venueId: v, mandatory: false } : { venueId: v[0], mandatory: true })),
  ...over,
});
let n = 0;
const inspection = (inspectorId: string, venueId: string, gridPath: string, over: Partial<CloseInspection> = {}): CloseInspection => ({
  id: `i${++n}`,
  inspectorId,
  venueId,
  venueKind: 'shop',
  gridPath,
  outcome: 'pass',
  problemsOpened: 0,
  ...over,
});
const close = (over: Partial<DayCloseInput>) =>
  closeDay({ date: DAY, rules: defaultRules(), plan: { inspectors: [] }, inspections: [], problemsClosed: [], blackCardsIssued: [], blackCardsRemoved: [], grids: GRIDS, ...over });
const row = (c: ReturnType<typeof closeDay>, id: string) => c.inspectors.find((i) => i.inspectorId === id)!;
const grid = (c: ReturnType<typeof closeDay>, id: string) => c.grids.find((g) => g.gridId === id)!;

describe('day close: per person', () => {
  it('counts distinct assigned venues done plus other venues of counting kinds', () => {
    const c = close({
      plan: { inspectors: [person('a', 4, 'g1', ['v1', 'v2', 'v3', 'v4'])] },
      inspections: [
        inspection('a', 'v1', '/z/v/g1/'),
        inspection('a', 'v1', '/z/v/g1/'), // the same venue again: one venue done
        inspection('a', 'v2', '/z/v/g1/'),
        inspection('a', 'extra-shop', '/z/v/g1/'), // not in the list, counting kind
        inspection('a', 'extra-hotel', '/z/v/g1/', { venueKind: 'hotel' }), // not in the list, not counting
      ],
    });
    expect(row(c, 'a')).toEqual({
      inspectorId: 'a',
      homeGridId: 'g1',
      onLeave: false,
      quota: 4,
      assigned: 4,
      assignedDone: 2,
      otherDone: 1,
      done: 3,
      shortfall: 1,
      mandatoryMissed: [],
      inspections: 5,
    });
  });

  it('counts an assigned venue of a non-counting kind as done, and never a negative shortfall', () => {
    const c = close({
      plan: { inspectors: [person('a', 1, 'g1', [['ktv-1', 'mandatory']])] },
      inspections: [inspection('a', 'ktv-1', '/z/v/g1/', { venueKind: 'ktv' }), inspection('a', 's1', '/z/v/g1/'), inspection('a', 's2', '/z/v/g1/')],
    });
    expect(row(c, 'a')).toMatchObject({ assignedDone: 1, otherDone: 2, done: 3, shortfall: 0, mandatoryMissed: [] });
    expect(c.total.metQuota).toBe(1);
  });

  it('lists the black-carded venues of a list left uninspected', () => {
    const c = close({ plan: { inspectors: [person('a', 3, 'g1', [['b2', 'mandatory'], ['b1', 'mandatory'], 'v1'])] }, inspections: [inspection('a', 'v1', '/z/v/g1/')] });
    expect(row(c, 'a')).toMatchObject({ mandatoryMissed: ['b1', 'b2'], done: 1, shortfall: 2 });
    expect(grid(c, 'g1').mandatoryMissed).toBe(2);
  });

  it('counts a resent inspection (same id) once', () => {
    const twice = inspection('a', 'v1', '/z/v/g1/', { problemsOpened: 2, outcome: 'rectification-required' });
    const c = close({ plan: { inspectors: [person('a', 2, 'g1', ['v1'])] }, inspections: [twice, twice] });
    expect(row(c, 'a')).toMatchObject({ inspections: 1, done: 1 });
    expect(c.total).toMatchObject({ inspections: 1, failedInspections: 1, problemsFound: 2 });
  });

  it('gives people on leave no shortfall, and lists people who inspected without a plan', () => {
    const c = close({
      plan: { inspectors: [person('away', 0, 'g2', [], { onLeave: true }), person('a', 2, 'g1', [])] },
      inspections: [inspection('stand-in', 'v9', '/z/v/g2/')],
    });
    expect(c.inspectors.map((i) => i.inspectorId)).toEqual(['a', 'away', 'stand-in']);
    expect(row(c, 'away')).toMatchObject({ onLeave: true, quota: 0, shortfall: 0 });
    expect(row(c, 'stand-in')).toMatchObject({ quota: 0, assigned: 0, otherDone: 1, done: 1, shortfall: 0, inspections: 1 });
    expect(row(c, 'stand-in').homeGridId).toBeUndefined();
    expect(grid(c, 'v')).toMatchObject({ inspectors: 1, onLeave: 1, quota: 2, shortfall: 2 });
    expect(c.total).toMatchObject({ inspectors: 2, onLeave: 1 });
  });
});

describe('day close: grids and supervision', () => {
  const input: Partial<DayCloseInput> = {
    plan: {
      inspectors: [
        person('g1-lead', 3, 'g1', ['a', 'b', 'c']),
        person('g2-lead', 2, 'g2', ['d', 'e']),
        person('head', 2, 'v', ['f', 'g']),
        person('y-lead', 1, 'y', ['y1']),
        person('market', 0, undefined, [['a', 'mandatory']]),
      ],
    },
    inspections: [
      inspection('g1-lead', 'a', '/z/v/g1/'),
      inspection('g1-lead', 'b', '/z/v/g1/', { outcome: 'rectification-required', problemsOpened: 2 }),
      inspection('g1-lead', 'c', '/z/v/g1/'),
      inspection('g2-lead', 'd', '/z/v/g2/', { outcome: 'suspension-recommended', problemsOpened: 3 }),
      inspection('head', 'f', '/z/v/'),
      inspection('market', 'a', '/z/v/g1/'),
      inspection('y-lead', 'old', '/gone/'), // a grid no longer in the tree
    ],
    problemsClosed: [{ id: 'p1', venueId: 'c', gridPath: '/z/v/g1/' }, { id: 'p2', venueId: 'w1', gridPath: '/z/w/' }],
    blackCardsIssued: [{ id: 'bc1', venueId: 'd', gridPath: '/z/v/g2/' }],
    blackCardsRemoved: [{ id: 'bc0', venueId: 'y9', gridPath: '/y/' }],
    jointReferrals: [{ id: 'j1', venueId: 'w1', gridPath: '/z/w/' }],
  };

  it('rolls person figures up from home grids and events up from their grids, to the tenant total', () => {
    const c = close(input);
    expect(c.grids.map((g) => g.path)).toEqual(['/y/', '/z/', '/z/v/', '/z/v/g1/', '/z/v/g2/', '/z/w/']);
    expect(grid(c, 'g1')).toMatchObject({ inspectors: 1, quota: 3, assigned: 3, done: 3, shortfall: 0, metQuota: 1, inspections: 4, failedInspections: 1, problemsFound: 2, problemsClosed: 1 });
    expect(grid(c, 'g2')).toMatchObject({ inspectors: 1, quota: 2, done: 1, shortfall: 1, metQuota: 0, inspections: 1, failedInspections: 1, problemsFound: 3, blackCardsIssued: 1 });
    expect(grid(c, 'v')).toMatchObject({ inspectors: 3, quota: 7, assigned: 7, done: 5, shortfall: 2, metQuota: 1, inspections: 6, failedInspections: 2, problemsFound: 5, problemsClosed: 1, blackCardsIssued: 1 });
    expect(grid(c, 'w')).toMatchObject({ inspectors: 0, quota: 0, inspections: 0, problemsClosed: 1, jointReferrals: 1 });
    expect(grid(c, 'v')).toMatchObject({ jointReferrals: 0 });
    expect(grid(c, 'z')).toMatchObject({ inspectors: 3, quota: 7, done: 5, shortfall: 2, inspections: 6, problemsClosed: 2, blackCardsIssued: 1, blackCardsRemoved: 0 });
    // y-lead's inspection is in a vanished grid: it counts for y-lead (a shop outside the list), not for any grid.
    expect(grid(c, 'y')).toMatchObject({ inspectors: 1, quota: 1, done: 1, shortfall: 0, metQuota: 1, inspections: 0, blackCardsRemoved: 1 });
    // The authority and the inspection in a vanished grid count in the total only.
    expect(c.total).toEqual({
      inspectors: 5,
      onLeave: 0,
      quota: 8,
      assigned: 9,
      done: 7,
      shortfall: 2,
      metQuota: 2,
      mandatoryMissed: 0,
      inspections: 7,
      failedInspections: 2,
      problemsFound: 5,
      problemsClosed: 2,
      blackCardsIssued: 1,
      blackCardsRemoved: 1,
      noticesIssued: 0,
      bulletinsIssued: 0,
      jointReferrals: 1,
    });
    expect(row(c, 'y-lead')).toMatchObject({ assignedDone: 0, otherDone: 1, done: 1 });
  });

  it('gives the same report for the same input, and updates when late inspections arrive', () => {
    const first = close(input);
    expect(close(input)).toEqual(first);
    const late = close({ ...input, inspections: [...(input.inspections as CloseInspection[]), inspection('g2-lead', 'e', '/z/v/g2/')] });
    expect(row(late, 'g2-lead')).toMatchObject({ done: 2, shortfall: 0 });
    expect(grid(late, 'v')).toMatchObject({ done: 6, shortfall: 1, inspections: 7 });
  });

  it('counts the notices issued up the grids, and each bulletin once per grid it names something in', () => {
    const ev = (id: string, gridPath: string) => ({ id, venueId: `v-${id}`, gridPath });
    const c = close({
      noticesIssued: [ev('n1', '/z/v/g1/'), ev('n2', '/z/v/g2/'), ev('n3', '/y/')],
      bulletins: [
        { id: 'b1', gridPaths: ['/z/v/g1/', '/z/v/g2/', '/z/v/g1/'] },
        { id: 'b2', gridPaths: ['/y/'] },
        { id: 'b3', gridPaths: [] },
        { id: 'b1', gridPaths: ['/z/v/g1/'] },
      ],
    });
    expect([grid(c, 'g1').noticesIssued, grid(c, 'v').noticesIssued, grid(c, 'z').noticesIssued, grid(c, 'y').noticesIssued, c.total.noticesIssued]).toEqual([1, 2, 2, 1, 3]);
    // b1 names venues of g1 and g2: once for each of them, once (not twice) for v and z above them.
    expect([grid(c, 'g1').bulletinsIssued, grid(c, 'g2').bulletinsIssued, grid(c, 'v').bulletinsIssued, grid(c, 'z').bulletinsIssued, grid(c, 'w').bulletinsIssued]).toEqual([1, 1, 1, 1, 0]);
    // The tenant counts every bulletin, one naming nothing too; a bulletin given twice counts once.
    expect([grid(c, 'y').bulletinsIssued, c.total.bulletinsIssued]).toEqual([1, 3]);
  });

  it('closes an empty day', () => {
    const c = close({});
    expect(c.inspectors).toEqual([]);
    expect(c.total).toMatchObject({ inspectors: 0, quota: 0, inspections: 0 });
    expect(c.grids).toHaveLength(GRIDS.length);
  });

  it('closes a plan made by the planner', () => {
    const plan = planDay({
      date: DAY,
      rules: defaultRules(),
      grids: GRIDS,
      inspectors: [{ id: 'lead', roles: ['inspector'], gridIds: ['g1'], venueKinds: [], onLeave: false }],
      venues: Array.from({ length: 25 }, (_, i) => ({
        id: `v${String(i).padStart(2, '0')}`,
        gridId: 'g1',
        gridPath: '/z/v/g1/',
        kind: 'shop',
        risk: 'green' as const,
        status: 'open' as const,
        blackCarded: i === 0,
        recheckDue: false,
        followUpDue: false,
      })),
    });
    const done = plan.inspectors[0].assignments.slice(1, 19).map((a) => inspection('lead', a.venueId, a.gridPath));
    const c = close({ plan, inspections: done });
    expect(row(c, 'lead')).toMatchObject({ homeGridId: 'g1', quota: 20, assigned: 20, done: 18, shortfall: 2, mandatoryMissed: ['v00'] });
    expect(grid(c, 'z')).toMatchObject({ quota: 20, done: 18, shortfall: 2, mandatoryMissed: 1 });
  });
});
