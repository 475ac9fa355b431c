/**
 * `npm start`'s system, started twice on the same data directory: the first start seeds the demo,
 * the second finds everything as it was left (DynamoDB Local on disk, the dev issuer's key kept).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/clock';
import { freePort } from '../../local/dynamodb';
import { DEMO_PASSWORD, demoLogins } from '../../local/seed';
import { startLocalSystem } from '../../local/system';

const dataDir = mkdtempSync(join(tmpdir(), 'gridwatch-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let port = 0;
async function boot() {
  port ||= await freePort(); // the issuer is the URL, so a restart keeps the port as npm start does
  // The demo's history is tested in demo-seed.test.ts; here only what a restart keeps.
  return startLocalSystem({ port, dataDir, clock: systemClock, seed: true, seedHistory: false, schedulerIntervalMs: 0, webDist: join(dataDir, 'no-web') });
}

const json = async (res: Response) => ({ status: res.status, body: await res.json() });

describe('the local system', () => {
  it('seeds on first start, keeps everything across a restart, and keeps tokens valid', { timeout: 180_000 }, async () => {
    const first = await boot();
    let token: string;
    try {
      expect(first.seeded).toBe('seeded');
      expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
      const login = await json(await fetch(`${first.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'longhu', username: 'admin', password: DEMO_PASSWORD }) }));
      expect(login.status).toBe(200);
      token = login.body.token;
      const created = await fetch(`${first.url}/api/grids`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ id: 'restart-proof', name: '重启后还在', parentId: 'lh-1' }) });
      expect(created.status).toBe(201);
      const venues = await json(await fetch(`${first.url}/api/venues?limit=200`, { headers: { authorization: `Bearer ${token}` } }));
      expect(venues.body.items.length).toBeGreaterThanOrEqual(15);
      const figures = await json(await fetch(`${first.url}/api/residents/figures`, { headers: { authorization: `Bearer ${token}` } }));
      // The register's 18 households, and those the demo's pushed list and checkpoints add.
      expect(figures.body.total.households).toBeGreaterThanOrEqual(18);
      expect(figures.body.total.people).toBeGreaterThanOrEqual(30);
    } finally {
      await first.stop();
    }

    const second = await boot();
    try {
      expect(second.seeded).toBe('existing');
      // The same signing key: a token from before the restart still verifies.
      const grid = await json(await fetch(`${second.url}/api/grids/restart-proof`, { headers: { authorization: `Bearer ${token}` } }));
      expect(grid.status).toBe(200);
      expect(grid.body.name).toBe('重启后还在');
      // The personal-data key file is kept too: a resident seeded before the restart unmasks.
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const households = await json(await fetch(`${second.url}/api/residents/households?limit=5`, { headers: auth }));
      const file = await json(await fetch(`${second.url}/api/residents/households/${households.body.items[0].id}`, { headers: auth }));
      const person = file.body.members[0];
      const unmasked = await json(await fetch(`${second.url}/api/residents/households/${person.householdId}/persons/${person.id}/unmask`, { method: 'POST', headers: auth, body: JSON.stringify({ reason: '演示：重启后解密' }) }));
      expect(unmasked.status).toBe(200);
      expect(unmasked.body.idNumber).toMatch(/^410184\d{11}[\dX]$/);
      // Every demo login works.
      for (const login of demoLogins()) {
        const res = await fetch(`${second.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: login.tenant, username: login.username, password: login.password }) });
        expect(res.status, `${login.tenant}/${login.username}`).toBe(200);
      }
    } finally {
      await second.stop();
    }
  });
});
