/** The test run's DynamoDB Local, as a Db. */
import { inject } from 'vitest';
import { createDb, type Db } from '../../shared/data/db';
import { localDbConfig } from '../../local/dynamodb';
import { TEST_TABLE } from './constants';
import { tenantCredentials } from '../../shared/aws/tenant-credentials';
import { tenantTables } from '../../shared/data/tenant-tables';

export function testDb(): Db {
  return createDb(TEST_TABLE, localDbConfig(inject('dynamoEndpoint')));
}

/** A tenant id no other test uses. */
export const uniqueTenantId = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

/** The test run's table seen tenant by tenant, as the API sees it locally (static credentials). */
export const testTables = (db: Db = testDb()) => tenantTables(db, tenantCredentials({ source: 'static' }));
