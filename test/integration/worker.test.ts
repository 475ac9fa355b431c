/**
 * The job worker as Lambda runs it (functions/scheduler/worker.ts) over DynamoDB Local: an SQS batch
 * of jobs; a message that is not a job is reported as a failed item (SQS delivers it again, then to
 * the dead-letter queue) and the others still run.
 */
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_AWS_ENV } from '../../local/dynamodb';
import { type Api, testApi } from '../support/api';
import { TEST_TABLE } from '../support/constants';
import { createTestTenant, type TestTenant } from '../support/tenant';

const DAY = '2026-11-26';
let api: Api;
let t: TestTenant;
beforeAll(async () => {
  api = await testApi({ now: `${DAY}T02:00:00Z` });
  t = await createTestTenant(api, 'wrk');
  // What Lambda and the stack give the worker (infra/constructs/schedules.ts); the SDK reads the endpoint.
  Object.assign(process.env, { ...LOCAL_AWS_ENV, AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'), GRIDWATCH_TABLE: TEST_TABLE, GRIDWATCH_IMPORT_BUCKET: 'imports', GRIDWATCH_TENANT_CREDENTIALS: 'static' });
});

const message = (messageId: string, body: string) => ({ messageId, body }) as SQSEvent['Records'][number];

describe('the job worker', () => {
  it('runs the jobs of a batch and reports the messages that are not jobs as failed items', async () => {
    const { handler } = await import('../../functions/scheduler/worker');
    expect((await api.call('GET', '/api/plans/today', { token: t.tokens.supervisor })).body.status).not.toBe('planned');
    const out = await handler({
      Records: [message('no-kind', JSON.stringify({ tenantId: t.id, date: DAY })), message('not-json', 'plan please'), message('plan', JSON.stringify({ kind: 'plan', tenantId: t.id, date: DAY }))],
    });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'no-kind' }, { itemIdentifier: 'not-json' }]);
    expect((await api.call('GET', '/api/plans/today', { token: t.tokens.supervisor })).body).toMatchObject({ status: 'planned' });
  });
});
