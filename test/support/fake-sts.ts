/**
 * A fake STS for tenant credentials (shared/aws/tenant-credentials.ts): answers AssumeRole with a
 * session per call and records what was asked (the tenant tag), so a test can count the calls.
 */
import { tenantCredentials } from '../../shared/aws/tenant-credentials';
import { FAKE_AWS_ENV } from './fake-cognito';

export const TENANT_ROLE_ARN = 'arn:aws-cn:iam::123456789012:role/gridwatch-tenant';

export function fakeSts(options: { sessionMs?: number; now?: () => number; fail?: () => boolean } = {}) {
  const calls: { tenant: string; body: URLSearchParams; headers: Headers; url: string }[] = [];
  const now = options.now ?? Date.now;
  const send = async (request: Request) => {
    const body = new URLSearchParams(await request.text());
    calls.push({ tenant: body.get('Tags.member.1.Value') ?? '', body, headers: request.headers, url: request.url });
    if (options.fail?.()) {
      return new Response('<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>', { status: 403 });
    }
    const n = calls.length;
    const expiration = new Date(now() + (options.sessionMs ?? 3600_000)).toISOString();
    return new Response(
      `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA${n}</AccessKeyId><SecretAccessKey>secret-${n}</SecretAccessKey><SessionToken>token-${n}</SessionToken><Expiration>${expiration}</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`,
      { status: 200 },
    );
  };
  return { calls, credentials: tenantCredentials({ source: 'assume-role', roleArn: TENANT_ROLE_ARN }, { env: FAKE_AWS_ENV, send, now }) };
}
