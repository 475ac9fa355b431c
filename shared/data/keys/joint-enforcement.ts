/** Keys of joint enforcement (联合执法) referrals. Built only through `tenantKeys` (shared/data/keys.ts), which passes the tenant prefix. */
import { type QuerySpec, onTable, part } from './parts';

export function jointEnforcementKeys(t: string) {
  return {
    /**
     * A referral, in one partition per tenant sorted by its ULID (tens to hundreds a year): the list
     * newest first is one Query; a referral by id is one Get.
     */
    jointReferral: (referralId: string) => ({ pk: `${t}#JOINT`, sk: `REFERRAL#${part(referralId, 'referral id')}` }),
    jointReferrals: (): QuerySpec => onTable(`${t}#JOINT`, 'REFERRAL#'),
  };
}
