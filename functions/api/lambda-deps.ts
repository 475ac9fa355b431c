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
import { s3PhotoStore } from '../../shared/photos/s3-store';
import { sqsJobQueue } from '../../shared/scheduling/queues';
import type { Deps } from './context';
import { createLogger } from './logger';

export function lambdaDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  const config = configFromEnv(env);
  const db = createDb(config.tableName);
  const cognito = cognitoCalls();
  const clock = clockFromEnv(env);
  // Token verification (jose, zod) and Cognito sign-in are loaded by the first request that needs
  // them, not at start-up: the cold start only builds what every request shares (bench/lambda.bench.ts).
  const auth = onFirstUse(async () => {
    const [verify, signIn, identity] = await Promise.all([import('../../shared/auth/verify'), import('../../shared/auth/sign-in'), import('../../shared/auth/identity')]);
    return {
      verifyToken: verify.createTokenVerifier({ issuer: config.jwtIssuer, audience: config.jwtAudience, keys: verify.remoteKeys(config.jwksUrl), clock }),
      signIn: signIn.cognitoSignIn(cognito, config.userPoolId, config.jwtAudience, db),
      identity: identity.cognitoIdentity(cognito, config.userPoolId),
    };
  });
  return {
    db,
    clock,
    verifyToken: async (token) => (await auth()).verifyToken(token),
    webOrigin: config.webOrigin,
    venueCodeSecret: config.venueCodeSecret,
    identity: {
      created: async (...args) => (await auth()).identity.created(...args),
      updated: async (...args) => (await auth()).identity.updated(...args),
      removed: async (...args) => (await auth()).identity.removed(...args),
    },
    signIn: {
      signIn: async (...args) => (await auth()).signIn.signIn(...args),
      setNewPassword: async (...args) => (await auth()).signIn.setNewPassword(...args),
    },
    logger: createLogger(),
    jobs: sqsJobQueue(config.jobQueueUrl),
    photos: s3PhotoStore({ bucket: config.photoBucket }),
  };
}
