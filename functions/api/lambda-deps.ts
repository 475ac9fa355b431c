/**
 * The API's dependencies on Lambda, built from the environment (shared/config.ts): the same for both
 * Lambda entry points of the one Hono app, functions/api.ts (behind the HTTP API, buffered) and
 * functions/api-stream.ts (behind a function URL, streamed: the exports).
 */
import { lazyCognito } from '../../shared/auth/cognito';
import { cognitoIdentity } from '../../shared/auth/identity';
import { cognitoSignIn } from '../../shared/auth/sign-in';
import { remoteKeys, createTokenVerifier } from '../../shared/auth/verify';
import { clockFromEnv } from '../../shared/clock';
import { configFromEnv } from '../../shared/config';
import { createDb } from '../../shared/data/db';
import { s3PhotoStore } from '../../shared/photos/s3-store';
import { sqsJobQueue } from '../../shared/scheduling/queues';
import type { Deps } from './context';
import { createLogger } from './logger';

export function lambdaDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  const config = configFromEnv(env);
  const db = createDb(config.tableName);
  const cognito = lazyCognito();
  const clock = clockFromEnv(env);
  return {
    db,
    clock,
    verifyToken: createTokenVerifier({ issuer: config.jwtIssuer, audience: config.jwtAudience, keys: remoteKeys(config.jwksUrl), clock }),
    webOrigin: config.webOrigin,
    venueCodeSecret: config.venueCodeSecret,
    identity: cognitoIdentity(cognito, config.userPoolId),
    signIn: cognitoSignIn(cognito, config.userPoolId, config.jwtAudience, db),
    logger: createLogger(),
    jobs: sqsJobQueue(config.jobQueueUrl),
    photos: s3PhotoStore({ bucket: config.photoBucket }),
  };
}
