/** Lambda entry point for the API: the same Hono app the local server runs. */
import { handle } from 'hono/aws-lambda';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoIdentity } from '../shared/auth/identity';
import { cognitoSignIn } from '../shared/auth/sign-in';
import { remoteKeys, createTokenVerifier } from '../shared/auth/verify';
import { clockFromEnv } from '../shared/clock';
import { configFromEnv } from '../shared/config';
import { createDb } from '../shared/data/db';
import { s3PhotoStore } from '../shared/photos/s3-store';
import { sqsJobQueue } from '../shared/scheduling/queues';
import { createApp } from './api/app';
import { createLogger } from './api/logger';

const config = configFromEnv();
const db = createDb(config.tableName);
const cognito = new CognitoIdentityProviderClient({});
const clock = clockFromEnv();

export const handler = handle(
  createApp({
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
  }),
);
