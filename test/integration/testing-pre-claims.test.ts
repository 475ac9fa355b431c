/**
 * Testing rounds and records stored before id claims existed (no `TCLAIM` for a round's number, no
 * `…#R#<record>` claim for a record), made here by deleting the claims the API wrote: a record's resend
 * is found by its own item (200, counted once; another tube under the id is still a 409), a round's
 * resend by its item, and a new round under an old round's number is refused as for a claimed one.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenantKeys } from '../../shared/data/keys';
import { personCode } from '../../shared/domain/testing/record';
import { type Api, testApi } from '../support/api';
import { personBody, registerHousehold, residentId } from '../support/residents';
import { createTestTenant, type TestTenant } from '../support/tenant';
import { recordBody, roundBody } from '../support/testing';

let api: Api;
let t: TestTenant;
let code = '';

const unclaim = (key: { pk: string; sk: string }) => api.db.doc.send(new DeleteCommand({ TableName: api.db.table, Key: key, ReturnValues: 'ALL_OLD' }));
const postRound = (body: Record<string, unknown>) => api.call('POST', '/api/testing/rounds', { token: t.tokens.admin, body });

beforeAll(async () => {
  api = await testApi({ now: '2026-11-25T02:00:00Z' });
  t = await createTestTenant(api, 'tpc');
  const h = await registerHousehold(api, t.tokens.admin, t.grids.northGroup1);
  const person = await api.call('POST', `/api/residents/households/${h.id}/persons`, { token: t.tokens.admin, body: personBody({ name: '钱旧档', idNumber: residentId('41018419660303111') }) });
  code = personCode(h.id, person.body.id);
}, 120_000);

describe('data from before the claims', () => {
  it("a round's resend is found by its own item; its number still refuses another round", async () => {
    const old = roundBody({ number: 3, name: '第三轮' });
    expect((await postRound(old)).status).toBe(201);
    expect((await unclaim(tenantKeys(t.id).testRoundNumberClaim(3))).Attributes).toMatchObject({ roundId: old.id });
    expect((await postRound(old)).status).toBe(200);
    expect((await postRound({ ...old, name: '改名' })).body).toMatchObject({ reason: 'resend.differs' });
    const twin = await postRound(roundBody({ number: 3, name: '又一个第三轮' }));
    expect(twin.status).toBe(409);
    expect(twin.body).toMatchObject({ reason: 'testing.roundNumberTaken', field: 'body.number', params: { number: 3 } });
    const rounds = (await api.call('GET', '/api/testing/rounds', { token: t.tokens.admin })).body.items;
    expect(rounds.filter((r: any) => r.number === 3)).toEqual([expect.objectContaining({ id: old.id })]);
  });

  it("a record's resend is found by its own item and counted once; another tube under its id is a 409", async () => {
    const round = roundBody({ number: 4, name: '第四轮' });
    expect((await postRound(round)).status).toBe(201);
    const body = recordBody(round.id, { code });
    const first = await api.call('POST', '/api/testing/records', { token: t.tokens.inspector, body });
    expect(first.status).toBe(201);
    expect((await unclaim(tenantKeys(t.id).testRecordClaim(round.id, body.id))).Attributes).toMatchObject({ recordId: body.id });
    const again = await api.call('POST', '/api/testing/records', { token: t.tokens.inspector, body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await api.call('POST', '/api/testing/records', { token: t.tokens.inspector, body: { ...body, sampleId: 'OLD-OTHER' } });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ reason: 'resend.differs', field: 'id' });
    const total = (await api.call('GET', `/api/testing/rounds/${round.id}/coverage`, { token: t.tokens.admin })).body.total;
    expect(total).toMatchObject({ times: 1, tested: 1 });
  });
});
