/**
 * The API's dependencies on this machine (npm start, tests, benches): the dev issuer signs and its
 * keys verify, passwords live in the table, jobs run in process, photos and venue-import files in directories.
 * Lambda's counterpart is functions/api/lambda-deps.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@aws-lambda-powertools/logger';
import { accessCheck } from '../shared/auth/access';
import type { DevIssuer } from '../shared/auth/dev-issuer';
import { tableIdentity } from '../shared/auth/identity';
import { devSignIn } from '../shared/auth/sign-in';
import { createTokenVerifier } from '../shared/auth/verify';
import type { Clock } from '../shared/clock';
import type { Db } from '../shared/data/db';
import { tenantTables } from '../shared/data/tenant-tables';
import { parseVenueCodeKeyring } from '../shared/domain/venues/venue-code';
import { type TenantCredentials, tenantCredentials } from '../shared/aws/tenant-credentials';
import { localImportFileStore } from '../shared/import-files/local-store';
import { localKeyProvider } from '../shared/personal-data/local-key-provider';
import { personalDataKeys } from '../shared/personal-data/tenant-cipher';
import { localPhotoStore } from '../shared/photos/local-store';
import { inProcessJobQueue, type InProcessQueue } from '../shared/scheduling/queues';
import { runJob } from '../shared/scheduling/run-job';
import type { Deps } from '../functions/api/context';
import type { RateLimits } from '../shared/domain/rate-limits';

export interface LocalDepsOptions {
  db: Db;
  clock: Clock;
  issuer: DevIssuer;
  webOrigin: string;
  venueCodeSecret: string;
  logger: Logger;
  /** Where photos and uploaded import files are kept; a new temporary directory if not given. */
  photoDir?: string;
  importFileDir?: string;
  /** The key file wrapping tenants' personal-data keys; a key in memory if not given (tests). */
  personalDataKeyFile?: string;
  /** Tenant credentials; static by default (tests count STS calls with their own). */
  credentials?: TenantCredentials;
  /** Where a failed in-process job is reported (it is not retried until asked). */
  onJobError: (message: string) => void;
  /** Rate limits (docs/infra.md): off unless given — tests and benches count a request's calls. */
  rateLimits?: RateLimits | 'off';
}

export function localDeps(o: LocalDepsOptions): Deps & { jobs: InProcessQueue } {
  // The same per-tenant path as in AWS, with static credentials (DynamoDB Local ignores them).
  // A local secret file holds one plain secret or a keyring (shared/domain/venues/venue-code.ts).
  const venueCodeKeys = parseVenueCodeKeyring(o.venueCodeSecret);
  const tables = tenantTables(o.db, o.credentials ?? tenantCredentials({ source: 'static' }));
  const importFiles = localImportFileStore({ dir: o.importFileDir ?? mkdtempSync(join(tmpdir(), 'gridwatch-import-files-')) });
  // The key cache and a new key version's activation follow the clock (tests move it by hand).
  const personalData = personalDataKeys(tables, localKeyProvider({ file: o.personalDataKeyFile }), { now: () => o.clock.now().getTime() });
  return {
    tables,
    clock: o.clock,
    devIssuer: o.issuer,
    signIn: devSignIn(tables, o.issuer),
    verifyToken: createTokenVerifier({ issuer: o.issuer.issuer, audience: o.issuer.audience, keys: o.issuer.keys, clock: o.clock }),
    access: accessCheck(tables, o.clock),
    webOrigin: o.webOrigin,
    venueCodeKeys: async () => venueCodeKeys,
    identity: tableIdentity,
    logger: o.logger,
    jobs: inProcessJobQueue(
      (job) => runJob(tables.tenant(job.tenantId), job, o.clock, importFiles, personalData),
      (job, error) => o.onJobError(`${job.kind} ${job.tenantId}: ${error.message}`),
    ),
    photos: localPhotoStore({ dir: o.photoDir ?? mkdtempSync(join(tmpdir(), 'gridwatch-photos-')) }),
    importFiles,
    personalData,
    rateLimits: o.rateLimits ?? 'off',
  };
}
