/**
 * The counters behind sign-in throttling (shared/domain/sign-in-throttle.ts): failures of a user name
 * (or of one known device of it) in its tenant, failures of a client address across tenants (under
 * the platform tenant), and the lockouts recorded for the tenant admin. Counter items expire on their
 * own (TTL) a day after their last failure; lockout records after 90 days.
 *
 * Calls: before an attempt 2 BatchGetItems side by side (the account's or device's counter; the address's); after a
 * failure 1 UpdateItem per counter (+1 PutItem when the failure starts the delays); after a success
 * 1 DeleteItem if there were failures.
 */
import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock';
import { PLATFORM_TENANT } from '../domain/actor';
import { type FailureCount, SIGN_IN_THROTTLE, startsDelays, waitBefore } from '../domain/sign-in-throttle';
import { batchGet } from './batch';
import { type Db, type Page, queryPage } from './db';
import { type Key, tenantKeys } from './keys';
import type { TenantTables } from './tenant-tables';
import { TTL_ATTRIBUTE } from './table';

const LOCKOUT_KEPT_SECONDS = 90 * 86_400;

export interface SignInAttempt {
  tenantId: string;
  userId: string;
  /** The id of a verified device token of this user, if the client sent one. */
  deviceId?: string;
  /** The client's address, when the runtime knows it. */
  address?: string;
}

/** What the tenant admin sees of a lockout: the delays started for this user name. */
export interface SignInLockout {
  userId: string;
  at: string;
  failures: number;
  address?: string;
}

const addressHash = (address: string) => createHash('sha256').update(address).digest('base64url').slice(0, 32);

/**
 * `tables`: each counter is written with its own tenant's credentials — the account's tenant, and the
 * platform tenant for the address counters that span tenants (the tenant role allows each only its own).
 */
export function signInThrottle(tables: Pick<TenantTables, 'tenant'>, clock: Clock) {
  const dbOf = (key: Key): Db => tables.tenant(key.pk.split('#')[1]);
  const subjectKey = (a: SignInAttempt): Key => {
    const keys = tenantKeys(a.tenantId);
    return a.deviceId ? keys.loginDeviceFailures(a.userId, a.deviceId) : keys.loginFailures(a.userId);
  };
  const addressKey = (a: SignInAttempt): Key | undefined => (a.address ? tenantKeys(PLATFORM_TENANT).loginAddressFailures(addressHash(a.address)) : undefined);

  /** One more failure on a counter; a count forgotten by now starts again at one. Returns the new count. */
  async function countFailure(key: Key, now: number): Promise<number> {
    const db = dbOf(key);
    const out = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        UpdateExpression: 'SET failures = if_not_exists(failures, :zero) + :one, lastFailureAt = :now, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(lastFailureAt) OR lastFailureAt > :forgotten',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':now': now, ':ttl': Math.floor((now + SIGN_IN_THROTTLE.forgetAfterMs) / 1000), ':forgotten': now - SIGN_IN_THROTTLE.forgetAfterMs },
        ReturnValues: 'UPDATED_NEW',
      }),
    ).catch(async (error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
      return db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key,
          UpdateExpression: 'SET failures = :one, lastFailureAt = :now, #ttl = :ttl',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':now': now, ':ttl': Math.floor((now + SIGN_IN_THROTTLE.forgetAfterMs) / 1000) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
    });
    return Number(out.Attributes?.failures ?? 1);
  }

  return {
    /** How long this attempt must wait (ms, 0: go ahead), and whether the account has failures to clear on success. */
    async check(a: SignInAttempt): Promise<{ waitMs: number; hasFailures: boolean }> {
      const now = clock.now().getTime();
      const address = addressKey(a);
      // Two tenants' items (the account's, the platform's address counter): one read each, side by side.
      const [fetched, fetchedAddress] = await Promise.all([batchGet(dbOf(subjectKey(a)), [subjectKey(a)]), address && batchGet(dbOf(address), [address])]);
      const subject = fetched.get<FailureCount>(subjectKey(a));
      const account = waitBefore(subject, SIGN_IN_THROTTLE.freeAccountFailures, now);
      // A known device has signed in to this account before: an office's shared address does not hold it back.
      const fromAddress = address && fetchedAddress && !a.deviceId ? waitBefore(fetchedAddress.get<FailureCount>(address), SIGN_IN_THROTTLE.freeAddressFailures, now) : 0;
      return { waitMs: Math.max(account, fromAddress), hasFailures: (subject?.failures ?? 0) > 0 };
    },

    /** Count a failed attempt; the failure that starts the delays is recorded for the tenant admin. */
    async failed(a: SignInAttempt): Promise<void> {
      const now = clock.now().getTime();
      const address = addressKey(a);
      const [failures] = await Promise.all([countFailure(subjectKey(a), now), address && countFailure(address, now)]);
      if (!startsDelays(failures, SIGN_IN_THROTTLE.freeAccountFailures)) return;
      const keys = tenantKeys(a.tenantId);
      const at = new Date(now).toISOString();
      const lockout: SignInLockout = { userId: a.userId, at, failures, ...(a.address && { address: a.address }) };
      const db = tables.tenant(a.tenantId);
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: {
            ...keys.loginLockout(a.userId, at),
            ...keys.loginLockoutEntry(a.userId, at),
            entity: 'sign-in-lockout',
            schemaVersion: 1,
            ...lockout,
            ...(a.deviceId && { device: true }),
            [TTL_ATTRIBUTE]: Math.floor(now / 1000) + LOCKOUT_KEPT_SECONDS,
          },
        }),
      );
    },

    /** A successful sign-in clears the account's (or device's) count; the address's stays. */
    async succeeded(a: SignInAttempt): Promise<void> {
      const db = tables.tenant(a.tenantId);
      await db.doc.send(new DeleteCommand({ TableName: db.table, Key: subjectKey(a) }));
    },

    /** The tenant's recorded lockouts, newest first. */
    async lockouts(tenantId: string, options: { limit?: number; cursor?: string }): Promise<Page<SignInLockout>> {
      const page = await queryPage<SignInLockout>(tables.tenant(tenantId), tenantKeys(tenantId).loginLockouts(), { ...options, newestFirst: true });
      return { ...page, items: page.items.map(({ userId, at, failures, address }) => ({ userId, at, failures, ...(address && { address }) })) };
    },
  };
}
export type SignInThrottle = ReturnType<typeof signInThrottle>;
