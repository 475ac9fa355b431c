/**
 * Testing rounds and sampling sites of one tenant: created once under a client ULID (a resend with
 * the same body answers the stored one), read by id, listed (rounds by start; sites by grid subtree).
 * A round's number is claimed in its create transaction, so two rounds never share a number (409).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Actor } from '../../domain/actor';
import { levelOf } from '../../domain/grid';
import { assertKnownCodes } from '../residents/context';
import type { RoundInput, Site, SiteInput, StoredRound } from '../../domain/testing/round';
import { inScope, type Scope } from '../../domain/scope';
import { badRequest, because, conflict, forbidden, notFound } from '../../errors';
import { queryAll, toEntity } from '../db';
import { getItem } from '../write';
import { failed, type ResidentsContext, transact } from '../residents/context';

/** Create once: a resend whose `same` holds answers the stored item, another body under the id is a 409. */
export async function createOnce<T>(ctx: ResidentsContext, item: Record<string, unknown> & { pk: string; sk: string }, same: (stored: T) => boolean): Promise<{ stored: T; created: boolean }> {
  try {
    await ctx.db.doc.send(new PutCommand({ TableName: ctx.db.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return { stored: toEntity<T>(item), created: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const stored = await getItem<T>(ctx.db, { pk: item.pk, sk: item.sk }, true);
    if (stored && same(stored)) return { stored, created: false };
    throw conflict('another record exists with this id');
  }
}

export function roundRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  async function get(roundId: string): Promise<StoredRound> {
    const round = await getItem<StoredRound>(db, keys.testRound(roundId), true);
    if (!round) throw notFound('round');
    return round;
  }

  return {
    get,

    async create(actor: Actor, scope: Scope, input: RoundInput, now: Date) {
      let scopePath = '/';
      if (input.scopeGridId) {
        const grid = await ctx.grids.find(input.scopeGridId, true);
        if (grid?.status !== 'active') throw badRequest('body.scopeGridId', 'no active grid with this id');
        scopePath = grid.path;
      }
      if (!inScope(scope, scopePath)) throw forbidden('a round beyond your grids');
      const rules = await ctx.residentRules();
      assertKnownCodes(input.exemptCategories.flatMap((c, i) => (rules.personCategories.some((k) => k.code === c) ? [] : [{ field: `exemptCategories.${i}`, message: `no person category "${c}" in the residents rules` }])));
      const round: StoredRound = {
        id: input.id,
        number: input.number,
        name: input.name,
        scopeGridId: input.scopeGridId,
        scopePath,
        startsAt: new Date(input.startsAt).toISOString(),
        endsAt: new Date(input.endsAt).toISOString(),
        exemptCategories: input.exemptCategories,
        version: 1,
        createdAt: now.toISOString(),
        createdBy: actor.userId,
      };
      const item = { ...keys.testRound(round.id), ...keys.testRoundListEntry(round), entity: 'test-round', schemaVersion: 1, ...round };
      const same = (s: StoredRound) => s.number === round.number && s.name === round.name && s.startsAt === round.startsAt && s.endsAt === round.endsAt;
      const taken = () => conflict(`round ${round.number} exists already`, { field: 'body.number', ...because('testing.roundNumberTaken', { number: round.number }) });
      // A round stored before number claims existed holds its number without a claim: looked for among the tenant's rounds (a few a month).
      if ((await queryAll<StoredRound>(db, keys.testRounds())).some((r) => r.number === round.number && r.id !== round.id)) throw taken();
      // The round and its number's claim together: a number is one round's in a tenant.
      const numberClaim = { Put: { TableName: db.table, Item: { ...keys.testRoundNumberClaim(round.number), entity: 'test-round-number', schemaVersion: 1, roundId: round.id }, ConditionExpression: 'attribute_not_exists(pk)' } };
      let resent: StoredRound | undefined;
      await transact(db, [{ Put: { TableName: db.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }, numberClaim], async ([put]) => {
        if (failed(put)) {
          resent = await getItem<StoredRound>(db, keys.testRound(round.id), true);
          if (resent && same(resent)) return undefined as never;
          throw conflict('another round exists with this id', because('resend.differs'));
        }
        throw taken();
      });
      return resent ? { stored: resent, created: false } : { stored: toEntity<StoredRound>(item), created: true };
    },

    /** Every round of the tenant, newest start first (a few a month: one small partition). */
    async list(): Promise<StoredRound[]> {
      return (await queryAll<StoredRound>(db, keys.testRounds())).reverse();
    },

    async site(siteId: string): Promise<Site> {
      const site = await getItem<Site>(db, keys.testSite(siteId), true);
      if (!site) throw notFound('site');
      return site;
    },

    async createSite(actor: Actor, scope: Scope, input: SiteInput, now: Date) {
      const grid = await ctx.grids.find(input.gridId, true);
      if (grid?.status !== 'active') throw badRequest('body.gridId', 'no active grid with this id');
      if (levelOf(grid.path) !== 2) throw badRequest('body.gridId', 'a sampling site belongs to a level-2 grid (a village or community)');
      if (!inScope(scope, grid.path)) throw forbidden('this grid is outside your scope');
      const site: Site = { ...input, gridPath: grid.path, version: 1, createdAt: now.toISOString(), createdBy: actor.userId };
      const item = { ...keys.testSite(site.id), ...keys.testSiteEntry(site), entity: 'test-site', schemaVersion: 1, ...site };
      return createOnce<Site>(ctx, item, (s) => s.gridId === site.gridId && s.name === site.name && s.place === site.place);
    },

    /** Sites under the roots (a grid's subtree, or the caller's scope), and those of the village a root below level 2 lies in. */
    async sitesIn(rootPaths: readonly string[]): Promise<Site[]> {
      const villageOf = (path: string) => (levelOf(path) > 2 ? `/${path.split('/').slice(1, 3).join('/')}/` : path);
      const roots = [...new Set(rootPaths.map(villageOf))].filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q)));
      return (await Promise.all(roots.map((p) => queryAll<Site>(db, keys.testSitesInSubtree(p))))).flat();
    },
  };
}
export type RoundRepository = ReturnType<typeof roundRepository>;
