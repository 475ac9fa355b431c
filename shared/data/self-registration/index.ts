/**
 * Self-registration (扫码登记) of one tenant: codes and purpose statement, the public intake, the
 * review queue and figures; and visitors' check-ins at venues. Built by tenantData — from the verified
 * actor's tenant for the staff routes, from a verified code's tenant for the public ones.
 */
import type { Db } from '../db';
import type { GridRepository } from '../grids';
import { tenantKeys } from '../keys';
import type { ResidentsRepository } from '../residents';
import { checkInRepository } from './check-ins';
import { registrationCodeRepository } from './codes';
import { submissionReview } from './review';
import { submissionIntake } from './submissions';

export function selfRegistrationRepository(db: Db, tenantId: string, grids: GridRepository, residents: ResidentsRepository) {
  const keys = tenantKeys(tenantId);
  return {
    codes: registrationCodeRepository(db, tenantId, grids),
    intake: submissionIntake(db, keys, residents),
    review: submissionReview(db, keys, grids, residents),
    /** Visitors' check-ins at venues (场所码 scans), their counts, and who was there. */
    checkIns: checkInRepository(db, keys, residents),
  };
}
export type SelfRegistrationRepository = ReturnType<typeof selfRegistrationRepository>;
