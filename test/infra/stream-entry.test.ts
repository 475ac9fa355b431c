/**
 * The files function's Lambda entry (functions/api-stream.ts) and what CloudFront does in front of
 * it, run together: a viewer request goes through the CloudFront Function of the file behaviours
 * (VIEWER_AUTHORIZATION_CODE), then origin access control replaces Authorization with a SigV4
 * signature, then the function URL event reaches `handler` (Hono's streamHandle, with a stand-in for
 * the Lambda runtime's `awslambda` global). No AWS call is made: the tokens here never verify, so the
 * app answers 401 before it reads the table.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_ENVIRONMENT } from '../../infra/constructs/api';
import { VIEWER_AUTHORIZATION_CODE, VIEWER_AUTHORIZATION_HEADER } from '../../infra/constructs/web';
import type { Json } from './synth';

type Headers = Record<string, { value: string }>;
const viewerRequest = new Function(`${VIEWER_AUTHORIZATION_CODE}; return handler;`)() as (event: Json) => { headers: Headers };

/** The CloudFront Function, then OAC's signature: the headers the function URL receives. */
function throughCloudFront(viewerHeaders: Record<string, string>): Record<string, string> {
  const headers: Headers = Object.fromEntries(Object.entries(viewerHeaders).map(([k, v]) => [k.toLowerCase(), { value: v }]));
  const request = viewerRequest({ request: { method: 'GET', uri: '/', headers }, context: { distributionDomainName: 'd111.cloudfront.net' } });
  const origin = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, v.value]));
  origin.authorization = 'AWS4-HMAC-SHA256 Credential=ASIA/20260101/eu-west-1/lambda/aws4_request, SignedHeaders=host, Signature=0';
  origin.host = 'abc123.lambda-url.eu-west-1.on.aws';
  return origin;
}

/** A Lambda function URL event (payload format 2.0). */
const urlEvent = (method: string, path: string, headers: Record<string, string>) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers,
  requestContext: {
    accountId: 'anonymous',
    apiId: 'abc123',
    domainName: 'abc123.lambda-url.eu-west-1.on.aws',
    domainPrefix: 'abc123',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'vitest' },
    requestId: 'req-1',
    routeKey: '$default',
    stage: '$default',
    time: '01/Jan/2026:00:00:00 +0000',
    timeEpoch: 1767225600000,
  },
  isBase64Encoded: false,
});

const ENV = {
  GRIDWATCH_TABLE: 'gridwatch',
  GRIDWATCH_JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_test',
  GRIDWATCH_JWT_AUDIENCE: 'test-client',
  GRIDWATCH_USER_POOL_ID: 'eu-west-1_test',
  GRIDWATCH_JOB_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs',
  GRIDWATCH_VENUE_CODE_SECRET: 'x'.repeat(64),
  GRIDWATCH_PERSONAL_DATA_KEY: 'arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000',
  GRIDWATCH_LOG_LEVEL: 'CRITICAL',
  AWS_REGION: 'eu-west-1',
  ...STREAM_ENVIRONMENT,
};

type StreamHandler = (event: Json, stream: Writable, context: Json) => Promise<void>;
let handler: StreamHandler;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  for (const [name, value] of Object.entries(ENV)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  // What the Lambda Node.js runtime provides to response-streaming handlers.
  (globalThis as Json).awslambda = {
    streamifyResponse: (fn: StreamHandler) => fn,
    HttpResponseStream: { from: (stream: Json, metadata: Json) => Object.assign(stream, { metadata }) },
  };
  ({ handler } = (await import('../../functions/api-stream')) as unknown as { handler: StreamHandler });
}, 60_000);

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  delete (globalThis as Json).awslambda;
});

async function invoke(method: string, path: string, headers: Record<string, string>) {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  }) as Writable & { metadata?: { statusCode: number; headers: Record<string, string> } };
  await handler(urlEvent(method, path, headers), stream, {});
  const body = Buffer.concat(chunks).toString('utf8');
  return { status: stream.metadata?.statusCode, headers: stream.metadata?.headers ?? {}, body: body ? JSON.parse(body) : undefined };
}

describe('viewer Authorization through CloudFront to the files function', () => {
  it('CloudFront keeps the viewer token in its own header, and drops a viewer-supplied copy', () => {
    expect(throughCloudFront({ Authorization: 'Bearer a.b.c' })[VIEWER_AUTHORIZATION_HEADER]).toBe('Bearer a.b.c');
    expect(throughCloudFront({ [VIEWER_AUTHORIZATION_HEADER]: 'Bearer forged' })).not.toHaveProperty(VIEWER_AUTHORIZATION_HEADER);
    expect(throughCloudFront({ Authorization: 'Bearer real', [VIEWER_AUTHORIZATION_HEADER]: 'Bearer forged' })[VIEWER_AUTHORIZATION_HEADER]).toBe('Bearer real');
  });

  it('the app verifies the viewer token, not the SigV4 signature', async () => {
    const res = await invoke('GET', '/api/problems/export.csv', throughCloudFront({ Authorization: 'Bearer not.a.token' }));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthorized', message: 'invalid or expired token' });
  });

  it('without a viewer token the request is anonymous (401), never authenticated by the signature', async () => {
    const res = await invoke('GET', '/api/venues/01J0VENUE/history.xlsx', throughCloudFront({}));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'unauthorized', message: 'authentication required' });
  });

  it('serves the file routes only (GET/HEAD): anything else is 404, before authentication', async () => {
    for (const [method, path] of [
      ['GET', '/api/health'],
      ['GET', '/api/openapi.json'],
      ['GET', '/api/problems'],
      ['GET', '/api/problems/01J0PROBLEM/notice.html'],
      ['GET', '/api/venues/01J0VENUE'],
      ['GET', '/api/venues/01J0VENUE/history'],
      ['GET', '/api/venues/01J0VENUE/photos/history.csv'],
      ['GET', '/api/venues/01J0VENUE/code'],
      ['GET', '/api/venues/01J0VENUE/code.gif'],
      ['POST', '/api/venues/01J0VENUE/code/rotate'],
      ['POST', '/api/problems/export.csv'],
      ['POST', '/api/photos'],
    ]) {
      const res = await invoke(method, path, throughCloudFront({ Authorization: 'Bearer not.a.token' }));
      expect({ method, path, status: res.status, error: res.body?.error }).toEqual({ method, path, status: 404, error: 'not_found' });
    }
    for (const path of ['/api/problems/export.xlsx', '/api/venues/01J0VENUE/history.csv', '/api/venues/01J0VENUE/code.png', '/api/venues/01J0VENUE/code.svg', '/api/venues/01J0VENUE/code.html', '/api/grids/north/codes.html']) {
      expect((await invoke('GET', path, throughCloudFront({ Authorization: 'Bearer not.a.token' }))).status).toBe(401);
    }
  });
});
