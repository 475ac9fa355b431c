/**
 * The key module: every DynamoDB key in Gridwatch is built here and nowhere else.
 *
 * `tenantKeys(tenantId)` is the only way in, and it refuses to exist without a valid tenant id,
 * so no code path can build a key that is not scoped to a tenant. Every partition key starts with
 * `T#<tenant>#`, which lets an IAM policy (dynamodb:LeadingKeys) enforce the same boundary in AWS.
 *
 * The one deliberate exception is the platform's tenant directory, a GSI partition that lists
 * tenants for the platform admin and the scheduler (see docs/data-model.md).
 */
import { INDEX } from './table';

const TENANT_ID = /^[a-z][a-z0-9-]{1,39}$/;
/** Ids inside keys: ULIDs, user names, grid ids. No '#' or '/' so they can never break a key apart. */
const KEY_PART = /^[A-Za-z0-9._-]{1,64}$/;

export class InvalidKeyError extends Error {}

export function isTenantId(value: unknown): value is string {
  return typeof value === 'string' && TENANT_ID.test(value);
}

function part(value: string, what: string): string {
  if (!KEY_PART.test(value)) throw new InvalidKeyError(`invalid ${what} for a key: ${JSON.stringify(value)}`);
  return value;
}

export interface Key {
  pk: string;
  sk: string;
}

/** A Query against the table or an index: the partition and an optional sort-key prefix. */
export interface QuerySpec {
  index?: string;
  pkName: string;
  skName: string;
  pk: string;
  skPrefix?: string;
}

const gsi1 = (pk: string, skPrefix?: string): QuerySpec => ({
  index: INDEX.gsi1.name,
  pkName: INDEX.gsi1.pk,
  skName: INDEX.gsi1.sk,
  pk,
  skPrefix,
});

/** The platform's tenant directory (GSI1). Read by platform admins and the scheduled dispatcher only. */
export const PLATFORM_TENANT_DIRECTORY = 'PLATFORM#TENANTS';
export const platformQueries = {
  tenantDirectory: (): QuerySpec => gsi1(PLATFORM_TENANT_DIRECTORY),
};

/** Grid paths are the chain of grid ids from the root, '/a/b/c/', so a subtree is a prefix. */
export function gridPath(parentPath: string | null, gridId: string): string {
  return `${parentPath ?? '/'}${part(gridId, 'grid id')}/`;
}

export function tenantKeys(tenantId: string) {
  if (!isTenantId(tenantId)) throw new InvalidKeyError(`a key needs a valid tenant id, got ${JSON.stringify(tenantId)}`);
  const t = `T#${tenantId}`;

  return {
    tenantId,

    /** The tenant's profile; also listed in the platform directory. */
    tenant: () => ({ pk: t, sk: 'TENANT' }),
    tenantDirectoryEntry: () => ({ [INDEX.gsi1.pk]: PLATFORM_TENANT_DIRECTORY, [INDEX.gsi1.sk]: tenantId }),

    /** A grid; GSI1 holds the tenant's grid tree ordered by path. */
    grid: (gridId: string) => ({ pk: `${t}#GRID#${part(gridId, 'grid id')}`, sk: 'GRID' }),
    gridTreeEntry: (path: string) => ({ [INDEX.gsi1.pk]: `${t}#GRIDS`, [INDEX.gsi1.sk]: path }),
    gridTree: (pathPrefix?: string): QuerySpec => gsi1(`${t}#GRIDS`, pathPrefix),

    /** A user; the user id is the login name. GSI1 lists the tenant's users. */
    user: (userId: string) => ({ pk: `${t}#USER#${part(userId, 'user id')}`, sk: 'USER' }),
    userListEntry: (userId: string) => ({ [INDEX.gsi1.pk]: `${t}#USERS`, [INDEX.gsi1.sk]: part(userId, 'user id') }),
    users: (): QuerySpec => gsi1(`${t}#USERS`),
    /** Failed sign-in counter for one user name (expires by TTL). */
    loginFailures: (userId: string) => ({ pk: `${t}#LOGIN#${part(userId, 'user id')}`, sk: 'FAILURES' }),
  };
}

export type TenantKeys = ReturnType<typeof tenantKeys>;
