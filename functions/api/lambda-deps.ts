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
import { s3PhotoStore } from '../../shared/photos/s3-store';
import { sqsJobQueue } from '../../shared/scheduling/queues';
import type { Deps } from './context';
import { createLogger } from './logger';

export function lambdaDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  const config = configFromEnv(env);
  const db = createDb(config.tableName);
  const cognito = cognitoCalls();
  const clock = clockFromEnv(env);
  // Token verification (jose, zod), the access check, Cognito sign-in and the identity directory are each loaded by the
  // first request that needs them, not at start-up: the cold start only builds what every request
  // shares (bench/lambda.bench.ts), and a request that only verifies a token loads nothing else.
  const verifyToken = onFirstUse(async () => {
    const verify = await import('../../shared/auth/verify');
    return verify.createTokenVerifier({ issuer: config.jwtIssuer, audience: config.jwtAudience, keys: verify.remoteKeys(config.jwksUrl), clock });
  });
  const access = onFirstUse(async () => (await import('../../shared/auth/access')).accessCheck(db, clock));
  const signIn = onFirstUse(async () => (await import('../../shared/auth/sign-in')).cognitoSignIn(cognito, config.userPoolId, config.jwtAudience, db));
  const identity = onFirstUse(async () => (await import('../../shared/auth/identity')).cognitoIdentity(cognito, config.userPoolId));
  return {
    db,
    clock,
    verifyToken: async (token) => (await verifyToken())(token),
    access: {
      verdict: async (actor) => (await access()).verdict(actor),
      // Loaded already: the request that changed a status was checked first.
      forget: (tenantId, userId) => void access().then((a) => a.forget(tenantId, userId)),
    },
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
  };
}
