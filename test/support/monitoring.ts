/** Home monitoring for tests: a household with one person registered through the API, and an episode started for them. */
import { ulid } from 'ulid';
import type { Api } from './api';
import { personBody, registerHousehold } from './residents';

export async function personUnderMonitoring(api: Api, token: string, gridId: string, person: { name: string; idNumber: string }, episode: Record<string, unknown> = {}) {
  const household = await registerHousehold(api, token, gridId);
  const added = await api.call('POST', `/api/residents/households/${household.id}/persons`, { token, body: personBody(person) });
  if (added.status !== 201) throw new Error(`person: ${added.status} ${JSON.stringify(added.body)}`);
  const body = { id: ulid(), householdId: household.id, personId: added.body.id, type: 'home-isolation', reason: 'contact', ...episode };
  const started = await api.call('POST', '/api/monitoring/episodes', { token, body });
  if (started.status !== 201) throw new Error(`episode: ${started.status} ${JSON.stringify(started.body)}`);
  return { household, personId: added.body.id as string, episode: started.body, body };
}

export const readingBody = (episodeId: string, takenAt: string, temperature: number, extra: Record<string, unknown> = {}) => ({ id: ulid(), episodeId, takenAt, temperature, method: 'door', symptoms: [], ...extra });
