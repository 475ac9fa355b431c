/** The test run's DynamoDB Local, as a Db. */
import { inject } from 'vitest';
import { createDb, type Db } from '../../shared/data/db';
import { LOCAL_AWS_ENV } from '../../local/dynamodb';
import { TEST_TABLE } from './constants';

export function testDb(): Db {
  return createDb(TEST_TABLE, {
    endpoint: inject('dynamoEndpoint'),
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** A tenant id no other test uses. */
export const uniqueTenantId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
