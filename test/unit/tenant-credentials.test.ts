/**
 * Tenant credentials (shared/aws/tenant-credentials.ts): AssumeRole with the tenant's session tag,
 * one STS call per tenant and container however many requests arrive together, a new session well
 * before the old one ends, a failed call not kept; and the table's per-tenant clients.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { STATIC_CREDENTIALS, tenantCredentials } from '../../shared/aws/tenant-credentials';
import { createDb } from '../../shared/data/db';
import { tenantTables } from '../../shared/data/tenant-tables';
import { fakeSts, TENANT_ROLE_ARN } from '../support/fake-sts';

describe('tenant credentials', () => {
  it('assume the tenant role with the tenant as session tag, signed for the region’s STS', async () => {
    const sts = fakeSts();
    const session = await sts.credentials.forTenant('longhu');
    expect(session).toMatchObject({ accessKeyId: 'ASIA1', secretAccessKey: 'secret-1', sessionToken: 'token-1' });
    const [call] = sts.calls;
    expect(call.url).toBe('https://sts.cn-north-1.amazonaws.com.cn/');
    expect(Object.fromEntries(call.body)).toEqual({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: TENANT_ROLE_ARN,
      RoleSessionName: 'tenant-longhu',
      DurationSeconds: '3600',
      'Tags.member.1.Key': 'tenant',
      'Tags.member.1.Value': 'longhu',
    });
    expect(call.headers.get('authorization')).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cn-north-1\/sts\/aws4_request/);
  });

  it('cost one STS call per tenant, however many requests ask at once', async () => {
    const sts = fakeSts();
    const first = await Promise.all(Array.from({ length: 20 }, () => sts.credentials.forTenant('a')));
    expect(new Set(first).size).toBe(1);
    await sts.credentials.forTenant('a');
    expect(sts.calls.map((c) => c.tenant)).toEqual(['a']);
    await Promise.all([sts.credentials.forTenant('b'), sts.credentials.forTenant('b')]);
    expect(sts.calls.map((c) => c.tenant)).toEqual(['a', 'b']);
  });

  it('take a new session 20 minutes before the old one ends (presigned URLs outlive none)', async () => {
    let now = Date.parse('2026-11-25T00:00:00Z');
    const sts = fakeSts({ now: () => now });
    const first = await sts.credentials.forTenant('a');
    now += 39 * 60_000;
    expect(await sts.credentials.forTenant('a')).toBe(first);
    now += 2 * 60_000;
    const renewed = await Promise.all([sts.credentials.forTenant('a'), sts.credentials.forTenant('a')]);
    expect(renewed[0]).not.toBe(first);
    expect(renewed[1]).toBe(renewed[0]);
    expect(sts.calls).toHaveLength(2);
  });

  it('keep no failed call: the next request asks again', async () => {
    let failing = true;
    const sts = fakeSts({ fail: () => failing });
    await expect(sts.credentials.forTenant('a')).rejects.toMatchObject({ name: 'AccessDenied', status: 403 });
    failing = false;
    await expect(sts.credentials.forTenant('a')).resolves.toMatchObject({ accessKeyId: 'ASIA2' });
  });

  it('are fixed locally (static): no STS', async () => {
    expect(await tenantCredentials({ source: 'static' }).forTenant('a')).toBe(STATIC_CREDENTIALS);
  });
});

describe('the table per tenant', () => {
  it('is one client per tenant, kept, made only for a valid tenant id', async () => {
    const sts = fakeSts();
    const tables = tenantTables(createDb('gridwatch', { region: 'cn-north-1' }), sts.credentials);
    expect(tables.tenant('ta')).toBe(tables.tenant('ta'));
    expect(tables.tenant('ta')).not.toBe(tables.tenant('tb'));
    expect(() => tables.tenant('A#x')).toThrow(/valid tenant id/);
    // The client signs with the tenant's session.
    expect(await tables.tenant('ta').doc.config.credentials()).toMatchObject({ accessKeyId: 'ASIA1', sessionToken: 'token-1' });
    expect(sts.calls.map((c) => c.tenant)).toEqual(['ta']);
  });

  it('is reached in the known places only (the actor’s tenant, sign-in, the platform’s routes and jobs)', () => {
    const files = execFileSync('git', ['grep', '-l', '-E', 'tables\\.tenant\\(', '--', 'functions', 'shared', 'local', 'infra'], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(files).toEqual([
      // Rate limits per user and tenant: the verified actor's tenant, after authentication.
      'functions/api/middleware/rate-limit.ts',
      'functions/api/route-groups.ts',
      'functions/api/routes/auth.ts',
      'functions/api/routes/platform.ts',
      // The public endpoints: the tenant a verified registration or venue code names (no token there).
      'functions/api/routes/self-registration/public-tenant.ts',
      'functions/scheduler/worker.ts',
      'local/local-deps.ts',
      'shared/auth/access.ts',
      'shared/auth/sign-in.ts',
      // Sign-in throttling: the account's counters with its tenant's client, the address's with the platform's.
      'shared/data/login-throttle.ts',
      // The public endpoints' buckets: the address's with the platform's client, the code's with its tenant's.
      'shared/data/public-throttle.ts',
      // A check-in's tenant-local day: the time zone of the tenant a verified venue code names, cached per tenant id.
      'shared/data/tenant-zones.ts',
      'shared/personal-data/tenant-cipher.ts',
    ]);
    // The middleware builds c.var.data from the verified actor's tenant only.
    expect(readFileSync('functions/api/route-groups.ts', 'utf8')).toContain('tenantData(deps.tables.tenant(actor.tenantId), actor.tenantId');
  });
});
