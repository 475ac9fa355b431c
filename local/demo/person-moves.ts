/**
 * The demo's moves between households (issue 14): a grown child of the town leaves their parents'
 * household for a new one of their own in a neighbouring grid (分户, with a reason), through the same
 * repository code the API uses — so both households' histories, the person's moves and the two grids'
 * figures show it. Deterministic: the person is picked by a PRNG seeded from the demo town's id, the
 * ids are the demo's own; a seed that runs again finds the move stored (a resend).
 */
import type { TenantData } from '../../shared/data/tenant-data';
import type { Actor } from '../../shared/domain/actor';
import { PersonMoveInput } from '../../shared/domain/residents/person-move';
import { DomainError } from '../../shared/errors';
import { prng, seedOf } from '../../shared/prng';
import type { DemoResident } from '../demo-residents';
import { demoUlid } from './ulid';

export async function seedDemoPersonMoves(data: TenantData, townId: string, people: DemoResident[], now: Date): Promise<void> {
  const actor: Actor = { userId: 'admin', tenantId: data.tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] };
  const scope = { kind: 'tenant' } as const;
  const { residents } = data;
  const random = prng(seedOf(`${townId}/person-moves`));
  const grids = [...new Set(people.map((p) => p.gridId))];
  // Children only (the third member of a household onwards), in an order of the town's own.
  const candidates = people.filter((p, i) => i >= 2 && people[i - 2].householdId === p.householdId);
  const start = random.int(0, Math.max(0, candidates.length - 1));
  for (let i = 0; i < candidates.length; i++) {
    const who = candidates[(start + i) % candidates.length];
    const person = await residents.persons.find(who.householdId, who.personId, true);
    if (person?.status !== 'active') continue;
    const neighbour = grids[(grids.indexOf(who.gridId) + 1) % grids.length];
    const move = PersonMoveInput.parse({
      id: demoUlid('01JM', 1),
      version: person.version,
      reason: '结婚分户，另立新户',
      newHousehold: { id: demoUlid('01JM', 2), gridId: neighbour, address: { compound: '幸福家园', building: '6', unit: '2', room: '602' }, tags: ['permanent'] },
      relationship: 'householder',
    });
    try {
      await residents.persons.move(actor, scope, who.householdId, who.personId, move, now);
      return;
    } catch (error) {
      // Under home monitoring (the demo follows some people): the next candidate.
      if (!(error instanceof DomainError && error.status === 409)) throw error;
    }
  }
}
