/**
 * The tenant directory: each tenant's profile lives in its own partition (T#<id>) and is listed
 * through the platform index for the platform admin and the scheduler.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type IdentityDirectory, tableIdentity } from '../auth/identity';
import { localDate } from '../domain/local-day';
import type { Tenant, TenantInput, TenantPatch } from '../domain/tenant';
import type { UserInput } from '../domain/user';
import { because, conflict, notFound } from '../errors';
import { type Db, type Page, queryEach, queryPage } from './db';
import { platformQueries, tenantKeys } from './keys';
import { newUserItem } from './users';
import { getItem, updateVersioned } from './write';

export type FirstAdmin = Pick<UserInput, 'id' | 'displayName' | 'password'>;

/** The tenant (404 if unknown) and its calendar day now. */
export async function tenantToday(db: Db, tenantId: string, now: Date): Promise<{ tenant: Tenant; today: string }> {
  const tenant = await tenantDirectory(db).get(tenantId);
  return { tenant, today: localDate(now, tenant.timezone) };
}

export function tenantDirectory(db: Db, identity: IdentityDirectory = tableIdentity) {
  return {
    /** Create a tenant and, in the same transaction, its first tenant admin. */
    async create(input: TenantInput, firstAdmin: FirstAdmin | undefined, now: Date): Promise<Tenant> {
      const at = now.toISOString();
      const tenant: Tenant = { ...input, status: 'active', version: 1, createdAt: at, updatedAt: at };
      const tenantItem = { ...tenantKeys(input.id).tenant(), ...tenantKeys(input.id).tenantDirectoryEntry(), entity: 'tenant', schemaVersion: 1, ...tenant };
      const puts: Record<string, unknown>[] = [tenantItem];
      const admin = firstAdmin && (await newUserItem(input.id, { ...firstAdmin, roles: ['tenant-admin'], gridIds: [], venueKinds: [] }, now));
      if (admin) puts.push(admin.item);
      try {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: puts.map((Item) => ({ Put: { TableName: db.table, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) throw conflict(`tenant ${input.id} already exists`, because('id.taken', { id: input.id }));
        throw error;
      }
      if (admin && firstAdmin) {
        try {
          await identity.created(input.id, admin.user, firstAdmin.password);
        } catch (error) {
          // No tenant whose admin cannot sign in: take both items back out.
          await db.doc.send(
            new TransactWriteCommand({
              TransactItems: puts.map((item) => ({ Delete: { TableName: db.table, Key: { pk: item.pk, sk: item.sk } } })),
            }),
          );
          throw error;
        }
      }
      return tenant;
    },

    async get(tenantId: string): Promise<Tenant> {
      const tenant = await getItem<Tenant>(db, tenantKeys(tenantId).tenant());
      if (!tenant) throw notFound('tenant');
      return tenant;
    },

    async find(tenantId: string): Promise<Tenant | undefined> {
      return getItem<Tenant>(db, tenantKeys(tenantId).tenant());
    },

    list(options: { limit?: number; cursor?: string }): Promise<Page<Tenant>> {
      return queryPage<Tenant>(db, platformQueries.tenantDirectory(), options);
    },

    /** Every tenant, page by page: for the scheduled dispatcher. */
    each(): AsyncGenerator<Tenant> {
      return queryEach<Tenant>(db, platformQueries.tenantDirectory());
    },

    update(tenantId: string, patch: TenantPatch, now: Date): Promise<Tenant> {
      const { version, ...changes } = patch;
      return updateVersioned<Tenant>(db, tenantKeys(tenantId).tenant(), version, changes, 'tenant', now);
    },
  };
}
export type TenantDirectory = ReturnType<typeof tenantDirectory>;
