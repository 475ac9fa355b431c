/**
 * Whether a verified token's user may still act: the user exists and is active, and so is their
 * tenant (the platform has no tenant item). A token is a promise made at sign-in; disabling or
 * removing a user, or suspending a tenant, withdraws it. Checked on every authenticated request.
 *
 * Cost: one BatchGetItem of two small items (user, tenant; eventually consistent, projected to
 * `status`) when this instance has not checked the pair within TTL_MS; otherwise a Map lookup
 * (bench/api-overhead.bench.ts). A change made through this instance is forgotten at once
 * (`forget`); another Lambda instance notices within TTL_MS.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock';
import type { TenantTables } from '../data/tenant-tables';
import { tenantKeys } from '../data/keys';
import { type Actor, PLATFORM_TENANT } from '../domain/actor';

/** How long a checked answer is trusted by this instance: the longest a withdrawn access outlives its withdrawal. */
export const ACCESS_TTL_MS = 30_000;
const MAX_ENTRIES = 5000;

export type AccessVerdict = 'ok' | 'user-unknown' | 'user-inactive' | 'tenant-unknown' | 'tenant-inactive';

export interface AccessCheck {
  verdict(actor: Pick<Actor, 'tenantId' | 'userId'>): Promise<AccessVerdict>;
  /** A status changed here: check again on the next request (the whole tenant without a user). */
  forget(tenantId: string, userId?: string): void;
}

export function accessCheck(tables: Pick<TenantTables, 'tenant'>, clock: Clock, ttlMs = ACCESS_TTL_MS): AccessCheck {
  const users = new Map<string, { verdict: AccessVerdict; until: number }>();
  const tenants = new Map<string, { verdict: AccessVerdict; until: number }>();
  const fresh = <V>(map: Map<string, { verdict: V; until: number }>, key: string, now: number) => {
    const hit = map.get(key);
    return hit && hit.until > now ? hit.verdict : undefined;
  };
  const remember = (map: Map<string, { verdict: AccessVerdict; until: number }>, key: string, verdict: AccessVerdict, now: number) => {
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, { verdict, until: now + ttlMs });
  };

  return {
    async verdict({ tenantId, userId }) {
      const now = clock.now().getTime();
      const userKey = `${tenantId}|${userId}`;
      const platform = tenantId === PLATFORM_TENANT;
      let tenantVerdict: AccessVerdict | undefined = platform ? 'ok' : fresh(tenants, tenantId, now);
      let userVerdict = fresh(users, userKey, now);
      if (!tenantVerdict || !userVerdict) {
        const keys = tenantKeys(tenantId);
        const db = tables.tenant(tenantId);
        const wanted = [...(userVerdict ? [] : [keys.user(userId)]), ...(tenantVerdict ? [] : [keys.tenant()])];
        const out = await db.doc.send(
          new BatchGetCommand({ RequestItems: { [db.table]: { Keys: wanted, ProjectionExpression: 'pk, sk, #s', ExpressionAttributeNames: { '#s': 'status' } } } }),
        );
        if (Object.keys(out.UnprocessedKeys ?? {}).length) {
          // A busy store is no reason to refuse a valid token, nor to trust it unchecked: the request fails as busy.
          throw Object.assign(new Error('access check: the store is busy'), { name: 'ThrottlingException' });
        }
        const found = new Map((out.Responses?.[db.table] ?? []).map((item) => [`${item.pk}|${item.sk}`, item.status as string | undefined]));
        const statusOf = (key: { pk: string; sk: string }) => found.get(`${key.pk}|${key.sk}`);
        if (!userVerdict) {
          const status = statusOf(keys.user(userId));
          userVerdict = status === undefined ? 'user-unknown' : status === 'active' ? 'ok' : 'user-inactive';
          remember(users, userKey, userVerdict, now);
        }
        if (!tenantVerdict) {
          const status = statusOf(keys.tenant());
          tenantVerdict = status === undefined ? 'tenant-unknown' : status === 'active' ? 'ok' : 'tenant-inactive';
          remember(tenants, tenantId, tenantVerdict, now);
        }
      }
      return tenantVerdict !== 'ok' ? tenantVerdict : userVerdict;
    },

    forget(tenantId, userId) {
      if (userId !== undefined) {
        users.delete(`${tenantId}|${userId}`);
        return;
      }
      tenants.delete(tenantId);
      for (const key of users.keys()) if (key.startsWith(`${tenantId}|`)) users.delete(key);
    },
  };
}
