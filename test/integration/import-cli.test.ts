/**
 * `npm run import` (local/import-cli.ts) against the API served on 127.0.0.1: it signs in, announces
 * the file, uploads it where the API says, starts the import, follows it to the end and lists the
 * refused rows; its exit code says how it ended.
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

/** Run the CLI on a file; its exit code and what it printed. */
async function importCli(csv: string) {
  const file = join(dir, `venues-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, csv);
  const args = ['--import', 'tsx', 'local/import-cli.ts', '--file', file, '--url', base, '--tenant', t.id, '--user', t.users.admin, '--password', TEST_PASSWORD];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
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
