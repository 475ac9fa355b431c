/**
 * The re-seal job (docs/privacy.md "Where keys live"): after a tenant admin rotated the tenant's data
 * key, every sealed value of the tenant (people, monitoring, testing, pushed lists, self-registration,
 * check-ins, import chunks) is sealed again with the newest version. Sent by
 * `POST /api/residents/data-key/reseal`; resumable and idempotent (shared/data/residents/reseal/), so
 * a retry or a second send goes on from where the last stopped. Logs counts only.
 */
import type { Clock } from '../clock';
import type { Db } from '../data/db';
import { tenantData } from '../data/tenant-data';
import type { PersonalDataKeys } from '../personal-data/tenant-cipher';

export async function runResealJob(db: Db, tenantId: string, clock: Clock, personalData: PersonalDataKeys, options: { stopAt?: number } = {}) {
  return tenantData(db, tenantId, { personalData }).residents.reseal.run(() => clock.now(), options);
}
