/**
 * AWS calls without the service SDKs (shared/aws/signed-requests.ts): the signature is the one the
 * SDK's own signer (@smithy/signature-v4) computes for the same request; throttling and 5xx are
 * retried, other errors are thrown with the SDK's exception name; SQS batches of 10.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { network, Sha256, signingDateOf } from '../support/aws-signing';
import { AwsServiceError, awsService, jsonCall } from '../../shared/aws/signed-requests';
import { sqsJobQueue } from '../../shared/scheduling/queues';
import { FAKE_AWS_ENV } from '../support/fake-cognito';

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status });

describe('AWS JSON calls', () => {
  it('are signed exactly as the SDK signs them', async () => {
    const net = network(json(200, { User: {} }));
    const service = await awsService('cognito-idp', { env: FAKE_AWS_ENV, send: net.send });
    const input = { UserPoolId: 'pool-1', Username: 'longhu:zhang', UserAttributes: [{ Name: 'name', Value: '张三' }] };
    await jsonCall(service, 'https://cognito-idp.cn-north-1.amazonaws.com.cn/', 'AWSCognitoIdentityProviderService.AdminCreateUser', input, '1.1');

    const [sent] = net.requests;
    const body = await sent.clone().text();
    expect(JSON.parse(body)).toEqual(input);
    const signingDate = signingDateOf(sent);
    const signer = new SignatureV4({
      service: 'cognito-idp',
      region: 'cn-north-1',
      sha256: Sha256 as never,
      applyChecksum: false,
      credentials: { accessKeyId: FAKE_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: FAKE_AWS_ENV.AWS_SECRET_ACCESS_KEY, sessionToken: FAKE_AWS_ENV.AWS_SESSION_TOKEN },
    });
    const headers = Object.fromEntries([...sent.headers].filter(([name]) => name !== 'authorization'));
    expect(sent.headers.get('authorization')).toContain('SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,');
    const reference = await signer.sign(
      { method: 'POST', protocol: 'https:', hostname: 'cognito-idp.cn-north-1.amazonaws.com.cn', path: '/', headers: { ...headers, host: 'cognito-idp.cn-north-1.amazonaws.com.cn' }, body, query: {} },
      { signingDate },
    );
    expect(sent.headers.get('authorization')).toBe(reference.headers.authorization);
    expect(sent.headers.get('x-amz-target')).toBe('AWSCognitoIdentityProviderService.AdminCreateUser');
    expect(sent.headers.get('content-type')).toBe('application/x-amz-json-1.1');
  });

  it('retry throttling and server errors, then answer', async () => {
    const net = network(json(500, { __type: 'InternalErrorException', message: 'x' }), json(400, { __type: 'ThrottlingException', message: 'slow down' }), json(200, { ok: 1 }));
    const service = await awsService('sqs', { env: FAKE_AWS_ENV, send: net.send });
    await expect(jsonCall(service, 'https://sqs.cn-north-1.amazonaws.com.cn/', 'AmazonSQS.ListQueues', {}, '1.0')).resolves.toEqual({ ok: 1 });
    expect(net.requests).toHaveLength(3);
  });

  it('throw other errors at once, named as the SDK names them', async () => {
    const net = network(json(400, { __type: 'com.amazonaws.cognito#UsernameExistsException', message: 'User account already exists' }));
    const service = await awsService('cognito-idp', { env: FAKE_AWS_ENV, send: net.send });
    const error = await jsonCall(service, 'https://cognito-idp.cn-north-1.amazonaws.com.cn/', 'AWSCognitoIdentityProviderService.AdminCreateUser', {}, '1.1').catch((e) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'UsernameExistsException', message: 'User account already exists', status: 400 });
    expect(net.requests).toHaveLength(1);
  });
});

describe('SQS job queue', () => {
  const QUEUE = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/gridwatch-jobs';

  it('sends jobs in batches of 10 to the queue', async () => {
    const net = network(json(200, { Successful: [] }));
    const queue = sqsJobQueue(QUEUE, { env: FAKE_AWS_ENV, send: net.send });
    const jobs = Array.from({ length: 23 }, (_, i) => ({ kind: 'plan' as const, tenantId: `t${i}`, date: '2026-11-26' }));
    await queue.send(jobs);
    expect(net.requests.map((r) => r.url)).toEqual(Array(3).fill('https://sqs.cn-north-1.amazonaws.com.cn/'));
    const bodies = await Promise.all(net.requests.map((r) => r.clone().json()));
    expect(bodies.map((b) => b.Entries.length)).toEqual([10, 10, 3]);
    expect(bodies[0].QueueUrl).toBe(QUEUE);
    expect(bodies[2].Entries[2]).toEqual({ Id: '2', MessageBody: JSON.stringify(jobs[22]) });
    expect(net.requests[0].headers.get('x-amz-target')).toBe('AmazonSQS.SendMessageBatch');
    expect(net.requests[0].headers.get('authorization')).toContain('/cn-north-1/sqs/aws4_request');
  });

  it('fails when SQS refuses messages of a batch', async () => {
    const net = network(json(200, { Successful: [], Failed: [{ Id: '0', Code: 'x', SenderFault: true }] }));
    const queue = sqsJobQueue(QUEUE, { env: FAKE_AWS_ENV, send: net.send });
    await expect(queue.send([{ kind: 'plan', tenantId: 't', date: '2026-11-26' }])).rejects.toThrow('SQS refused 1 job messages');
  });
});
