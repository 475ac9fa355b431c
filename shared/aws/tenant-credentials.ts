/**
 * Credentials scoped to one tenant (docs/infra.md "Tenant isolation"). In AWS every DynamoDB and S3
 * call of a request runs as the tenant role, assumed with the session tag `tenant=<id>`: its policy
 * allows only partition keys `T#<id>` / `T#<id>#…` and objects `<id>/…`, so a bug that builds
 * another tenant's key meets AccessDenied. Locally the source is `static` (DynamoDB Local ignores
 * credentials): the same per-tenant code path with fixed credentials.
 *
 * AssumeRole is one signed STS request (no SDK client on the cold path). Each tenant's session is
 * kept in the warm container and shared by concurrent requests, so the first request of a tenant
 * pays one STS call and later ones none until the session nears its end.
 */
import { type AwsCredentials, type AwsEnvironment, type AwsService, AwsServiceError, awsService, backoff, serviceHost } from './signed-requests';
import { onFirstUse } from '../lazy';

export interface SessionCredentials extends AwsCredentials {
  /** When the session ends (absent for static credentials). */
  expiration?: Date;
}

export interface TenantCredentials {
  readonly source: 'static' | 'assume-role';
  /** The tenant's credentials (cached; a fresh session a while before the old one ends). */
  forTenant(tenantId: string): Promise<SessionCredentials>;
}

export type TenantCredentialsConfig = { source: 'static' } | { source: 'assume-role'; roleArn: string };

/** The session tag the tenant role's policies read as ${aws:PrincipalTag/tenant}. */
export const TENANT_TAG = 'tenant';
/** Role chaining (a Lambda role assuming another) allows at most one hour. */
const SESSION_SECONDS = 3600;
/**
 * A session is renewed this long before it ends: presigned S3 URLs (valid up to 15 minutes) stop working
 * with the session that signed them, and the SDK itself asks again 5 minutes before the end.
 */
const RENEW_BEFORE_MS = 20 * 60 * 1000;
/** Tenants whose sessions a container keeps; beyond, the oldest is dropped. */
const MAX_TENANTS = 500;

export const STATIC_CREDENTIALS: SessionCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function tenantCredentials(
  config: TenantCredentialsConfig,
  options: { env?: AwsEnvironment; send?: AwsService['send']; now?: () => number } = {},
): TenantCredentials {
  if (config.source === 'static') return { source: 'static', forTenant: async () => STATIC_CREDENTIALS };
  const now = options.now ?? Date.now;
  const sts = onFirstUse(() => awsService('sts', { env: options.env, send: options.send }));
  const sessions = new Map<string, Promise<SessionCredentials>>();

  const assume = async (tenantId: string) => assumeRole(await sts(), config.roleArn, tenantId);
  return {
    source: 'assume-role',
    forTenant(tenantId) {
      const cached = sessions.get(tenantId);
      if (cached) {
        return cached.then((session) => {
          if (session.expiration && session.expiration.getTime() - now() > RENEW_BEFORE_MS) return session;
          // Only the first caller past the mark asks again; the others get its promise.
          if (sessions.get(tenantId) === cached) sessions.set(tenantId, remember(tenantId));
          return sessions.get(tenantId)!;
        });
      }
      if (sessions.size >= MAX_TENANTS) sessions.delete(sessions.keys().next().value!);
      const fresh = remember(tenantId);
      sessions.set(tenantId, fresh);
      return fresh;
    },
  };

  function remember(tenantId: string): Promise<SessionCredentials> {
    const pending = assume(tenantId);
    // A failed call is not kept: the next request tries again.
    pending.catch(() => {
      if (sessions.get(tenantId) === pending) sessions.delete(tenantId);
    });
    return pending;
  }
}

const ATTEMPTS = 3;
const xmlValue = (xml: string, name: string) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];

/** STS AssumeRole (the Query protocol: a form body, an XML answer) with the tenant's session tag. */
export async function assumeRole(sts: AwsService, roleArn: string, tenantId: string): Promise<SessionCredentials> {
  const body = new URLSearchParams({
    Action: 'AssumeRole',
    Version: '2011-06-15',
    RoleArn: roleArn,
    RoleSessionName: `tenant-${tenantId}`.slice(0, 64),
    DurationSeconds: String(SESSION_SECONDS),
    'Tags.member.1.Key': TENANT_TAG,
    'Tags.member.1.Value': tenantId,
  }).toString();
  for (let attempt = 1; ; attempt++) {
    let xml: string;
    let status: number;
    try {
      const request = await sts.client.sign(`https://${serviceHost('sts', sts.region)}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      });
      const response = await sts.send(request);
      status = response.status;
      xml = await response.text();
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await backoff(attempt);
      continue;
    }
    if (status === 200) {
      const [accessKeyId, secretAccessKey, sessionToken, expiration] = ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'].map((n) => xmlValue(xml, n));
      if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) throw new Error('sts: AssumeRole answered without credentials');
      return { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiration) };
    }
    const code = xmlValue(xml, 'Code') ?? 'UnknownError';
    const error = new AwsServiceError(code, xmlValue(xml, 'Message') ?? `AssumeRole failed (${status})`, status);
    if (attempt >= ATTEMPTS || !(status >= 500 || /Throttl/.test(code))) throw error;
    await backoff(attempt);
  }
}

/** Signers of one service with each tenant's credentials (presigned S3 URLs for the tenant's objects); one per session. */
export function tenantSigners(service: string, credentials: TenantCredentials, options: { env?: AwsEnvironment; send?: AwsService['send'] } = {}) {
  const signers = new WeakMap<SessionCredentials, Promise<AwsService>>();
  return async (tenantId: string): Promise<AwsService> => {
    const session = await credentials.forTenant(tenantId);
    let signer = signers.get(session);
    if (!signer) signers.set(session, (signer = awsService(service, { env: options.env, send: options.send, credentials: session })));
    return signer;
  };
}
