/**
 * Nothing personal from the public routes reaches the logs: a self-registration (accepted, resent,
 * refused for its check digit, throttled), its review, a visitor's check-in and the "who was there"
 * answer all run with the logger at DEBUG while every line written is captured; none holds a name,
 * an ID number or a phone that was sent.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { venueCodeToken } from '../../shared/domain/venues/venue-code';
import { type Api, testApi } from '../support/api';
import { createVenue } from '../support/field';
import { captureOutput, residentId, wrongCheckDigit } from '../support/residents';
import { makeRegistrationCode, registrationForm } from '../support/self-registration';
import { createTestTenant, type TestTenant } from '../support/tenant';

const PERSON = { name: '欧阳秘密', idNumber: residentId('41018419660606616'), phone: '13611112222' };
const VISITOR = { phone: '13633334444', personCode: 'HZ-SECRET-7788' };
const SECRETS = [PERSON.name, PERSON.idNumber, PERSON.phone, VISITOR.phone, VISITOR.personCode];

let api: Api;
let t: TestTenant;
const output = captureOutput();

beforeAll(async () => {
  api = await testApi({ logger: new Logger({ serviceName: 'gridwatch-public-privacy-test', logLevel: 'DEBUG' }) });
  t = await createTestTenant(api, 'pp');
});
afterAll(() => output.stop());

describe('the public routes', () => {
  it('log nothing personal', async () => {
    const code = await makeRegistrationCode(api, t.tokens.supervisor, { gridId: t.grids.northGroup1 });
    const form = registrationForm(code.token, PERSON);
    const send = (body: unknown, address = '127.0.0.9') =>
      api.app.request('/api/public/registrations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, { incoming: { socket: { remoteAddress: address } } });
    expect((await send(form)).status).toBe(202);
    expect((await send(form)).status).toBe(202);
    expect((await send({ ...form, id: ulid(), idNumber: wrongCheckDigit(PERSON.idNumber) })).status).toBe(400);
    expect((await send({ ...form, id: ulid(), code: `${code.token}x` })).status).toBe(403);
    const review = await api.call('POST', `/api/self-registration/submissions/${form.id}/decision`, { token: t.tokens.inspector, body: { action: 'confirm', version: 1, personId: ulid(), newHouseholdId: ulid() } });
    expect(review.status).toBe(200);

    const venue = await createVenue(api, t);
    const venueCode = venueCodeToken(await api.deps.venueCodeKeys(), t.id, venue.id, venue.codeVersion);
    expect((await api.call('POST', '/api/public/check-ins', { body: { code: venueCode, id: ulid(Date.parse('2026-11-25T02:00:00Z')), phone: VISITOR.phone } })).status).toBe(202);
    expect((await api.call('POST', '/api/public/check-ins', { body: { code: venueCode, id: ulid(Date.parse('2026-11-25T02:00:00Z')), personCode: VISITOR.personCode } })).status).toBe(202);
    expect((await api.call('POST', '/api/public/check-ins', { body: { code: venueCode, id: ulid(), phone: VISITOR.phone, personCode: VISITOR.personCode } })).status).toBe(400);
    const visitors = await api.call('POST', `/api/check-ins/venues/${venue.id}/visitors`, { token: t.tokens.supervisor, body: { from: '2026-11-25T01:00:00Z', to: '2026-11-25T03:00:00Z', reason: '病例轨迹追踪' } });
    expect(visitors.body.items.map((i: { visitor: string }) => i.visitor).sort()).toEqual([VISITOR.phone, VISITOR.personCode].sort());

    const all = output.lines.join('');
    // The logger was writing (requests are logged): the test can fail.
    expect(all).toContain('/api/public/registrations');
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });
});
