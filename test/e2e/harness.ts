/**
 * Browser-test harness: builds the web app once per test file (into a temp dir, so parallel files
 * and a running `npm start` never share an output directory), starts the whole local system
 * in-process (its own DynamoDB Local, demo seed, scheduler off) and drives Debian's Chromium with
 * playwright-core. Missing Chromium fails the tests with the command that installs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { systemClock } from '../../shared/clock';
import { freePort } from '../../local/dynamodb';
import { DEMO_PASSWORD } from '../../local/seed';
import { type LocalSystem, startLocalSystem } from '../../local/system';

export const CHROMIUM_PATH = process.env.GRIDWATCH_CHROMIUM ?? '/usr/bin/chromium';
/** From docs/STACK notes; Playwright adds a fresh temporary --user-data-dir itself (removed on close). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ARTIFACTS = resolve('test-artifacts');
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };
export { DEMO_PASSWORD };

export interface Harness {
  url: string;
  browser: Browser;
  system: LocalSystem;
  /** A fresh browser context (its own storage, service workers, offline switch) and a page. */
  open(viewport?: { width: number; height: number }, language?: 'zh-CN' | 'en'): Promise<{ context: BrowserContext; page: Page }>;
  signIn(page: Page, tenant: string, username: string, password?: string): Promise<void>;
  screenshot(page: Page, name: string): Promise<string>;
  /** A JSON call to the API (set-up around a screen); a status of 300 or more throws, naming it. */
  call(token: string | undefined, method: string, path: string, body?: unknown): Promise<any>;
  /** A demo user's token (the demo password). */
  tokenOf(tenant: string, username: string): Promise<string>;
  /** Close the contexts opened so far (after each test: one live page at a time). */
  closeContexts(): Promise<void>;
  stop(): Promise<void>;
}

function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: the browser tests need Debian's chromium. ` +
        'Install it with: apt-get update && apt-get install -y chromium (or set GRIDWATCH_CHROMIUM to a Chromium binary).',
    );
  }
}

/** `npm run build:web` into a temporary directory; returns it. */
export function buildWeb(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'gridwatch-web-'));
  // Vitest sets NODE_ENV=test, which Vite would honour with a development build (no service worker).
  const env = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync('npm', ['run', 'build:web', '--silent', '--', '--outDir', outDir, '--emptyOutDir'], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
  return outDir;
}

/**
 * `history`: seed the demo's 14 days too (default off: the browser tests count from an untouched
 * town, e.g. "the dashboard shows 1 inspection").
 */
export async function startHarness(options: { history?: boolean } = {}): Promise<Harness> {
  requireChromium();
  mkdirSync(ARTIFACTS, { recursive: true });
  const webDist = buildWeb();
  const dataDir = mkdtempSync(join(tmpdir(), 'gridwatch-e2e-'));
  const contexts: BrowserContext[] = [];
  let system: LocalSystem | undefined;
  let browser: Browser | undefined;
  try {
    // No rate limits: a robot clicks faster than a person, and its screens' bursts would meet 429s (rate-limit-api.test.ts tests the limits).
    system = await startLocalSystem({ port: await freePort(), dataDir, seed: true, seedHistory: options.history ?? false, schedulerIntervalMs: 0, clock: systemClock, webDist, rateLimits: 'off' });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  } catch (error) {
    await system?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDist, { recursive: true, force: true });
    throw error;
  }
  const url = system.url;
  const b = browser;
  const s = system;
  const call: Harness['call'] = async (token, method, path, body) => {
    const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  return {
    url,
    browser: b,
    system: s,
    async open(viewport = DESKTOP, language) {
      const context = await b.newContext({ viewport, locale: language ?? 'zh-CN', serviceWorkers: 'allow' });
      contexts.push(context);
      if (language) await context.addInitScript((lang) => localStorage.getItem('gridwatch.lang') ?? localStorage.setItem('gridwatch.lang', lang), language);
      // Fail on a missing element well before the test's own timeout, naming the locator.
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[browser] page error: ${error.message}`));
      page.on('console', (message) => {
        // Expected 4xx answers (a wrong password, a validation error) also log "Failed to load resource".
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) console.error(`[browser] ${message.text()}`);
      });
      return { context, page };
    },
    async signIn(page, tenant, username, password = DEMO_PASSWORD) {
      await page.goto(url);
      const form = page.locator('form.signin');
      await form.locator('input[name="tenant"]').fill(tenant);
      await form.locator('input[name="username"]').fill(username);
      await form.locator('input[name="password"]').fill(password);
      await form.locator('button[type="submit"]').click();
      await page.locator('header.topbar').waitFor();
    },
    call,
    async tokenOf(tenant, username) {
      return (await call(undefined, 'POST', '/api/auth/login', { tenant, username, password: DEMO_PASSWORD })).token as string;
    },
    async screenshot(page, name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async closeContexts() {
      for (const c of contexts.splice(0)) await c.close().catch(() => {});
    },
    async stop() {
      for (const c of contexts.splice(0)) await c.close().catch(() => {});
      await b.close().catch(() => {});
      await s.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(webDist, { recursive: true, force: true });
    },
  };
}

/**
 * One harness for a test file: started before its tests, contexts closed after each, stopped after
 * all. Read its fields inside tests (before then it is not started).
 */
export function useHarness(): Harness {
  // A browser test drives a whole screen against the whole local system: on 2 shared cores during a
  // full run it takes well over the unit tests' 30 s (a missing element still fails in 10 s, below).
  vi.setConfig({ testTimeout: 120_000 });
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness();
  }, 180_000);
  afterEach(async () => {
    await started?.closeContexts();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as Harness, {
    get(_, key: keyof Harness) {
      if (!started) throw new Error('the harness is not started yet: use it inside a test');
      const value = started[key];
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

/** A Chromium whose camera shows this Y4M video (Chromium's fake capture device), camera allowed. */
export function launchWithCamera(video: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
}
