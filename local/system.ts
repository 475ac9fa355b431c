/**
 * The whole system on this machine: DynamoDB Local, the table, the dev issuer, demo data, the API
 * and the web app on one port, and the scheduler on a timer. `npm start` and the browser tests use it.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createDevIssuer } from '../shared/auth/dev-issuer';
import type { Clock } from '../shared/clock';
import { createDb, type Db } from '../shared/data/db';
import { TABLE_NAME_DEFAULT } from '../shared/data/table';
import { createApp } from '../functions/api/app';
import { createLogger } from '../functions/api/logger';
import { ensureTable, LOCAL_AWS_ENV, localDbConfig, startDynamoLocal } from './dynamodb';
import { localDeps } from './local-deps';
import { startLocalScheduler } from './scheduler';
import { seedDemo } from './seed';
import { tenantCredentials } from '../shared/aws/tenant-credentials';
import { tenantTables } from '../shared/data/tenant-tables';
import { parseVenueCodeKeyring } from '../shared/domain/venues/venue-code';
import { parseRateLimits, type RateLimits } from '../shared/domain/rate-limits';
import { localKeyProvider } from '../shared/personal-data/local-key-provider';
import { personalDataKeys } from '../shared/personal-data/tenant-cipher';
import { localPhotoStore } from '../shared/photos/local-store';

/** A secret kept in the data directory (created on first start), or a fresh one in memory. */
function localSecret(dataDir: string | undefined, name: string): string {
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The file DynamoDB Local keeps a `-sharedDb` database in. */
const DYNAMO_DB_FILE = 'shared-local-instance.db';

/**
 * The first start (no database yet) seeds the demo on a RAM disk, where DynamoDB Local writes about
 * twice as fast as on disk, then moves the finished database into the data directory. A first start
 * stopped half-way leaves no database behind, so the next start seeds again from the beginning.
 */
async function seedOnScratch(dbDir: string, tableName: string, seed: (db: Db) => Promise<'seeded' | 'existing'>): Promise<'seeded' | 'existing'> {
  const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'gridwatch-seed-'));
  try {
    const dynamo = await startDynamoLocal({ dataDir: scratch });
    let seeded: 'seeded' | 'existing';
    try {
      await ensureTable(dynamo.endpoint, tableName);
      seeded = await seed(createDb(tableName, localDbConfig(dynamo.endpoint)));
    } finally {
      await dynamo.stop();
    }
    mkdirSync(dbDir, { recursive: true });
    // Copied beside, then renamed: the data directory never holds half a file.
    copyFileSync(join(scratch, DYNAMO_DB_FILE), join(dbDir, `${DYNAMO_DB_FILE}.part`));
    renameSync(join(dbDir, `${DYNAMO_DB_FILE}.part`), join(dbDir, DYNAMO_DB_FILE));
    return seeded;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface LocalSystemOptions {
  port: number;
  /** Data on disk here; undefined keeps everything in memory (tests). */
  dataDir?: string;
  clock: Clock;
  seed: boolean;
  /** With the seed: play the demo's last days through (default true; browser tests start without). */
  seedHistory?: boolean;
  /** How many days of demo history (default 14). */
  seedDays?: number;
  /** How often the in-process scheduler looks for due jobs; 0 turns it off. */
  schedulerIntervalMs: number;
  webDist?: string;
  logLevel?: string;
  /** Token buckets per user and tenant: default GRIDWATCH_RATE_LIMITS (unset: the defaults, as in AWS). */
  rateLimits?: RateLimits | 'off';
}

export interface LocalSystem {
  url: string;
  seeded: 'seeded' | 'existing' | 'skipped';
  stop(): Promise<void>;
}

/** The API under /api (every /api path is its, known or not: createApp) and the built web app for everything else. */
export function withWebApp(api: { fetch: Hono['fetch'] }, webDist: string): Hono {
  const root = new Hono();
  root.route('/', api as Hono);
  if (existsSync(webDist)) {
    root.use('/*', serveStatic({ root: webDist }));
    // The web app routes on the client: unknown non-API paths get its shell.
    root.get('*', serveStatic({ path: join(webDist, 'index.html') }));
  }
  return root;
}

export async function startLocalSystem(input: LocalSystemOptions): Promise<LocalSystem> {
  // One absolute data directory for every child and store, whatever folder each of them runs in.
  const options = { ...input, dataDir: input.dataDir && resolve(input.dataDir) };
  const tableName = process.env.GRIDWATCH_TABLE ?? TABLE_NAME_DEFAULT;
  const venueCodeSecret = localSecret(options.dataDir, 'venue-code-secret');
  const personalDataKeyFile = options.dataDir && join(options.dataDir, 'personal-data-key');
  // The demo's photos go where the API reads them (a temporary directory without a data directory).
  const photoDir = options.dataDir ? join(options.dataDir, 'photos') : mkdtempSync(join(tmpdir(), 'gridwatch-photos-'));
  // Seeded through the same repositories and the same personal-data key file as the API writes with.
  const seedNow = (db: Db) =>
    seedDemo(db, options.clock.now(), { venueCodeKeys: parseVenueCodeKeyring(venueCodeSecret), history: options.seedHistory, days: options.seedDays, photos: localPhotoStore({ dir: photoDir }), personalData: personalDataKeys(tenantTables(db, tenantCredentials({ source: 'static' })), localKeyProvider({ file: personalDataKeyFile })) });
  const dbDir = options.dataDir && join(options.dataDir, 'dynamodb');
  let seeded: LocalSystem['seeded'] | undefined;
  if (options.seed && dbDir && !existsSync(join(dbDir, DYNAMO_DB_FILE))) seeded = await seedOnScratch(dbDir, tableName, seedNow);

  const dynamo = await startDynamoLocal({ dataDir: dbDir });
  try {
    // The SDK finds DynamoDB Local through the standard endpoint variable: no code path differs.
    Object.assign(process.env, LOCAL_AWS_ENV, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
    await ensureTable(dynamo.endpoint, tableName);
    const db = createDb(tableName);
    // In memory (tests), or a database from before: seed here (a finished seed answers 'existing').
    seeded ??= options.seed ? await seedNow(db) : 'skipped';

    const url = `http://127.0.0.1:${options.port}`;
    const devIssuer = await createDevIssuer({
      issuer: `${url}/api/auth`,
      audience: 'gridwatch-local',
      clock: options.clock,
      keyFile: options.dataDir && join(options.dataDir, 'dev-issuer-key.json'),
    });

    // Jobs the API sends (venue imports) run in this process right away; photos and uploaded import files live under the data directory.
    const deps = localDeps({
      db,
      clock: options.clock,
      issuer: devIssuer,
      webOrigin: url,
      venueCodeSecret,
      logger: createLogger(options.logLevel ?? process.env.GRIDWATCH_LOG_LEVEL ?? 'WARN'),
      photoDir,
      importFileDir: options.dataDir && join(options.dataDir, 'import-files'),
      personalDataKeyFile,
      onJobError: (message) => console.error(`[jobs] ${message}`),
      // As in AWS: on with the defaults unless GRIDWATCH_RATE_LIMITS (or a test) says otherwise.
      rateLimits: options.rateLimits ?? parseRateLimits(process.env.GRIDWATCH_RATE_LIMITS),
    });
    const api = createApp(deps);

    const root = withWebApp(api, resolve(options.webDist ?? 'web/dist'));

    const server: ServerType = await new Promise((ready) => {
      const s = serve({ fetch: root.fetch, port: options.port, hostname: '127.0.0.1' }, () => ready(s));
    });
    const scheduler = options.schedulerIntervalMs > 0 ? startLocalScheduler(db, options.clock, options.schedulerIntervalMs, deps.importFiles, deps.personalData) : undefined;

    return {
      url,
      seeded,
      async stop() {
        await scheduler?.stop();
        await deps.jobs.idle();
        await new Promise((done) => server.close(() => done(undefined)));
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
