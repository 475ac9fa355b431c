/**
 * What every request carries through the Hono context, and what the app is built from.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { JWK } from 'jose';
import type { AccessCheck } from '../../shared/auth/access';
import type { DevIssuer } from '../../shared/auth/dev-issuer';
import type { IdentityDirectory } from '../../shared/auth/identity';
import type { PasswordSignIn } from '../../shared/auth/sign-in';
import type { TokenVerifier } from '../../shared/auth/verify';
import type { Clock } from '../../shared/clock';
import type { TenantTables } from '../../shared/data/tenant-tables';
import type { TenantData } from '../../shared/data/tenant-data';
import type { Actor } from '../../shared/domain/actor';
import type { VenueCodeKeyring } from '../../shared/domain/venues/venue-code';
import type { ImportFileStore } from '../../shared/import-files/store';
import type { RateLimits } from '../../shared/domain/rate-limits';
import type { PersonalDataKeys } from '../../shared/personal-data/tenant-cipher';
import type { PhotoStore } from '../../shared/photos/store';
import type { JobQueue } from '../../shared/scheduling/jobs';

/** Everything the API needs from outside. Lambda builds it from the environment; tests build their own. */
export interface Deps {
  /**
   * The table: a tenant's view of it through that tenant's credentials (AWS: the tenant role), and the
   * tenant directory. Handlers use `c.var.data` (the actor's tenant), not this.
   */
  tables: TenantTables;
  clock: Clock;
  verifyToken: TokenVerifier;
  /** Whether a verified token's user and tenant are still active (disable, remove, suspend end access). */
  access: AccessCheck;
  /** Present only where the local dev issuer stands in for Cognito (its JWKS is served). */
  devIssuer?: DevIssuer;
  /** The API's own issuer in AWS (sign-in mode own-issuer): its JWKS, served like the dev issuer's. */
  issuerKeys?: () => Promise<{ keys: JWK[] }>;
  /** Password sign-in behind /api/auth/login: the dev issuer locally, Cognito in AWS. */
  signIn: PasswordSignIn;
  /** The keyring venue codes (场所码) are signed and checked with (AWS: Secrets Manager, cached; locally a file). */
  venueCodeKeys: () => Promise<VenueCodeKeyring>;
  /** Where sign-in identities are kept in step with users (Cognito in AWS; nothing locally). */
  identity: IdentityDirectory;
  /** The web app's origin, the only one CORS allows. */
  webOrigin: string;
  logger: Logger;
  /** Where the API sends background jobs (venue imports): SQS in AWS, in-process locally and in tests. */
  jobs: JobQueue;
  /** Where photo bytes live: S3 (presigned URLs) in AWS, a directory locally and in tests. */
  photos: PhotoStore;
  /** Where venue-import files are uploaded for the import job: S3 in AWS, a directory locally and in tests. */
  importFiles: ImportFileStore;
  /** Each tenant's personal-data key (envelope encryption): KMS in AWS, a key file locally (shared/personal-data/). */
  personalData: PersonalDataKeys;
  /** Token buckets per user, tenant and identity changes (GRIDWATCH_RATE_LIMITS); `off` in tests that count calls. */
  rateLimits: RateLimits | 'off';
}

export interface AppEnv {
  Variables: {
    deps: Deps;
    requestId: string;
    /** Set by the auth middleware from a verified token; routes that declare roles can rely on it. */
    actor: Actor;
    /** The caller's tenant's repositories, built from the actor's tenant and nothing else. */
    data: TenantData;
  };
}
