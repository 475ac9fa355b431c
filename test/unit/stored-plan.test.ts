import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../shared/domain/rules';
import { mergePlans, type PlannerGrid, type PlannerInspector, type PlannerVenue, planDay } from '../../shared/planning/planner';
import { mergeAllParts, mergeParts, type PlanPart, planParts, planProgress } from '../../shared/planning/stored-plan';

const DAY = '2026-11-25';
const GRIDS: PlannerGrid[] = [
  { id: 'a', path: '/a/', parentId: null, level: 1 },
  { id: 'a1', path: '/a/a1/', parentId: 'a', level: 2 },
  { id: 'b', path: '/b/', parentId: null, level: 1 },
  { id: 'b1', path: '/b/b1/', parentId: 'b', level: 2 },
];
const PATH = Object.fromEntries(GRIDS.map((g) => [g.id, g.path]));
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
  ...over,
});
const people: PlannerInspector[] = [
  { id: 'both', roles: ['inspector'], gridIds: ['a1', 'b1'], venueKinds: [], onLeave: false },
  { id: 'only-a', roles: ['inspector'], gridIds: ['a1'], venueKinds: [], onLeave: false },
  { id: 'auth', roles: ['industry-authority'], gridIds: [], venueKinds: ['shop'], onLeave: false },
];
const venuesA = [venue('a-black', 'a1', { blackCarded: true }), ...Array.from({ length: 6 }, (_, i) => venue(`a-${i}`, 'a1', { recheckDue: i === 3 }))];
const venuesB = [venue('b-black', 'b1', { blackCarded: true }), ...Array.from({ length: 6 }, (_, i) => venue(`b-${i}`, 'b1', { lastInspectedDate: '2026-11-20' }))];
const rules = { ...defaultRules(), quota: { ...defaultRules().quota, perInspector: 3 } };

/** The job's way: subtrees in path order, each with the counts of the earlier ones as assignedElsewhere. */
function perSubtree() {
  const partA = planDay({ date: DAY, rules, grids: GRIDS, inspectors: people.filter((p) => p.id !== 'none'), venues: venuesA });
  const used = new Map(partA.inspectors.map((p) => [p.inspectorId, p.assignments.length]));
  const inB = people.filter((p) => p.id !== 'only-a').map((p) => ({ ...p, assignedElsewhere: used.get(p.id) ?? 0 }));
  const partB = planDay({ date: DAY, rules, grids: GRIDS, inspectors: inB, venues: venuesB });
  return { partA, partB };
}

describe('stored plan', () => {
  it('joins stored parts into exactly the lists mergePlans gives, whatever order the parts come back in', () => {
    const { partA, partB } = perSubtree();
    const merged = mergePlans([partA, partB]);
    const labels = new Map([...venuesA, ...venuesB].map((v) => [v.id, { name: `名称 ${v.id}`, risk: v.risk }]));
    const ctx = (top: string, generation: number) => ({ top, generation, labels, people: new Map(), chunkSize: 2 });
    const parts: PlanPart[] = [...planParts(partA, ctx('a', 1)), ...planParts(partB, ctx('b', 1))].reverse();
    // Chunks of 2: a list of 3 becomes 2 items, an empty list one.
    expect(parts.filter((p) => p.inspectorId === 'both' && p.top === 'a')).toHaveLength(2);
    const fromStore = mergeAllParts(parts);
    expect(fromStore.map((p) => p.inspectorId)).toEqual(merged.inspectors.map((p) => p.inspectorId));
    for (const person of merged.inspectors) {
      const stored = fromStore.find((p) => p.inspectorId === person.inspectorId)!;
      expect(stored.assignments.map((a) => `${a.as}:${a.venueId}:${a.reason}:${a.mandatory}`)).toEqual(
        person.assignments.map((a) => `${a.as}:${a.venueId}:${a.reason}:${a.mandatory}`),
      );
      expect(stored.mandatoryOverQuota).toBe(person.mandatoryOverQuota);
      expect(stored.quota).toBe(person.quota);
    }
    // The quota holds across subtrees: 'both' got 3 in all (black cards aside).
    const both = fromStore.find((p) => p.inspectorId === 'both')!;
    expect(both.assignments.filter((a) => !a.mandatory).length).toBeLessThanOrEqual(3);
    expect(both.assignments[0]).toMatchObject({ name: expect.stringContaining('名称'), risk: 'green' });
  });

  it('takes the quota of the newest generation while a re-plan is under way', () => {
    const { partA } = perSubtree();
    const labels = new Map();
    const old = planParts(partA, { top: 'a', generation: 1, labels, people: new Map() }).filter((p) => p.inspectorId === 'only-a');
    const fresh = old.map((p) => ({ ...p, top: 'b', generation: 2, quota: 1, assignments: [] }));
    expect(mergeParts([...old, ...fresh]).quota).toBe(1);
  });

  it('counts progress as the close does: the list once per venue, plus other venues of quota kinds', () => {
    const { progress, inspected } = planProgress(
      { quota: 4, assignments: [{ venueId: 'x' }, { venueId: 'y' }, { venueId: 'z' }] },
      [
        { venueId: 'x', venueKind: 'shop' },
        { venueId: 'x', venueKind: 'shop' },
        { venueId: 'other-shop', venueKind: 'shop' },
        { venueId: 'other-hotel', venueKind: 'hotel' },
      ],
      ['shop'],
    );
    expect(progress).toEqual({ quota: 4, assigned: 3, done: 2, assignedDone: 1, otherDone: 1, remaining: 2, inspections: 4 });
    expect([...inspected].sort()).toEqual(['other-hotel', 'other-shop', 'x']);
  });
});
