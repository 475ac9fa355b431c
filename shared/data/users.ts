/**
 * Users of one tenant. The user id is the login name; the password hash (dev issuer only) stays
 * inside the data layer and is never returned by list or get.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type IdentityDirectory, tableIdentity } from '../auth/identity';
import { hashPassword } from '../auth/password';
import type { User, UserInput, UserPatch } from '../domain/user';
import { badRequest, because, conflict, notFound } from '../errors';
import { type Db, type Page, queryAll, queryPage, toEntity } from './db';
import type { GridRepository } from './grids';
import { tenantKeys } from './keys';
import { getRaw, putNew, updateVersioned } from './write';

type StoredUser = User & { passwordHash?: string };

const publicUser = ({ passwordHash: _hidden, ...user }: StoredUser): User => user;

/** A new user's item; the password is hashed here so no caller ever holds a stored hash format. */
export async function newUserItem(tenantId: string, input: UserInput, now: Date) {
  const keys = tenantKeys(tenantId);
  const at = now.toISOString();
  const { password, ...profile } = input;
  const user: User = { ...profile, status: 'active', onLeave: false, version: 1, createdAt: at, updatedAt: at };
  const item = { ...keys.user(input.id), ...keys.userListEntry(input.id), entity: 'user', schemaVersion: 1, ...user, passwordHash: await hashPassword(password) };
  return { user, item };
}

export function userRepository(db: Db, tenantId: string, grids: GridRepository, identity: IdentityDirectory = tableIdentity) {
  const keys = tenantKeys(tenantId);

  async function checkGrids(gridIds: string[] | undefined) {
    if (!gridIds?.length) return;
    const { missing } = await grids.pathsOf(gridIds);
    if (missing.length) throw badRequest('gridIds', `no active grid with id ${missing.join(', ')}`, 'grid.notActive', { ids: missing.join(', ') });
  }

  return {
    async create(input: UserInput, now: Date): Promise<User> {
      await checkGrids(input.gridIds);
      const { user, item } = await newUserItem(tenantId, input, now);
      await putNew(db, item, `user ${input.id} already exists`);
      try {
        await identity.created(tenantId, user, input.password);
      } catch (error) {
        // No user without an identity: take the item back out.
        await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.user(input.id) }));
        throw error;
      }
      return user;
    },

    async get(userId: string): Promise<User> {
      const raw = await getRaw(db, keys.user(userId));
      if (!raw) throw notFound('user');
      // Only the entity leaves the data layer: no keys or bookkeeping attributes.
      return publicUser(toEntity<StoredUser>(raw));
    },

    /** For the dev issuer's password login only. */
    async credentials(userId: string): Promise<StoredUser | undefined> {
      return (await getRaw(db, keys.user(userId), true)) as StoredUser | undefined;
    },

    async list(options: { limit?: number; cursor?: string }): Promise<Page<User>> {
      const page = await queryPage<StoredUser>(db, keys.users(), options);
      return { ...page, items: page.items.map(publicUser) };
    },

    /** Every user of the tenant (planner: inspectors per grid). Bounded: thousands, not millions. */
    async all(): Promise<User[]> {
      return (await queryAll<StoredUser>(db, keys.users())).map(publicUser);
    },

    async update(userId: string, patch: UserPatch, now: Date): Promise<User> {
      // Removal is final. A removal racing this edit bumps the version, so the edit is then a stale 409.
      if ((await this.get(userId)).status === 'removed') throw conflict(`user ${userId} has been removed and cannot be changed`, because('user.removed'));
      await checkGrids(patch.gridIds);
      const { version, password, ...changes } = patch;
      const passwordHash = password ? await hashPassword(password) : undefined;
      const updated = publicUser(await updateVersioned<StoredUser>(db, keys.user(userId), version, { ...changes, passwordHash }, 'user', now));
      // Every attribute is sent each time, so a failed sync is repaired by the next edit.
      await identity.updated(tenantId, updated, { password, statusChanged: changes.status !== undefined });
      return updated;
    },

    /**
     * Remove a user for good: sign-in and every token end (the API checks status on each request,
     * shared/auth/access.ts), the item stays with removedAt/removedBy for the history that names them.
     * Removing a removed user returns it as it is.
     */
    async remove(userId: string, by: string, now: Date): Promise<User> {
      let updated: StoredUser;
      try {
        const out = await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.user(userId),
            UpdateExpression: 'SET #status = :removed, removedAt = :at, removedBy = :by, updatedAt = :at, #version = #version + :one',
            ConditionExpression: 'attribute_exists(pk) AND #status <> :removed',
            ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
            ExpressionAttributeValues: { ':removed': 'removed', ':at': now.toISOString(), ':by': by, ':one': 1 },
            ReturnValues: 'ALL_NEW',
          }),
        );
        updated = toEntity<StoredUser>(out.Attributes ?? {});
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        return this.get(userId);
      }
      const user = publicUser(updated);
      await identity.updated(tenantId, user, { statusChanged: true });
      return user;
    },
  };
}
export type UserRepository = ReturnType<typeof userRepository>;
