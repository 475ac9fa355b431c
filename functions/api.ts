/** Lambda entry point for the API: the same Hono app the local server runs. */
import { handle } from 'hono/aws-lambda';
import { remoteKeys, createTokenVerifier } from '../shared/auth/verify';
import { clockFromEnv } from '../shared/clock';
import { configFromEnv } from '../shared/config';
import { createDb } from '../shared/data/db';
import { s3PhotoStore } from '../shared/photos/s3-store';
import { sqsJobQueue } from '../shared/scheduling/queues';
import { createApp } from './api/app';
import { createLogger } from './api/logger';

const config = configFromEnv();
const clock = clockFromEnv();

export const handler = handle(
  createApp({
    db: createDb(config.tableName),
    clock,
    verifyToken: createTokenVerifier({ issuer: config.jwtIssuer, audience: config.jwtAudience, keys: remoteKeys(config.jwksUrl), clock }),
    webOrigin: config.webOrigin,
    venueCodeSecret: config.venueCodeSecret,
    logger: createLogger(),
    jobs: sqsJobQueue(config.jobQueueUrl),
    photos: s3PhotoStore({ bucket: config.photoBucket }),
  }),
);
