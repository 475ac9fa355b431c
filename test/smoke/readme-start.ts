/**
 * Proves the README's start command as a new user runs it: `npm start` exactly, in this checkout, with
 * no variable or path the README does not show (default data directory `.data`, default port unless
 * another program holds it). `.ci/run` runs it after `npm test` on the clean clone.
 *
 * 1. `npm start` serves /api/health and prints the URL and the demo logins.
 * 2. Chromium signs in as the demo inspector `zhang` and sees the app's top bar.
 * 3. The tenant admin creates a grid through the API.
 * 4. Ctrl+C (SIGINT to the process group, as a terminal sends it) stops the server and DynamoDB Local.
 * 5. `npm start` again: the demo is not seeded twice and the new grid is still there.
 *
 * Exits 0 with a closing line `N passed, 0 failed`, or 1 naming the step that failed.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const PASSWORD = 'gridwatch-demo';
// The first start seeds 14 days of history for two towns: minutes on a busy machine.
const START_TIMEOUT_MS = 600_000;

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** `npm start` in its own process group, so that SIGINT reaches npm, tsx and DynamoDB Local as Ctrl+C would. */
async function npmStart(): Promise<Started> {
  const child = spawn('npm', ['start'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const match = /is running at (http:\/\/\S+)/.exec(output);
    if (match && output.includes('Demo logins')) return { child, url: match[1], output: () => output };
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before serving:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  process.kill(-child.pid!, 'SIGKILL');
  throw new Error(`npm start printed no URL within ${START_TIMEOUT_MS / 1000} s:\n${output}`);
}

async function stopWithCtrlC(started: Started): Promise<void> {
  const exited = new Promise<[number | null, string | null]>((done) => started.child.once('exit', (code, signal) => done([code, signal])));
  process.kill(-started.child.pid!, 'SIGINT');
  const timer = setTimeout(() => process.kill(-started.child.pid!, 'SIGKILL'), 20_000);
  const [code, signal] = await exited;
  clearTimeout(timer);
  // npm itself may end by the SIGINT it was sent, as in a terminal; the server must have stopped in order.
  if (!(code === 0 || signal === 'SIGINT') || !started.output().includes('stopping…')) {
    throw new Error(`npm start did not stop cleanly on Ctrl+C (exit ${code ?? signal}):\n${started.output()}`);
  }
  if (/\[(scheduler|jobs)\].*ECONNREFUSED/.test(started.output())) throw new Error(`DynamoDB Local stopped before the server's jobs:\n${started.output()}`);
  // DynamoDB Local runs in a process group of its own; it must be gone too, its port free.
  const dbPath = join(ROOT, '.data', 'dynamodb');
  for (let i = 0; ; i++) {
    const left = spawnSync('pgrep', ['-f', `-dbPath ${dbPath}`], { encoding: 'utf8' }).stdout.trim();
    if (!left) break;
    if (i > 40) throw new Error(`DynamoDB Local (pid ${left}) still runs after Ctrl+C`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function call(url: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function signInApi(url: string, tenant: string, username: string): Promise<string> {
  const answer = await call(url, 'POST', '/api/auth/login', { tenant, username, password: PASSWORD });
  if (answer.status !== 200) throw new Error(`sign-in as ${tenant}/${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

let passed = 0;
async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
    passed++;
    console.log(`  ✓ ${name}`);
  } catch (error) {
    console.log(`  ✗ ${name}\n${(error as Error).stack ?? error}`);
    console.log(`${passed} passed, 1 failed`);
    process.exit(1);
  }
}

console.log('README start command (npm start, as written):');
const gridId = `smoke-${Date.now().toString(36)}`;
let first: Started | undefined;
let second: Started | undefined;
try {
  await step('npm start serves the API and prints the URL and the demo logins', async () => {
    first = await npmStart();
    const health = await call(first.url, 'GET', '/api/health');
    if (health.status !== 200 || health.body.status !== 'ok') throw new Error(`health: ${health.status} ${JSON.stringify(health.body)}`);
    for (const login of ['longhu    zhang', 'tianhe    admin', 'gridwatch-demo']) {
      if (!first.output().includes(login)) throw new Error(`the demo logins do not show "${login}":\n${first.output()}`);
    }
    if (!first.output().includes('data in .data')) throw new Error(`not on the default data directory:\n${first.output()}`);
  });

  await step('Chromium signs in as the demo inspector zhang', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
      page.setDefaultTimeout(20_000);
      await page.goto(first!.url);
      const form = page.locator('form.signin');
      await form.locator('input[name="tenant"]').fill('longhu');
      await form.locator('input[name="username"]').fill('zhang');
      await form.locator('input[name="password"]').fill(PASSWORD);
      await form.locator('button[type="submit"]').click();
      await page.locator('header.topbar').waitFor();
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'readme-start-zhang.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  await step('the tenant admin creates a grid', async () => {
    const token = await signInApi(first!.url, 'longhu', 'admin');
    const created = await call(first!.url, 'POST', '/api/grids', { id: gridId, name: '冒烟测试网格', parentId: null }, token);
    if (created.status !== 201) throw new Error(`create grid: ${created.status} ${JSON.stringify(created.body)}`);
  });

  await step('Ctrl+C stops the server and DynamoDB Local', async () => {
    await stopWithCtrlC(first!);
    first = undefined;
  });

  await step('a second npm start keeps the demo and the new grid', async () => {
    second = await npmStart();
    if (!second.output().includes('demo data existing')) throw new Error(`the demo was seeded again:\n${second.output()}`);
    const token = await signInApi(second.url, 'longhu', 'admin');
    const grid = await call(second.url, 'GET', `/api/grids/${gridId}`, undefined, token);
    if (grid.status !== 200 || grid.body.name !== '冒烟测试网格') throw new Error(`the grid did not survive the restart: ${grid.status} ${JSON.stringify(grid.body)}`);
    await stopWithCtrlC(second);
    second = undefined;
  });
} finally {
  for (const s of [first, second]) if (s && s.child.exitCode === null) process.kill(-s.child.pid!, 'SIGKILL');
}
console.log(`${passed} passed, 0 failed`);
