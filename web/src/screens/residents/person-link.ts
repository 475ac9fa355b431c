/**
 * Opening a person from an older record (the access log, a testing record, a task's link): the
 * (household, person) pair it keeps may name a household they have since left. The API's person read
 * follows their moves (docs/data-model.md), so the household screen asks it when the person is not
 * among the members, and opens the household they live in now.
 */
import { api, ok } from '../../api/client';
import { navigate } from '../../nav';

/** The household the person lives in now, if not this one (undefined: here, or not to be found). Opening is in the access log. */
export async function movedTo(householdId: string, personId: string): Promise<string | undefined> {
  try {
    const person = await ok(api.api.residents.households[':householdId'].persons[':personId'].$get({ param: { householdId, personId } }));
    return person.householdId !== householdId ? person.householdId : undefined;
  } catch {
    // Gone (a tombstone's pair), outside my grids, or offline: the household as it is.
    return undefined;
  }
}

/** Open the person's current household, saying where they came from (the screen notes the move). */
export async function followMovedPerson(householdId: string, personId: string): Promise<void> {
  const to = await movedTo(householdId, personId);
  if (to) navigate('household', to, { person: personId, from: householdId });
}
