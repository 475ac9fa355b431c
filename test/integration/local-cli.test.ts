/**
 * The local command-line tools against the API served on 127.0.0.1 (local/cli.ts: sign-in, calls).
 * `npm run import` (local/import-cli.ts) announces the file, uploads it where the API says, starts
 * the import, follows it to the end and lists the refused rows; `npm run plan` (local/plan-cli.ts)
 * plans a day. Their exit codes say how they ended.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, testApi } from '../support/api';
import { createTestTenant, TEST_PASSWORD, type TestTenant } from '../support/tenant';
import { IMPORT_HEADER } from '../support/venue-csv';

let api: Api;
let t: TestTenant;
let server: ServerType;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'gridwatch-import-cli-'));

beforeAll(async () => {
  api = await testApi();
  t = await createTestTenant(api, 'cli');
  server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: api.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.close());

/** Run a tool; its exit code and what it printed. */
async function run(tool: string, args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', tool, '--url', base, '--tenant', t.id, '--user', t.users.admin, ...args], { timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

function importCli(csv: string) {
  const file = join(dir, `venues-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, csv);
  return run('local/import-cli.ts', ['--file', file, '--password', TEST_PASSWORD]);
}

describe('npm run import', () => {
  it('imports the good rows, lists the refused ones and exits 2', async () => {
    const csv = [IMPORT_HEADER, `CLI-1,命令行超市,商超,${t.grids.northGroup1},北村一组1号,,,,,`, `CLI-2,无网格店,门店,nowhere,北村,,,,,`, `CLI-3,命令行餐馆,餐馆,${t.grids.southVillage},南村2号,,,,,红`].join('\n');
    const { code, output } = await importCli(csv);
    expect(output).toContain('3 rows, 2 valid, 1 refused');
    expect(output).toContain('2 created');
    expect(output).toMatch(/line 3\s+网格/);
    expect(code).toBe(2);
    const listed = await api.call('GET', '/api/venues?limit=200', { token: t.tokens.admin });
    expect(listed.body.items.map((v: { externalId?: string }) => v.externalId).filter((id: string | undefined) => id?.startsWith('CLI-')).sort()).toEqual(['CLI-1', 'CLI-3']);
  }, 90_000);

  it('exits 1 with the reason, in both languages, when the file cannot be read', async () => {
    const { code, output } = await importCli('a,b\n1,2\n');
    expect(code).toBe(1);
    expect(output).toContain('unknown column "a"');
    expect(output).toContain('未知的列');
    expect(output).toContain('correct the file');
  }, 90_000);
});

describe('npm run plan', () => {
  it('plans the day through the API and prints each person\'s list; a wrong password exits 1', async () => {
    const { code, output } = await run('local/plan-cli.ts', ['--password', TEST_PASSWORD]);
    expect(code, output).toBe(0);
    expect(output).toMatch(new RegExp(`planned ${t.id} 2026-11-25 in [0-9.]+ s: generation 1`));
    expect(output).toContain('/ quota');
    const refused = await run('local/plan-cli.ts', ['--password', 'wrong-password-1']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('POST /api/auth/login: 401');
  }, 90_000);
});
