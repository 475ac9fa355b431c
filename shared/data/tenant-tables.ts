/**
 * The table as each tenant may see it. `tenant(id)` is a Db whose every call is signed with that
 * tenant's credentials (shared/aws/tenant-credentials.ts): in AWS the tenant role reaches only
 * partition keys `T#<id>` and `T#<id>#…`, so a key built for another tenant fails in DynamoDB itself,
 * whatever the code did. `directory` is the function's own role, which in AWS may only Query the
 * platform's tenant directory (GSI1 partition PLATFORM#TENANTS).
 *
 * `tenant(id)` is called in three places only (test/unit/tenant-tables.test.ts keeps the list): the
 * request middleware with the verified actor's tenant, sign-in with the tenant being signed into, and
 * the platform admin's routes and jobs, which act on one named tenant at a time.
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { TenantCredentials } from '../aws/tenant-credentials';
import { createDb, type Db } from './db';
import { isTenantId } from './keys';

export interface TenantTables {
  /** The table through the tenant's credentials (one client per tenant, kept while warm). */
  tenant(tenantId: string): Db;
  /** The platform's tenant directory, with the function's own credentials. */
  directory: Db;
  credentials: TenantCredentials;
}

/** Tenants whose clients a container keeps; beyond, the oldest is dropped. */
const MAX_TENANTS = 500;

export function tenantTables(base: Db, credentials: TenantCredentials): TenantTables {
  const clients = new Map<string, Db>();
  // Every tenant's client sends through the base client's connection pool (no new TLS connection per tenant).
  const requestHandler = base.doc.config.requestHandler as DynamoDBClientConfig['requestHandler'];
  return {
    directory: base,
    credentials,
    tenant(tenantId) {
      let db = clients.get(tenantId);
      if (db) return db;
      if (!isTenantId(tenantId)) throw new Error(`tenant credentials need a valid tenant id, got ${JSON.stringify(tenantId)}`);
      if (clients.size >= MAX_TENANTS) clients.delete(clients.keys().next().value!);
      db = createDb(base.table, { ...base.clientConfig, requestHandler, credentials: () => credentials.forTenant(tenantId) });
      clients.set(tenantId, db);
      return db;
    },
  };
}
