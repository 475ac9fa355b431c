/**
 * Configuration from the environment, read in one place. The same code runs on Lambda and locally:
 * only these values differ (see README "Environment variables").
 */
import type { TenantCredentialsConfig } from './aws/tenant-credentials';
import { TABLE_NAME_DEFAULT } from './data/table';
import { parseRateLimits, type RateLimits } from './domain/rate-limits';

export interface Config {
  tableName: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** Where the issuer publishes its keys (Cognito: <issuer>/.well-known/jwks.json). */
  jwksUrl: string;
  webOrigin: string;
  /** The Secrets Manager secret holding the venue-code keyring (shared/domain/venues/venue-code.ts). */
  venueCodeSecretId: string;
  /** The SQS job queue the API sends venue-import jobs to (the scheduler's worker runs them). */
  jobQueueUrl: string;
  /** The private S3 bucket for inspection photos (objects `<tenant>/<photo id>`). */
  photoBucket: string;
  /** The private S3 bucket where venue-import CSV files wait for the import job (objects `<tenant>/<import id>.csv`). */
  importBucket: string;
  /**
   * Who checks passwords and signs ID tokens (GRIDWATCH_SIGN_IN): `cognito` (the user pool), or
   * `own-issuer` (the table's password hashes and a KMS key: the China regions, docs/infra.md).
   */
  signIn: { mode: 'cognito'; userPoolId: string } | { mode: 'own-issuer'; tokenKeyId: string };
  /** The KMS key that wraps each tenant's personal-data key (docs/privacy.md). */
  personalDataKeyId: string;
  /**
   * Where a tenant's credentials come from: the tenant role (GRIDWATCH_TENANT_ROLE_ARN) assumed with
   * the tenant's session tag, or `static` (GRIDWATCH_TENANT_CREDENTIALS=static; DynamoDB Local).
   */
  tenantCredentials: TenantCredentialsConfig;
  /** Token buckets per user and tenant (GRIDWATCH_RATE_LIMITS: unset → defaults, `off`, or JSON overrides). */
  rateLimits: RateLimits | 'off';
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

/** The venue-import files' bucket of the job worker (which has no other setting of configFromEnv). */
export const importBucketFromEnv = (env: NodeJS.ProcessEnv = process.env) => required(env, 'GRIDWATCH_IMPORT_BUCKET');

/** The table's name: GRIDWATCH_TABLE, else the default (every function reads it this way). */
export const tableNameFromEnv = (env: NodeJS.ProcessEnv = process.env) => env.GRIDWATCH_TABLE ?? TABLE_NAME_DEFAULT;

/** GRIDWATCH_TENANT_ROLE_ARN, or GRIDWATCH_TENANT_CREDENTIALS=static (the API and the job worker read it). */
export function tenantCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): TenantCredentialsConfig {
  if (env.GRIDWATCH_TENANT_CREDENTIALS === 'static') return { source: 'static' };
  return { source: 'assume-role', roleArn: required(env, 'GRIDWATCH_TENANT_ROLE_ARN') };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const jwtIssuer = required(env, 'GRIDWATCH_JWT_ISSUER');
  const mode = env.GRIDWATCH_SIGN_IN ?? 'cognito';
  if (mode !== 'cognito' && mode !== 'own-issuer') throw new Error(`GRIDWATCH_SIGN_IN must be cognito or own-issuer, not ${mode}`);
  return {
    signIn: mode === 'cognito' ? { mode, userPoolId: required(env, 'GRIDWATCH_USER_POOL_ID') } : { mode, tokenKeyId: required(env, 'GRIDWATCH_TOKEN_KEY_ID') },
    tableName: tableNameFromEnv(env),
    jwtIssuer,
    jwtAudience: required(env, 'GRIDWATCH_JWT_AUDIENCE'),
    jwksUrl: env.GRIDWATCH_JWKS_URL ?? `${jwtIssuer}/.well-known/jwks.json`,
    webOrigin: required(env, 'GRIDWATCH_WEB_ORIGIN'),
    venueCodeSecretId: required(env, 'GRIDWATCH_VENUE_CODE_SECRET_ID'),
    jobQueueUrl: required(env, 'GRIDWATCH_JOB_QUEUE_URL'),
    photoBucket: required(env, 'GRIDWATCH_PHOTO_BUCKET'),
    importBucket: required(env, 'GRIDWATCH_IMPORT_BUCKET'),
    personalDataKeyId: required(env, 'GRIDWATCH_PERSONAL_DATA_KEY'),
    tenantCredentials: tenantCredentialsFromEnv(env),
    rateLimits: parseRateLimits(env.GRIDWATCH_RATE_LIMITS),
  };
}
