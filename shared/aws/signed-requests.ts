/**
 * Calls to AWS services other than DynamoDB, without their SDK clients: requests signed with
 * Signature V4 by aws4fetch, with the function's own credentials (the variables Lambda sets). The
 * Cognito, SQS and S3 clients would each add 30–160 KiB of code to a Lambda bundle for the handful
 * of calls the app makes (docs/benchmarks.md); DynamoDB, used by every request, keeps its client.
 *
 * Two kinds of call: an operation of an AWS JSON API (Cognito user pools: JSON 1.1, SQS: JSON 1.0),
 * whose body is the operation's input and whose answer its output, exactly as in the SDK's
 * documentation; and a presigned S3 URL.
 */
import type { AwsClient } from 'aws4fetch';
import { onFirstUse } from '../lazy';

export interface AwsEnvironment {
  AWS_REGION?: string;
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  AWS_SESSION_TOKEN?: string;
}

export interface AwsService {
  region: string;
  /** Signs a request with the service's name and region. */
  client: AwsClient;
  /** Sends a signed request (the global fetch; tests pass their own). */
  send: (request: Request) => Promise<Response>;
}

/** An error answer of an AWS API, named like the SDK's exception (`NotAuthorizedException`). */
export class AwsServiceError extends Error {
  constructor(
    name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** The host of a service's regional endpoint (the China regions' domain is amazonaws.com.cn). */
export const serviceHost = (service: string, region: string) => `${service}.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;

/** Credentials to sign with (the function's own, or a tenant's assumed-role session). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * A signer for one service (aws4fetch loaded here), with the credentials in the environment, or
 * with `credentials` given (a tenant's session, shared/aws/tenant-credentials.ts).
 */
export async function awsService(
  service: string,
  options: { env?: AwsEnvironment; credentials?: AwsCredentials; send?: (request: Request) => Promise<Response> } = {},
): Promise<AwsService> {
  const env = options.env ?? process.env;
  const { AWS_REGION: region, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  const credentials = options.credentials ?? (accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken } : undefined);
  if (!region || !credentials) throw new Error(`${service}: AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set`);
  const { AwsClient } = await import('aws4fetch');
  return { region, client: new AwsClient({ ...credentials, service, region }), send: options.send ?? ((request) => fetch(request)) };
}

const ATTEMPTS = 3;
const retriable = (status: number, name: string) => status >= 500 || status === 429 || /Throttl|TooManyRequests|RequestLimitExceeded/.test(name);

/**
 * One operation of an AWS JSON API, e.g. `jsonCall(cognito, 'AWSCognitoIdentityProviderService.AdminCreateUser', input, '1.1')`.
 * Throttling, 5xx answers and network failures are tried again (3 attempts, with backoff), as
 * the SDK would; any other error answer is thrown as an AwsServiceError.
 */
export async function jsonCall<T>(service: AwsService, endpoint: string, target: string, input: unknown, version: '1.0' | '1.1'): Promise<T> {
  const body = JSON.stringify(input);
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      const request = await service.client.sign(endpoint, {
        method: 'POST',
        headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
        body,
        // The content type is signed too, as the SDK does.
        aws: { allHeaders: true },
      });
      response = await service.send(request);
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await backoff(attempt);
      continue;
    }
    const text = await response.text();
    const answer = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (response.ok) return answer as T;
    // `__type` may carry a namespace ("com.amazonaws…#NotAuthorizedException"); the header a URL suffix.
    const type = String(answer.__type ?? response.headers.get('x-amzn-errortype') ?? 'UnknownError');
    const name = type.split('#').pop()!.split(':')[0];
    const error = new AwsServiceError(name, String(answer.message ?? answer.Message ?? `${target} failed (${response.status})`), response.status);
    if (attempt >= ATTEMPTS || !retriable(response.status, name)) throw error;
    await backoff(attempt);
  }
}

/** Operations of one AWS JSON API by name, e.g. `call('AdminCreateUser', input)`; signed on first use. */
export type AwsJsonCall = <T = Record<string, unknown>>(operation: string, input: Record<string, unknown>) => Promise<T>;

/**
 * Calls to an AWS JSON API of the function's region: `service` is the signing name and endpoint
 * prefix (`kms`), `targetPrefix` the X-Amz-Target namespace (`TrentService`). `send` replaces the
 * network in tests.
 */
export function awsJsonCalls(
  service: string,
  targetPrefix: string,
  version: '1.0' | '1.1',
  options: { env?: AwsEnvironment; send?: (request: Request) => Promise<Response> } = {},
): AwsJsonCall {
  const signer = onFirstUse(() => awsService(service, options));
  return async <T>(operation: string, input: Record<string, unknown>) => {
    const signed = await signer();
    return jsonCall<T>(signed, `https://${serviceHost(service, signed.region)}/`, `${targetPrefix}.${operation}`, input, version);
  };
}

/** Waits before another attempt: 50 ms doubling, with jitter. */
export const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt * (0.5 + Math.random())));

/** An S3 object's URL, virtual-hosted style (every key segment encoded). */
const s3ObjectUrl = (s3: AwsService, bucket: string, key: string) =>
  new URL(`https://${bucket}.${serviceHost('s3', s3.region)}/${key.split('/').map(encodeURIComponent).join('/')}`);

/**
 * One signed S3 call on an object — HEAD (its size), GET (its bytes), DELETE — answered with the
 * Response as it is (a 404 is the caller's to read). Network failures and 5xx/503 SlowDown answers
 * are tried again (3 attempts, with backoff).
 */
export async function s3ObjectCall(s3: AwsService, request: { method: 'HEAD' | 'GET' | 'DELETE'; bucket: string; key: string }): Promise<Response> {
  const url = s3ObjectUrl(s3, request.bucket, request.key).toString();
  for (let attempt = 1; ; attempt++) {
    try {
      // The empty payload's hash is signed (aws4fetch's default for a request without a body).
      const response = await s3.send(await s3.client.sign(url, { method: request.method }));
      if ((response.status >= 500 || response.status === 429) && attempt < ATTEMPTS) {
        await response.body?.cancel();
        await backoff(attempt);
        continue;
      }
      return response;
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await backoff(attempt);
    }
  }
}

/**
 * A presigned S3 URL for one object (virtual-hosted style), valid `expiresIn` seconds from `now`.
 * `headers` are signed too: the caller must send exactly these (e.g. the content type and length of
 * an upload, so that S3 itself refuses another type or size). The URL is the one the SDK's
 * presigner makes, parameter for parameter (test/unit/aws-signed-requests.test.ts compares them).
 */
export async function presignS3(
  s3: AwsService,
  request: { method: 'GET' | 'PUT'; bucket: string; key: string; query?: Record<string, string>; headers?: Record<string, string>; expiresIn: number; now: Date },
): Promise<string> {
  const url = s3ObjectUrl(s3, request.bucket, request.key);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  // As the SDK: the body is not part of the signature, and the operation is named.
  url.searchParams.set('X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD');
  url.searchParams.set('x-id', request.method === 'PUT' ? 'PutObject' : 'GetObject');
  url.searchParams.set('X-Amz-Expires', String(request.expiresIn));
  const datetime = request.now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const signed = await s3.client.sign(url.toString(), {
    method: request.method,
    headers: request.headers,
    aws: { signQuery: true, allHeaders: true, datetime },
  });
  return signed.url;
}
