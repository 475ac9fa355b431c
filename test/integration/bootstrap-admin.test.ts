/**
 * The first platform admin of a deployment (infra/bootstrap-admin.ts), in both sign-in modes, over
 * DynamoDB Local: own issuer (the table's hash, which then signs in), Cognito (the pool user too).
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD_RULE, bootstrapPlatformAdmin } from '../../infra/bootstrap-admin';
import { devSignIn } from '../../shared/auth/sign-in';
import { cognitoIdentity, tableIdentity } from '../../shared/auth/identity';
import { fixedClock } from '../../shared/clock';
import { tenantData } from '../../shared/data/tenant-data';
import { PLATFORM_TENANT } from '../../shared/domain/actor';
import { testDb, testTables } from '../support/db';
import { fakeCognito } from '../support/fake-cognito';

const db = testDb();
const clock = fixedClock('2026-03-02T08:00:00Z');
const PASSWORD = 'Gridwatch-2026!';
const uniqueUser = () => `root-${Math.random().toString(36).slice(2, 8)}`;

describe('bootstrap-admin', () => {
  it('own issuer: stores the platform admin with a password hash it can sign in with', async () => {
    const userId = uniqueUser();
    const user = await bootstrapPlatformAdmin({ db, identity: tableIdentity, userId, displayName: '平台管理员', password: PASSWORD, now: clock.now() });
    expect(user).toMatchObject({ id: userId, roles: ['platform-admin'], status: 'active' });
    const signed: string[] = [];
    const signIn = devSignIn(testTables(db), {
      sign: async (actor) => {
        signed.push(`${actor.tenantId}:${actor.userId}:${actor.roles}`);
        return 'token';
      },
    });
    expect(await signIn.signIn(PLATFORM_TENANT, userId, PASSWORD)).toMatchObject({ kind: 'token' });
    expect(signed).toEqual([`${PLATFORM_TENANT}:${userId}:platform-admin`]);
  });

  it('cognito: creates the pool user with the platform claims and a temporary password', async () => {
    const cognito = fakeCognito();
    cognito.on('AdminCreateUser', { User: {} });
    const userId = uniqueUser();
    await bootstrapPlatformAdmin({ db, identity: cognitoIdentity(cognito.call, 'pool-1'), userId, displayName: '平台管理员', password: PASSWORD, now: clock.now() });
    expect(cognito.calls.map((c) => c.operation)).toEqual(['AdminCreateUser']);
    expect(cognito.calls[0].input).toMatchObject({ UserPoolId: 'pool-1', Username: `${PLATFORM_TENANT}:${userId}`, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS' });
    expect(cognito.calls[0].input.UserAttributes).toContainEqual({ Name: 'custom:roles', Value: 'platform-admin' });
  });

  it('refuses a weak password and a second run for the same user', async () => {
    const userId = uniqueUser();
    expect(ADMIN_PASSWORD_RULE.test('gridwatch-demo')).toBe(false);
    await expect(bootstrapPlatformAdmin({ db, identity: tableIdentity, userId, displayName: 'x', password: 'short', now: clock.now() })).rejects.toMatchObject({ status: 400 });
    await bootstrapPlatformAdmin({ db, identity: tableIdentity, userId, displayName: 'x', password: PASSWORD, now: clock.now() });
    await expect(bootstrapPlatformAdmin({ db, identity: tableIdentity, userId, displayName: 'x', password: PASSWORD, now: clock.now() })).rejects.toMatchObject({ status: 409 });
  });

  it('leaves no user item when the pool refuses the user', async () => {
    const cognito = fakeCognito();
    cognito.fail('AdminCreateUser', 'InvalidPasswordException', 'policy');
    const userId = uniqueUser();
    await expect(bootstrapPlatformAdmin({ db, identity: cognitoIdentity(cognito.call, 'pool-1'), userId, displayName: 'x', password: PASSWORD, now: clock.now() })).rejects.toThrow();
    expect(await tenantData(db, PLATFORM_TENANT).users.credentials(userId)).toBeUndefined();
  });
});
