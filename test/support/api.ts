/**
 * The API under test: the real Hono app over the run's DynamoDB Local, a fixed clock and an
 * in-memory dev issuer. Requests go through `app.request()`, no server needed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDevIssuer, type DevIssuer } from '../../shared/auth/dev-issuer';
import type { IdentityDirectory } from '../../shared/auth/identity';
import type { PasswordSignIn } from '../../shared/auth/sign-in';
import { fixedClock } from '../../shared/clock';
import type { Db } from '../../shared/data/db';
import type { TenantCredentials } from '../../shared/aws/tenant-credentials';
import { tenantKeys } from '../../shared/data/keys';
import type { Actor } from '../../shared/domain/actor';
import type { RateLimits } from '../../shared/domain/rate-limits';
import type { InProcessQueue } from '../../shared/scheduling/queues';
import { createApp } from '../../functions/api/app';
import { localDeps } from '../../local/local-deps';
import type { Deps } from '../../functions/api/context';
import { TEST_AUDIENCE, TEST_ISSUER } from './constants';
import { testDb } from './db';

export const WEB_ORIGIN = 'https://web.test';
const VENUE_CODE_SECRET = 'test-venue-code-secret';

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Api {
  app: ReturnType<typeof createApp>;
  db: Db;
  clock: ReturnType<typeof fixedClock>;
  issuer: DevIssuer;
  /** The in-process job queue (venue imports): `await api.jobs.idle()` waits for sent jobs to finish. */
  jobs: InProcessQueue;
  /** What the app was built from (e.g. the import file store, to look into). */
  deps: Deps;
  /** Where the local photo store keeps files in this test. */
  photoDir: string;
  /**
   * A token signed by the issuer for this actor. The API only honours tokens of users that exist and
   * are active, so a user the tenant lacks is stored first (active, with the token's roles and grids);
   * to sign for a user that does not exist, use `issuer.sign`.
   */
  tokenFor(actor: Partial<Actor> & Pick<Actor, 'tenantId' | 'roles'>): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<{ status: number; body: any; headers: Headers }>;
}

/** Store an active user for the actor unless one exists (tokenFor). */
async function ensureUser(db: Db, actor: Actor, now: Date): Promise<void> {
  const keys = tenantKeys(actor.tenantId);
  const at = now.toISOString();
  const user = { id: actor.userId, displayName: actor.userId, roles: actor.roles, gridIds: actor.gridIds, venueKinds: actor.venueKinds, status: 'active', onLeave: false, version: 1, createdAt: at, updatedAt: at };
  await db.doc
    .send(new PutCommand({ TableName: db.table, Item: { ...keys.user(actor.userId), ...keys.userListEntry(actor.userId), entity: 'user', schemaVersion: 1, ...user }, ConditionExpression: 'attribute_not_exists(pk)' }))
    .catch((error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
}

export async function testApi(
  options: { now?: string; db?: Db; identity?: IdentityDirectory; signIn?: PasswordSignIn; logger?: Logger; credentials?: TenantCredentials; rateLimits?: RateLimits } = {},
): Promise<Api> {
  const db = options.db ?? testDb();
  const clock = fixedClock(options.now ?? '2026-11-25T02:00:00Z');
  const issuer = await createDevIssuer({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, clock });
  const photoDir = mkdtempSync(join(tmpdir(), 'gridwatch-test-photos-'));
  const deps = localDeps({
    db,
    clock,
    issuer,
    webOrigin: WEB_ORIGIN,
    venueCodeSecret: VENUE_CODE_SECRET,
    logger: options.logger ?? new Logger({ serviceName: 'gridwatch-test', logLevel: 'SILENT' }),
    photoDir,
    credentials: options.credentials,
    // Off unless a test asks: many tests count a request's DynamoDB calls, and the clock stands still.
    rateLimits: options.rateLimits,
    onJobError: (message) => console.error(`[test jobs] ${message}`),
  });
  const { jobs } = deps;
  const appDeps = { ...deps, signIn: options.signIn ?? deps.signIn, identity: options.identity ?? deps.identity };
  const app = createApp(appDeps);
  return {
    app,
    deps: appDeps,
    db,
    clock,
    issuer,
    jobs,
    photoDir,
    async tokenFor(partial) {
      const actor = { userId: 'tester', gridIds: [], venueKinds: [], ...partial };
      await ensureUser(db, actor, clock.now());
      return issuer.sign(actor);
    },
    async call(method, path, { token, body, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
      if (body !== undefined) {
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
        init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
      }
      const res = await app.request(path, init);
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
}
