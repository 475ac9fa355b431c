/**
 * A few demo households and people per lowest-level grid for `npm start` (not the 210,186: the import
 * does those), written through the residents repositories like the API writes them, so the personal
 * fields are sealed with the tenant's key. Ids are deterministic: a seed that runs again finds them.
 */
import type { TenantData } from '../shared/data/tenant-data';
import type { Actor } from '../shared/domain/actor';
import type { Grid } from '../shared/domain/grid';
import { residentIdCheckChar } from '../shared/domain/residents/id-number';
import { HouseholdInput } from '../shared/domain/residents/household';
import { PersonInput } from '../shared/domain/residents/person';
import { VisitInput } from '../shared/domain/residents/visit';
import { demoUlid as ulidOf } from './demo/ulid';

const pad2 = (n: number) => String(n).padStart(2, '0');
const demoUlid = (n: number) => ulidOf('01JD', n);

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['建国', '秀英', '伟', '芳', '强', '娜', '磊', '静', '军', '丽', '洋', '敏', '勇', '艳', '杰', '霞'];
const CATEGORIES = ['local-permanent', 'local-permanent', 'local-permanent', 'nonlocal-permanent', 'local-temporary', 'nonlocal-temporary'];
const HOUSEHOLD_TAGS = [['permanent'], ['permanent', 'party-member'], ['permanent', 'elderly-alone'], ['vacant'], ['permanent', 'assistance'], ['home-observation']];

/** The leaf grids (三级网格 and other grids without children): where households are registered. */
const leaves = (grids: Grid[]) => grids.filter((g) => !grids.some((c) => c.parentId === g.id));

/** The people registered, in order (the demo's home monitoring picks from them). */
export interface DemoResident {
  householdId: string;
  personId: string;
  gridId: string;
}

export async function seedDemoResidents(data: TenantData, region: string, now: Date): Promise<DemoResident[]> {
  const people: DemoResident[] = [];
  const actor: Actor = { userId: 'admin', tenantId: data.tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] };
  const scope = { kind: 'tenant' } as const;
  const { residents } = data;
  let n = 0;
  for (const [g, grid] of leaves(await data.grids.tree()).entries()) {
    for (let h = 0; h < 3; h++) {
      const k = g * 3 + h;
      const tags = HOUSEHOLD_TAGS[k % HOUSEHOLD_TAGS.length];
      const household = HouseholdInput.parse({
        id: demoUlid(++n),
        gridId: grid.id,
        number: `${grid.id}-${h + 1}`,
        address: { compound: grid.name, building: String(1 + (h % 2)), unit: '1', room: `${h + 1}0${1 + (k % 4)}` },
        tags,
      });
      await residents.households.create(actor, scope, household, now);
      const size = tags.includes('vacant') ? 0 : tags.includes('elderly-alone') ? 1 : 2 + (k % 3);
      for (let p = 0; p < size; p++) {
        const year = tags.includes('elderly-alone') ? 1940 + (k % 10) : 1960 + ((k + p * 17) % 45);
        const born = `${year}${pad2(1 + ((k + p) % 12))}${pad2(1 + ((k * 7 + p) % 28))}`;
        const first17 = `${region}${born}${100 + ((k * 13 + p) % 900)}`;
        const person = PersonInput.parse({
          id: demoUlid(++n),
          // The spouse has a surname of her own; children the householder's.
          name: SURNAMES[(k + (p === 1 ? 5 : 0)) % SURNAMES.length] + GIVEN[(k * 3 + p) % GIVEN.length],
          idNumber: `${first17}${residentIdCheckChar(first17)}`,
          phone: p < 2 ? `139${String(10_000_000 + k * 97 + p).slice(0, 8)}` : undefined,
          category: CATEGORIES[(k + p) % CATEGORIES.length],
          relationship: p === 0 ? 'householder' : p === 1 ? 'spouse' : 'child',
          tags: tags.includes('elderly-alone') ? ['elderly-alone'] : tags.includes('party-member') && p === 0 ? ['party-member'] : [],
        });
        await residents.persons.add(actor, scope, household.id, person, now);
        people.push({ householdId: household.id, personId: person.id, gridId: grid.id });
      }
      if (h === 0) await residents.visits.record(actor, scope, VisitInput.parse({ id: demoUlid(++n), householdId: household.id, visitedAt: now.toISOString(), method: 'door', note: '入户走访，情况正常' }), now);
      else n++;
    }
  }
  return people;
}
