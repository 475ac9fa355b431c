import { describe, expect, it } from 'vitest';
import { defaultRules, type TenantRules } from '../../shared/domain/rules';
import {
  type DayPlan,
  mergePlans,
  type PlannerGrid,
  type PlannerInput,
  type PlannerInspector,
  type PlannerVenue,
  planDay,
} from '../../shared/planning/planner';

// 2026-11-25 is a Wednesday.
const DAY = '2026-11-25';

/**
 * z (level 1) ─ v (2) ─ g1 (3)
 *             │       └ g2 (3)
 *             └ w (2)            (nobody works w)
 * y (level 1) ─ y1 (2)
 */
const GRIDS: PlannerGrid[] = [
  { id: 'z', path: '/z/', parentId: null, level: 1 },
  { id: 'v', path: '/z/v/', parentId: 'z', level: 2 },
  { id: 'g1', path: '/z/v/g1/', parentId: 'v', level: 3 },
  { id: 'g2', path: '/z/v/g2/', parentId: 'v', level: 3 },
  { id: 'w', path: '/z/w/', parentId: 'z', level: 2 },
  { id: 'y', path: '/y/', parentId: null, level: 1 },
  { id: 'y1', path: '/y/y1/', parentId: 'y', level: 2 },
];
const PATH: Record<string, string> = Object.fromEntries(GRIDS.map((g) => [g.id, g.path]));

const venue = (id: string, gridId: string, over: Partial<PlannerVenue> = {}): PlannerVenue => ({
  id,
  gridId,
  gridPath: PATH[gridId],
  kind: 'shop',
  risk: 'green',
  status: 'open',
  blackCarded: false,
  recheckDue: false,
  followUpDue: false,
  lastInspectedDate: '2026-11-24',
  ...over,
});
const inspector = (id: string, gridIds: string[], over: Partial<PlannerInspector> = {}): PlannerInspector => ({
  id,
  roles: ['inspector'],
  gridIds,
  venueKinds: [],
  onLeave: false,
  ...over,
});
const authority = (id: string, venueKinds: string[], over: Partial<PlannerInspector> = {}): PlannerInspector => ({
  id,
  roles: ['industry-authority'],
  gridIds: [],
  venueKinds,
  onLeave: false,
  ...over,
});
const rulesWith = (change: (r: TenantRules) => void = () => {}): TenantRules => {
  const r = structuredClone(defaultRules());
  change(r);
  return r;
};
const plan = (over: Partial<PlannerInput>): DayPlan => planDay({ date: DAY, rules: defaultRules(), grids: GRIDS, inspectors: [], venues: [], ...over });
const listOf = (p: DayPlan, id: string) => {
  const person = p.inspectors.find((i) => i.inspectorId === id);
  if (!person) throw new Error(`no plan for ${id}`);
  return person;
};
const ids = (p: DayPlan, id: string) => listOf(p, id).assignments.map((a) => a.venueId);
const reasons = (p: DayPlan, id: string) => listOf(p, id).assignments.map((a) => `${a.venueId}:${a.reason}`);
const quota = (n: number) => rulesWith((r) => (r.quota.perInspector = n));

describe('planner: priority', () => {
  it('orders black card, re-check, follow-up, overdue, then least recently inspected', () => {
    const p = plan({
      inspectors: [inspector('a', ['g1'])],
      venues: [
        venue('lru', 'g1', { lastInspectedDate: '2026-11-20' }),
        venue('over', 'g1', { lastInspectedDate: '2026-11-10' }),
        venue('follow', 'g1', { followUpDue: true }),
        venue('recheck', 'g1', { recheckDue: true }),
        venue('black', 'g1', { blackCarded: true, recheckDue: true }),
      ],
    });
    expect(reasons(p, 'a')).toEqual(['black:black-card', 'recheck:recheck', 'follow:follow-up', 'over:overdue', 'lru:least-recently-inspected']);
    expect(listOf(p, 'a').assignments.map((a) => a.mandatory)).toEqual([true, false, false, false, false]);
  });

  it('is overdue by the risk frequency: red every day, yellow every 3 days, green every 7', () => {
    const p = plan({
      inspectors: [inspector('a', ['g1'])],
      venues: [
        venue('red-1', 'g1', { risk: 'red', lastInspectedDate: '2026-11-24' }),
        venue('red-0', 'g1', { risk: 'red', lastInspectedDate: DAY }),
        venue('yellow-2', 'g1', { risk: 'yellow', lastInspectedDate: '2026-11-23' }),
        venue('yellow-3', 'g1', { risk: 'yellow', lastInspectedDate: '2026-11-22' }),
        venue('green-6', 'g1', { risk: 'green', lastInspectedDate: '2026-11-19' }),
        venue('green-7', 'g1', { risk: 'green', lastInspectedDate: '2026-11-18' }),
      ],
    });
    const byVenue = Object.fromEntries(listOf(p, 'a').assignments.map((a) => [a.venueId, a.reason]));
    expect(byVenue).toEqual({
      'red-1': 'overdue',
      'red-0': 'least-recently-inspected',
      'yellow-2': 'least-recently-inspected',
      'yellow-3': 'overdue',
      'green-6': 'least-recently-inspected',
      'green-7': 'overdue',
    });
  });

  it('puts never-inspected venues first among the overdue, then the most periods overdue, red before green on a tie', () => {
    const p = plan({
      inspectors: [inspector('a', ['g1'])],
      venues: [
        venue('green-14', 'g1', { risk: 'green', lastInspectedDate: '2026-11-11' }), // 2 periods
        venue('red-2', 'g1', { risk: 'red', lastInspectedDate: '2026-11-23' }), // 2 periods
        venue('yellow-9', 'g1', { risk: 'yellow', lastInspectedDate: '2026-11-16' }), // 3 periods
        venue('never', 'g1', { risk: 'green', lastInspectedDate: undefined }),
      ],
    });
    expect(ids(p, 'a')).toEqual(['never', 'yellow-9', 'green-14', 'red-2']);
    // green-14 and red-2 are both 2 periods overdue: the one inspected longer ago goes first.
  });

  it('orders the least recently inspected oldest first, then red before yellow before green, then by id', () => {
    const p = plan({
      inspectors: [inspector('a', ['g1'])],
      rules: rulesWith((r) => (r.inspectionFrequencyDays = { red: 30, yellow: 30, green: 30 })),
      venues: [
        venue('c', 'g1', { risk: 'green', lastInspectedDate: '2026-11-24' }),
        venue('b', 'g1', { risk: 'green', lastInspectedDate: '2026-11-24' }),
        venue('d', 'g1', { risk: 'red', lastInspectedDate: '2026-11-24' }),
        venue('old', 'g1', { risk: 'green', lastInspectedDate: '2026-11-01' }),
      ],
    });
    expect(ids(p, 'a')).toEqual(['old', 'd', 'b', 'c']);
  });

  it('stops at the quota, keeping the most pressing venues', () => {
    const venues = Array.from({ length: 30 }, (_, i) => venue(`v${String(i).padStart(2, '0')}`, 'g1', { lastInspectedDate: `2026-11-${String(i + 1).padStart(2, '0')}` }));
    const p = plan({ inspectors: [inspector('a', ['g1'])], venues });
    expect(listOf(p, 'a').quota).toBe(20);
    expect(ids(p, 'a')).toEqual(venues.slice(0, 20).map((v) => v.id));
    expect(listOf(p, 'a').mandatoryOverQuota).toBe(false);
    expect(p.totals).toMatchObject({ venues: 30, eligible: 30, assignments: 20, mandatory: 0, leftOver: 10 });
  });
});

describe('planner: who gets what', () => {
  it('spreads a grid evenly over the inspectors who share it, ties to the lower id', () => {
    const venues = ['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => venue(id, 'g1'));
    const p = plan({ inspectors: [inspector('zhang', ['g1']), inspector('li', ['g1'])], venues });
    expect(ids(p, 'li')).toEqual(['a1', 'a3', 'a5']);
    expect(ids(p, 'zhang')).toEqual(['a2', 'a4']);
  });

  it('prefers the most specific grid: the village head takes what the group leader has no room for', () => {
    const venues = [...Array.from({ length: 5 }, (_, i) => venue(`g1-${i}`, 'g1')), venue('village', 'v')];
    const p = plan({ rules: quota(3), inspectors: [inspector('group', ['g1']), inspector('head', ['v'])], venues });
    expect(ids(p, 'group')).toEqual(['g1-0', 'g1-1', 'g1-2']);
    expect(ids(p, 'head')).toEqual(['g1-3', 'g1-4', 'village']);
  });

  it('gives an inspector on leave nothing; a colleague of the grid takes the venues, else the grid above, else nobody', () => {
    const venues = [venue('g1-a', 'g1'), venue('g1-b', 'g1'), venue('g2-a', 'g2', { blackCarded: true })];
    const p = plan({
      inspectors: [inspector('away', ['g1'], { onLeave: true }), inspector('mate', ['g1']), inspector('solo', ['g2'], { onLeave: true })],
      venues,
    });
    expect(listOf(p, 'away')).toMatchObject({ quota: 0, onLeave: true, assignments: [] });
    expect(ids(p, 'mate')).toEqual(['g1-a', 'g1-b']);
    expect(p.uncovered).toEqual([{ gridId: 'g2', gridPath: '/z/v/g2/', why: 'on-leave', venues: 1, mandatoryVenueIds: ['g2-a'] }]);

    const withHead = plan({ inspectors: [inspector('solo', ['g2'], { onLeave: true }), inspector('head', ['v'])], venues });
    expect(ids(withHead, 'head')).toEqual(['g2-a', 'g1-a', 'g1-b']);
    expect(withHead.uncovered).toEqual([]);
  });

  it('reports grids nobody works, and plans nothing for an empty grid or an empty tenant', () => {
    const p = plan({
      inspectors: [inspector('a', ['g1'])],
      venues: [venue('w-1', 'w'), venue('w-2', 'w', { blackCarded: true }), venue('w-hotel', 'w', { kind: 'hotel' })],
    });
    expect(listOf(p, 'a').assignments).toEqual([]);
    expect(p.uncovered).toEqual([{ gridId: 'w', gridPath: '/z/w/', why: 'no-inspector', venues: 2, mandatoryVenueIds: ['w-2'] }]);

    const empty = plan({});
    expect(empty).toEqual({ date: DAY, workingDay: true, rulesVersion: 0, inspectors: [], uncovered: [], totals: { venues: 0, eligible: 0, assignments: 0, mandatory: 0, leftOver: 0 } });
    const noVenues = plan({ inspectors: [inspector('a', ['g1'])] });
    expect(listOf(noVenues, 'a')).toMatchObject({ quota: 20, assignments: [], mandatoryOverQuota: false });
  });

  it('assigns every black-carded venue even past the quota, and flags it', () => {
    const venues = [venue('b1', 'g1', { blackCarded: true }), venue('b2', 'g1', { blackCarded: true }), venue('b3', 'g1', { blackCarded: true }), venue('plain', 'g1')];
    const p = plan({ rules: quota(2), inspectors: [inspector('a', ['g1'])], venues });
    expect(ids(p, 'a')).toEqual(['b1', 'b2', 'b3']);
    expect(listOf(p, 'a')).toMatchObject({ quota: 2, mandatory: 3, mandatoryOverQuota: true });
    // Black-carded venues use up the quota before anything else.
    const fits = plan({ rules: quota(3), inspectors: [inspector('a', ['g1'])], venues });
    expect(ids(fits, 'a')).toEqual(['b1', 'b2', 'b3']);
    expect(listOf(fits, 'a').mandatoryOverQuota).toBe(false);
  });

  it('gives each black-carded venue to one locality inspector and to every industry authority of its kind', () => {
    const venues = [venue('black-shop', 'g1', { blackCarded: true }), venue('black-hotel', 'g1', { kind: 'hotel', blackCarded: true }), venue('shop', 'g1')];
    const p = plan({
      inspectors: [
        inspector('a', ['g1']),
        inspector('b', ['g1']),
        authority('market', ['shop', 'supermarket']),
        authority('market-2', ['shop']),
        authority('culture', ['hotel', 'ktv']),
        authority('market-away', ['shop'], { onLeave: true }),
      ],
      venues,
    });
    // Same tier and age: by venue id, each to the least loaded locality inspector.
    expect(ids(p, 'a')).toEqual(['black-hotel', 'shop']);
    expect(ids(p, 'b')).toEqual(['black-shop']);
    expect(listOf(p, 'market').assignments).toEqual([
      { venueId: 'black-shop', gridId: 'g1', gridPath: '/z/v/g1/', kind: 'shop', reason: 'black-card', mandatory: true, as: 'industry-authority' },
    ]);
    expect(ids(p, 'market-2')).toEqual(['black-shop']);
    expect(ids(p, 'culture')).toEqual(['black-hotel']);
    expect(ids(p, 'market-away')).toEqual([]);
    // Authorities have no quota by default: black-carded venues only, never flagged for it on their own.
    expect(listOf(p, 'market')).toMatchObject({ quota: 0, mandatoryOverQuota: true });
  });

  it('fills an industry authority quota with venues of its kinds, spread over the authorities of a kind', () => {
    const rules = rulesWith((r) => (r.quota.industryAuthority = 2));
    const venues = [venue('s1', 'g1'), venue('s2', 'w'), venue('s3', 'y1'), venue('k1', 'g2', { kind: 'ktv' }), venue('k2', 'g2', { kind: 'ktv' })];
    const p = plan({ rules, inspectors: [authority('m1', ['shop']), authority('m2', ['shop']), authority('culture', ['ktv'])], venues });
    expect(ids(p, 'm1')).toEqual(['s1', 's3']);
    expect(ids(p, 'm2')).toEqual(['s2']);
    expect(ids(p, 'culture')).toEqual(['k1', 'k2']);
  });

  it('lets a user with both roles get a venue once', () => {
    const p = plan({ inspectors: [inspector('both', ['g1'], { roles: ['inspector', 'industry-authority'], venueKinds: ['shop'] })], venues: [venue('b', 'g1', { blackCarded: true })] });
    expect(listOf(p, 'both').assignments).toMatchObject([{ venueId: 'b', as: 'locality', mandatory: true }]);
  });

  it('takes the quota of the inspector’s highest grid level when the level has an override', () => {
    const rules = rulesWith((r) => (r.quota.byGridLevel = [{ level: 3, perInspector: 2 }, { level: 1, perInspector: 0 }]));
    const venues = Array.from({ length: 5 }, (_, i) => venue(`v${i}`, 'g1'));
    const p = plan({ rules, inspectors: [inspector('group', ['g1']), inspector('head', ['v', 'g2']), inspector('zone', ['z'])], venues });
    expect(listOf(p, 'group').quota).toBe(2);
    expect(listOf(p, 'head').quota).toBe(20);
    expect(listOf(p, 'zone').quota).toBe(0);
    expect(listOf(p, 'head')).toMatchObject({ homeGridId: 'v' });
    expect(ids(p, 'group')).toEqual(['v0', 'v1']);
    expect(ids(p, 'head')).toEqual(['v2', 'v3', 'v4']);
    expect(ids(p, 'zone')).toEqual([]);
  });
});

describe('planner: which venues', () => {
  it('skips closed venues and suspended ones unless a re-check is due', () => {
    const p = plan({
      inspectors: [inspector('a', ['g1'])],
      venues: [
        venue('closed', 'g1', { status: 'closed', blackCarded: true, recheckDue: true }),
        venue('suspended', 'g1', { status: 'suspended' }),
        venue('suspended-black', 'g1', { status: 'suspended', blackCarded: true }),
        venue('suspended-recheck', 'g1', { status: 'suspended', recheckDue: true }),
        venue('open', 'g1'),
      ],
    });
    expect(reasons(p, 'a')).toEqual(['suspended-recheck:recheck', 'open:least-recently-inspected']);
    expect(p.totals).toMatchObject({ venues: 5, eligible: 2 });
  });

  it('fills the quota with counting kinds only; black-carded venues of any kind are still assigned', () => {
    const p = plan({
      inspectors: [inspector('a', ['g1'])],
      venues: [venue('hotel', 'g1', { kind: 'hotel', recheckDue: true }), venue('black-ktv', 'g1', { kind: 'ktv', blackCarded: true }), venue('market', 'g1', { kind: 'farmers-market' })],
    });
    expect(reasons(p, 'a')).toEqual(['black-ktv:black-card', 'market:least-recently-inspected']);
    const allKinds = plan({ rules: rulesWith((r) => r.quota.venueKinds.push('hotel')), inspectors: [inspector('a', ['g1'])], venues: [venue('hotel', 'g1', { kind: 'hotel' })] });
    expect(ids(allKinds, 'a')).toEqual(['hotel']);
  });

  it('plans only black-carded venues on a non-working day, without a quota', () => {
    const rules = rulesWith((r) => (r.workingDays.weekdays = [1, 2, 4, 5])); // not Wednesday
    const venues = [venue('black', 'g1', { blackCarded: true }), venue('plain', 'g1')];
    const p = plan({ rules, inspectors: [inspector('a', ['g1']), authority('m', ['shop'])], venues });
    expect(p.workingDay).toBe(false);
    expect(listOf(p, 'a')).toMatchObject({ quota: 0, mandatoryOverQuota: false });
    expect(ids(p, 'a')).toEqual(['black']);
    expect(ids(p, 'm')).toEqual(['black']);
    // A public holiday on a working weekday, and a make-up working day on an off weekday.
    expect(plan({ rules: rulesWith((r) => (r.workingDays.nonWorkingDates = [DAY])), inspectors: [inspector('a', ['g1'])], venues }).workingDay).toBe(false);
    const makeUp = plan({ rules: rulesWith((r) => Object.assign(r.workingDays, { weekdays: [1], extraWorkingDates: [DAY] })), inspectors: [inspector('a', ['g1'])], venues });
    expect(makeUp.workingDay).toBe(true);
    expect(ids(makeUp, 'a')).toEqual(['black', 'plain']);
  });

  it('treats black-carded venues as ordinary when the daily black-card rule is off', () => {
    const rules = rulesWith((r) => Object.assign(r.blackCard, { dailyByLocality: false, dailyByIndustryAuthority: false }));
    const venues = [venue('black', 'g1', { blackCarded: true }), venue('black-hotel', 'g1', { kind: 'hotel', blackCarded: true }), venue('plain', 'g1')];
    const p = plan({ rules: rulesWith((r) => Object.assign(r, rules, { quota: { ...rules.quota, perInspector: 1 } })), inspectors: [inspector('a', ['g1']), authority('m', ['shop'])], venues });
    expect(listOf(p, 'a').assignments).toMatchObject([{ venueId: 'black', reason: 'black-card', mandatory: false }]);
    expect(ids(p, 'm')).toEqual([]);
  });

  it('counts a venue listed twice once', () => {
    const p = plan({ inspectors: [inspector('a', ['g1'])], venues: [venue('same', 'g1'), venue('same', 'g1')] });
    expect(ids(p, 'a')).toEqual(['same']);
    expect(p.totals).toMatchObject({ venues: 2, eligible: 1 });
  });
});

describe('planner: determinism and subtrees', () => {
  const inspectors = [
    inspector('a', ['g1']),
    inspector('b', ['g1']),
    inspector('c', ['g2']),
    inspector('head', ['v']),
    inspector('y-lead', ['y1']),
    authority('market', ['shop', 'restaurant', 'hotel']),
  ];
  const kinds = ['shop', 'restaurant', 'hotel', 'enterprise'];
  const risks = ['red', 'yellow', 'green'] as const;
  const grids = ['g1', 'g2', 'v', 'w', 'y1'];
  const venues = Array.from({ length: 400 }, (_, i) =>
    venue(`v${String(i).padStart(3, '0')}`, grids[i % grids.length], {
      kind: kinds[i % 4],
      risk: risks[i % 3],
      blackCarded: i % 37 === 0,
      recheckDue: i % 11 === 0,
      followUpDue: i % 13 === 0,
      lastInspectedDate: i % 7 === 0 ? undefined : `2026-11-${String((i % 24) + 1).padStart(2, '0')}`,
      status: i % 29 === 0 ? 'suspended' : 'open',
    }),
  );
  /** A fixed pseudo-random shuffle. */
  const shuffled = <T>(items: T[], seed: number) => {
    const out = [...items];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };

  it('gives the same plan for the same input, whatever the order of venues and people', () => {
    const first = plan({ inspectors, venues });
    expect(plan({ inspectors, venues })).toEqual(first);
    expect(plan({ inspectors: shuffled(inspectors, 7), venues: shuffled(venues, 42) })).toEqual(first);
    expect(plan({ inspectors: shuffled(inspectors, 3), venues: new Set(shuffled(venues, 9)) })).toEqual(first);
    expect(first.inspectors.map((i) => i.inspectorId)).toEqual(['a', 'b', 'c', 'head', 'market', 'y-lead']);
    for (const id of ['a', 'b', 'c', 'head', 'y-lead']) expect(listOf(first, id).assignments.length).toBeGreaterThanOrEqual(20);
  });

  it('plans per top-level subtree the same as all at once, carrying counts over with assignedElsewhere', () => {
    const whole = plan({ inspectors, venues });
    const zPart = plan({ inspectors: inspectors.filter((i) => i.id !== 'y-lead'), venues: venues.filter((v) => v.gridPath.startsWith('/z/')) });
    const carried = inspectors
      .filter((i) => i.id === 'y-lead' || i.id === 'market')
      .map((i) => ({ ...i, assignedElsewhere: zPart.inspectors.find((p) => p.inspectorId === i.id)?.assignments.length ?? 0 }));
    const yPart = plan({ inspectors: carried, venues: venues.filter((v) => v.gridPath.startsWith('/y/')) });
    const merged = mergePlans([zPart, yPart]);
    // Everyone inside one subtree gets exactly the same list.
    for (const id of ['a', 'b', 'c', 'head', 'y-lead']) expect(listOf(merged, id)).toEqual(listOf(whole, id));
    // The authority spans both: the same venues, each tier's venues subtree by subtree.
    const byVenue = (p: DayPlan) => [...listOf(p, 'market').assignments].sort((x, y) => x.venueId.localeCompare(y.venueId));
    expect(byVenue(merged)).toEqual(byVenue(whole));
    expect(listOf(merged, 'market')).toMatchObject({ quota: 0, mandatory: listOf(whole, 'market').mandatory, mandatoryOverQuota: true, assignedElsewhere: 0 });
    expect(merged.uncovered).toEqual(whole.uncovered);
    expect(merged.totals).toEqual(whole.totals);
    const market = listOf(merged, 'market').assignments;
    expect(market.some((a) => a.gridPath.startsWith('/z/'))).toBe(true);
    expect(market.some((a) => a.gridPath.startsWith('/y/'))).toBe(true);
    expect(merged.totals.venues).toBe(venues.length);
  });

  it('lets assignedElsewhere use up part of the quota', () => {
    const venues5 = Array.from({ length: 5 }, (_, i) => venue(`v${i}`, 'g1'));
    const p = plan({ inspectors: [inspector('a', ['g1'], { assignedElsewhere: 18 })], venues: venues5 });
    expect(ids(p, 'a')).toEqual(['v0', 'v1']);
    expect(listOf(p, 'a')).toMatchObject({ quota: 20, assignedElsewhere: 18, mandatoryOverQuota: false });
    const full = plan({ inspectors: [inspector('a', ['g1'], { assignedElsewhere: 20 })], venues: [venue('black', 'g1', { blackCarded: true }), ...venues5] });
    expect(ids(full, 'a')).toEqual(['black']);
    expect(listOf(full, 'a').mandatoryOverQuota).toBe(true);
  });
});
