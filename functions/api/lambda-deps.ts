/**
 * The API's dependencies on Lambda, built from the environment (shared/config.ts): the same for both
 * Lambda entry points of the one Hono app, functions/api.ts (behind the HTTP API, buffered) and
 * functions/api-stream.ts (behind a function URL, streamed: the exports).
 */
import { cognitoCalls } from '../../shared/auth/cognito';
import { clockFromEnv } from '../../shared/clock';
import { configFromEnv } from '../../shared/config';
import { createDb } from '../../shared/data/db';
import { onFirstUse } from '../../shared/lazy';
import { s3ImportFileStore } from '../../shared/import-files/s3-store';
import { kmsKeyProvider } from '../../shared/personal-data/kms-key-provider';
import { personalDataKeys } from '../../shared/personal-data/tenant-cipher';
import { s3PhotoStore } from '../../shared/photos/s3-store';
import { sqsJobQueue } from '../../shared/scheduling/queues';
import type { Deps } from './context';
import { createLogger } from './logger';

export function lambdaDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  const config = configFromEnv(env);
  const db = createDb(config.tableName);
  const cognito = cognitoCalls();
  const clock = clockFromEnv(env);
  // Token verification (jose, zod), Cognito sign-in and the identity directory are each loaded by the
  // first request that needs them, not at start-up: the cold start only builds what every request
  // shares (bench/lambda.bench.ts), and a request that only verifies a token loads nothing else.
  const verifyToken = onFirstUse(async () => {
    const verify = await import('../../shared/auth/verify');
    return verify.createTokenVerifier({ issuer: config.jwtIssuer, audience: config.jwtAudience, keys: verify.remoteKeys(config.jwksUrl), clock });
  });
  const signIn = onFirstUse(async () => (await import('../../shared/auth/sign-in')).cognitoSignIn(cognito, config.userPoolId, config.jwtAudience, db));
  const identity = onFirstUse(async () => (await import('../../shared/auth/identity')).cognitoIdentity(cognito, config.userPoolId));
  return {
    db,
    clock,
    verifyToken: async (token) => (await verifyToken())(token),
    webOrigin: config.webOrigin,
    venueCodeSecret: config.venueCodeSecret,
    identity: {
      created: async (...args) => (await identity()).created(...args),
      updated: async (...args) => (await identity()).updated(...args),
      removed: async (...args) => (await identity()).removed(...args),
    },
    signIn: {
      signIn: async (...args) => (await signIn()).signIn(...args),
      setNewPassword: async (...args) => (await signIn()).setNewPassword(...args),
    },
    logger: createLogger(),
    jobs: sqsJobQueue(config.jobQueueUrl),
    photos: s3PhotoStore({ bucket: config.photoBucket }),
    importFiles: s3ImportFileStore({ bucket: config.importBucket }),
    personalData: personalDataKeys(db, kmsKeyProvider({ keyId: config.personalDataKeyId })),
  };
}
