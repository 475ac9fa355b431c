/** The residents' pure rules: GB 11643 check digits, other documents, phones, masking, counters and their roll-up. */
import { describe, expect, it } from 'vitest';
import { countsDelta, gridDeltas, householdCounts, personCounts, rollUp } from '../../shared/domain/residents/counts';
import { idNumberProblem, normaliseIdNumber, normalisePhone, phoneProblem, residentIdBirthDate, residentIdCheckChar, residentIdGender } from '../../shared/domain/residents/id-number';
import { maskIdNumber, maskName, maskPhone } from '../../shared/domain/residents/mask';
import { PersonInput } from '../../shared/domain/residents/person';
import { defaultResidentRules, ResidentRules, unknownCodes } from '../../shared/domain/residents/rules';
import { mayUnmask, residentScopeFromPaths, residentsSeeWholeTenant } from '../../shared/domain/residents/scope';
import { communityMap, shownTag } from '../../shared/domain/residents/community-map';

describe('resident ID numbers (GB 11643-1999)', () => {
  it('computes the published check characters', () => {
    // The standard's own example and well-known specimens.
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    expect(idNumberProblem('resident-id', '11010519491231002X')).toBeUndefined();
    expect(idNumberProblem('resident-id', normaliseIdNumber('110105 19491231 002x'))).toBeUndefined();
  });

  it('refuses a wrong check digit, a wrong length and impossible birth dates', () => {
    expect(idNumberProblem('resident-id', '110105194912310021')).toMatch(/check digit/);
    expect(idNumberProblem('resident-id', '11010519491231002')).toMatch(/18 characters/);
    const feb30 = `41018420260230001`;
    expect(idNumberProblem('resident-id', `${feb30}${residentIdCheckChar(feb30)}`)).toMatch(/birth date/);
    const future = '41018420991231001';
    expect(idNumberProblem('resident-id', `${future}${residentIdCheckChar(future)}`, '2026-11-25')).toMatch(/birth date/);
  });

  it('reads the birth date and gender', () => {
    expect(residentIdBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(residentIdGender('11010519491231002X')).toBe('female');
    expect(residentIdGender('11010519491231001X')).toBe('male');
  });

  it('checks other documents by their own shapes', () => {
    expect(idNumberProblem('passport', 'E12345678')).toBeUndefined();
    expect(idNumberProblem('passport', 'E1')).toBeDefined();
    expect(idNumberProblem('hk-macao-permit', 'H12345678')).toBeUndefined();
    expect(idNumberProblem('hk-macao-permit', 'X12345678')).toBeDefined();
    expect(idNumberProblem('taiwan-permit', '12345678')).toBeUndefined();
  });

  it('names the field in the schema', () => {
    const result = PersonInput.safeParse({ id: '01J0000000000000000000000A', name: '张三', idNumber: '110105194912310021', category: 'local-permanent', relationship: 'householder', phone: '12' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['idNumber', 'phone']);
  });
});

describe('phones', () => {
  it('normalises and checks mobiles and landlines', () => {
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(phoneProblem('13812345678')).toBeUndefined();
    expect(phoneProblem('037162345678')).toBeUndefined();
    expect(phoneProblem('12345')).toBeDefined();
  });
});

describe('masking', () => {
  it('masks names, document numbers and phones as the articles show them', () => {
    expect(maskName('张伟')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('李*');
    expect(maskIdNumber('410184198001011234')).toBe('4101**********1234');
    expect(maskIdNumber('E12345678')).toBe('E******78');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('037162345678')).toBe('037*******78');
  });
});

describe('counters', () => {
  it('count what a household and an active person contribute, nothing once they left', () => {
    expect(householdCounts({ tags: ['vacant'] })).toEqual({ households: 1, 'ht:vacant': 1 });
    expect(personCounts({ status: 'active', category: 'local-permanent', tags: ['disabled'] })).toEqual({ people: 1, 'c:local-permanent': 1, 'pt:disabled': 1 });
    expect(personCounts({ status: 'moved-out', category: 'local-permanent', tags: [] })).toEqual({});
  });

  it('give the difference of a change, per grid when something moves', () => {
    const before = personCounts({ status: 'active', category: 'local-permanent', tags: ['disabled'] });
    const after = personCounts({ status: 'active', category: 'local-temporary', tags: ['disabled'] });
    expect(countsDelta(before, after)).toEqual({ 'c:local-permanent': -1, 'c:local-temporary': 1 });
    expect(gridDeltas({ gridId: 'a', counts: before }, { gridId: 'a', counts: before }).size).toBe(0);
    expect(Object.fromEntries(gridDeltas({ gridId: 'a', counts: { people: 1 } }, { gridId: 'b', counts: { people: 1 } }))).toEqual({ a: { people: -1 }, b: { people: 1 } });
  });

  it('roll up the tree: a grid total is its own plus its descendants', () => {
    const grids = [
      { id: 'a', name: 'A', path: '/a/', parentId: null },
      { id: 'b', name: 'B', path: '/a/b/', parentId: 'a' },
      { id: 'c', name: 'C', path: '/a/b/c/', parentId: 'b' },
      { id: 'd', name: 'D', path: '/a/d/', parentId: 'a' },
    ];
    const own = new Map<string, Record<string, number>>([
      ['a', { people: 1 }],
      ['c', { people: 3, 'c:x': 3 }],
      ['d', { people: 5 }],
    ]);
    const figures = Object.fromEntries(rollUp(grids, own).map((f) => [f.id, f.total]));
    expect(figures).toEqual({ a: { people: 9, 'c:x': 3 }, b: { people: 3, 'c:x': 3 }, c: { people: 3, 'c:x': 3 }, d: { people: 5 } });
  });
});

describe('residents rules and scope', () => {
  it('defaults to the articles: 8 household tags with colours, 4 categories, admins unmask, a year of retention', () => {
    const rules = defaultResidentRules();
    expect(ResidentRules.parse(rules)).toEqual(rules);
    expect(rules.householdTags.map((t) => t.nameZh)).toEqual(['常住', '空置房', '居家隔离', '居家观察', '帮扶对象', '残疾人', '党员家庭', '独居老人']);
    expect(rules.personCategories.map((c) => c.nameZh)).toEqual(['本地常住', '外地常住', '本地暂住', '外地暂住']);
    expect(unknownCodes(rules, { householdTags: ['vacant', 'x'], category: 'local-permanent' })).toEqual([{ field: 'tags', message: "not defined in the tenant's rules: x" }]);
  });

  it('refuses duplicate codes and roles outside the residents roles', () => {
    const rules = defaultResidentRules();
    expect(ResidentRules.safeParse({ ...rules, personTags: [...rules.personTags, rules.personTags[0]] }).success).toBe(false);
    expect(ResidentRules.safeParse({ ...rules, unmaskRoles: ['industry-authority'] }).success).toBe(false);
  });

  it('scopes grid members to their grids whatever other roles they have', () => {
    const actor = { userId: 'u', tenantId: 't', roles: ['inspector', 'industry-authority'] as const, gridIds: ['g'], venueKinds: ['shop'] };
    expect(residentsSeeWholeTenant({ ...actor, roles: [...actor.roles] })).toBe(false);
    expect(residentScopeFromPaths({ ...actor, roles: [...actor.roles] }, ['/a/b/', '/a/', '/c/'])).toEqual({ kind: 'subtrees', roots: ['/a/', '/c/'] });
    expect(residentsSeeWholeTenant({ ...actor, roles: ['supervisor'], gridIds: [] })).toBe(true);
    expect(mayUnmask({ ...actor, roles: ['supervisor'] }, ['tenant-admin'])).toBe(false);
    expect(mayUnmask({ ...actor, roles: ['supervisor'] }, ['tenant-admin', 'supervisor'])).toBe(true);
  });
});

describe('the community map', () => {
  it('lays households out by compound and building in natural order, coloured by the tag that stands out', () => {
    const h = (id: string, compound: string | undefined, building: string, unit: string, room: string, tags: string[]) => ({
      id, gridId: 'g', gridPath: '/g/', address: { compound, building, unit, room }, tags, members: 1, version: 1, createdAt: '', updatedAt: '', createdBy: 'x',
    });
    const map = communityMap(
      [h('a', '幸福小区', '10', '1', '101', ['vacant']), h('b', '幸福小区', '2', '1', '1001', ['party-member', 'permanent']), h('c', '幸福小区', '2', '1', '201', []), h('d', undefined, '1', '1', '1', ['unknown'])],
      defaultResidentRules(),
    );
    expect(map.compounds.map((c) => c.name)).toEqual(['—', '幸福小区']);
    const happy = map.compounds[1];
    expect(happy.buildings.map((b) => b.name)).toEqual(['2', '10']);
    // 党员家庭 shows over the everyday 常住 (the rules' first tag), which only shows alone.
    expect(happy.buildings[0].households.map((c) => [c.id, c.tag, c.colour])).toEqual([['c', undefined, undefined], ['b', 'party-member', '#c2185b']]);
    expect(happy.buildings[1].households[0].colour).toBe('#9e9e9e');
    expect(map.legend).toHaveLength(8);
    expect(shownTag(['permanent'], ['permanent', 'vacant', 'home-isolation'])).toBe('permanent');
    expect(shownTag(['permanent', 'home-isolation', 'vacant'], ['permanent', 'vacant', 'home-isolation'])).toBe('vacant');
    expect(shownTag(['unknown'], ['permanent'])).toBeUndefined();
  });
});
