/**
 * The demo's privacy operations (issue 14), last of a town's seed, through the same repository code the
 * API uses:
 * - a resident who asked to be deleted (删除个人信息): a person sampled in the testing round is
 *   tombstoned on request (audited first, as the route does), so their testing record shows `—` and
 *   their lab result is gone while the coverage figures stay;
 * - in 天河 (ROTATED_TOWNS), the data key rotated once and every sealed value re-sealed with version 2
 *   (数据密钥 shows the counts per area); 龙湖 keeps version 1, so a rotation can be tried there at once
 *   (a new version waits 15 minutes to be active, then another rotation is allowed).
 * Deterministic: the person is picked by a PRNG seeded from the demo town's id; a seed run again finds
 * them tombstoned and the key rotated, and does nothing.
 */
import { type Db, queryAll } from '../../shared/data/db';
import { tenantKeys } from '../../shared/data/keys';
import type { StoredPerson } from '../../shared/data/residents/stored';
import type { TenantData } from '../../shared/data/tenant-data';
import type { Actor } from '../../shared/domain/actor';
import type { PersonalDataKeys } from '../../shared/personal-data/tenant-cipher';
import { prng, seedOf } from '../../shared/prng';
import type { DemoResident } from '../demo-residents';

/** The demo towns whose key the seed rotated. */
export const ROTATED_TOWNS = ['tianhe'];
export const DEMO_DELETION_REASON = '本人书面申请删除（个人信息保护法第四十七条）';

/**
 * A person sampled in the running round, living here, never moved, not under monitoring, without a
 * positive result; undefined when the seed's pick (the same order every time) is tombstoned already.
 */
async function sampledPerson(db: Db, data: TenantData, people: DemoResident[], townId: string): Promise<StoredPerson | undefined> {
  const keys = tenantKeys(data.tenantId);
  const [round] = await queryAll<{ id: string }>(db, keys.testRounds());
  if (!round) return undefined;
  const random = prng(seedOf(`${townId}/deletion-request`));
  const start = random.int(0, Math.max(0, people.length - 1));
  for (let i = 0; i < people.length; i++) {
    const who = people[(start + i) % people.length];
    const person = await data.residents.persons.find(who.householdId, who.personId, true);
    if (person?.status === 'tombstone') return undefined;
    if (person?.status !== 'active' || person.moves?.length) continue;
    const marks = await queryAll<{ sampleId?: string; importedAt?: string }>(db, keys.testPersonRound(round.id, who.personId));
    if (!marks.some((m) => m.importedAt) || (await data.residents.monitoring.episodes.ofPerson(who.personId)).length) continue;
    const alert = await queryAll(db, keys.testAlertsInSubtree(person.gridPath, 'OPEN'));
    if (alert.some((a) => (a as { personId?: string }).personId === who.personId)) continue;
    return person;
  }
  return undefined;
}

export async function seedDemoPrivacy(db: Db, data: TenantData, personalData: PersonalDataKeys, townId: string, people: DemoResident[], now: Date): Promise<void> {
  const actor: Actor = { userId: 'admin', tenantId: data.tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] };
  const person = await sampledPerson(db, data, people, townId);
  if (person) {
    await data.residents.audit.append(actor, {}, { action: 'tombstone', householdId: person.householdId, personId: person.id, reason: DEMO_DELETION_REASON }, now);
    await data.residents.retention.onRequest(actor, { kind: 'tenant' }, person.householdId, person.id, now);
  }
  if (!ROTATED_TOWNS.includes(townId)) return;
  if ((await personalData.versions(data.tenantId)).length === 1) await personalData.rotate(data.tenantId);
  await data.residents.reseal.run(() => now);
}
