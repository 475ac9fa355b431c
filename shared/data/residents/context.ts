/**
 * What the residents repositories share: the tenant's keys, grids, residents rules, time zone and
 * personal-data cipher (each read once per request, when first needed), the transaction helper,
 * history entries and the scope check.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { localDate } from '../../domain/local-day';
import type { HouseholdEvent } from '../../domain/residents/household';
import type { ResidentRules } from '../../domain/residents/rules';
import { inScope, type Scope } from '../../domain/scope';
import { badRequest, because, DomainError, forbidden } from '../../errors';
import type { PersonalDataKeys, TenantCipher } from '../../personal-data/tenant-cipher';
import type { Db } from '../db';
import type { GridRepository } from '../grids';
import { type TenantKeys, tenantKeys } from '../keys';
import type { RulesRepository } from '../rules';
import { tenantDirectory } from '../tenants';
import type { TransactItem } from './counters';

export interface ResidentsContext {
  db: Db;
  tenantId: string;
  keys: TenantKeys;
  grids: GridRepository;
  residentRules(): Promise<ResidentRules>;
  timeZone(): Promise<string>;
  /** The tenant's cipher; `create` makes its data key on the first write. Undefined: nothing was ever stored. */
  cipher(create: boolean): Promise<TenantCipher | undefined>;
  /** The tenant-local day of an instant. */
  dayOf(at: Date): Promise<string>;
}

const once = <T>(make: () => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};

export function residentsContext(db: Db, tenantId: string, grids: GridRepository, rules: RulesRepository, personalData: PersonalDataKeys | undefined): ResidentsContext {
  const timeZone = once(async () => (await tenantDirectory(db).get(tenantId)).timezone);
  return {
    db,
    tenantId,
    keys: tenantKeys(tenantId),
    grids,
    residentRules: once(async () => (await rules.get()).residents),
    timeZone,
    async cipher(create) {
      if (!personalData) throw new Error('no personal-data key provider configured (Deps.personalData)');
      return personalData.cipherFor(tenantId, { create });
    },
    dayOf: async (at) => localDate(at, await timeZone()),
  };
}

/** The cipher for a write: always there (made on the tenant's first personal write). */
export async function writeCipher(ctx: ResidentsContext): Promise<TenantCipher> {
  return (await ctx.cipher(true))!;
}

/** Tries of a transaction that another one touching the same item (a busy grid's counter shard) cancelled. */
const CONFLICT_TRIES = 4;

/**
 * Send one transaction; a cancellation by a condition is handed to `onCancel` with the reason code of
 * each action. One cancelled by a concurrent transaction on the same item (TransactionConflict: two
 * writes to one counter shard at once) is sent again, a few times with jitter, then answered 429.
 */
export async function transact(db: Db, items: TransactItem[], onCancel: (codes: (string | undefined)[]) => Promise<never> | never): Promise<void> {
  if (items.length > 100) throw new DomainError(422, 'too_large', 'this change touches more than 100 items at once');
  for (let attempt = 1; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((r) => (r.Code === 'None' ? undefined : r.Code));
      if (codes.some((c) => c === 'ConditionalCheckFailed')) return onCancel(codes);
      if (!codes.some((c) => c === 'TransactionConflict')) throw error;
      if (attempt >= CONFLICT_TRIES) throw new DomainError(429, 'busy', 'others are changing the same grid right now; retry', because('busy'));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** attempt));
    }
  }
}

export const failed = (code: string | undefined) => code === 'ConditionalCheckFailed';

/** A history entry of a household, as a Put action. */
export function eventAction(ctx: ResidentsContext, householdId: string, event: HouseholdEvent): TransactItem {
  return {
    Put: {
      TableName: ctx.db.table,
      Item: { ...ctx.keys.householdEvent(householdId, event.at, ulid()), entity: 'household-event', schemaVersion: 1, ...event },
    },
  };
}

/** A grid a household may be put in by this actor: active, and in their scope. */
export async function gridForHousehold(ctx: ResidentsContext, scope: Scope, gridId: string) {
  const grid = await ctx.grids.find(gridId, true);
  if (grid?.status !== 'active') throw badRequest('gridId', 'no active grid with this id', 'grid.notActive');
  if (!inScope(scope, grid.path)) throw forbidden('this grid is outside your scope', because('scope.grid'));
  return grid;
}

export function assertInScope(scope: Scope, gridPath: string) {
  if (!inScope(scope, gridPath)) throw forbidden('this household is outside your grids', because('scope.household'));
}

/** Rule codes a record uses must be defined: a 400 naming the field otherwise. */
export function assertKnownCodes(problems: { field: string; message: string }[]) {
  if (problems.length) throw new DomainError(400, 'validation', problems.map((p) => `body.${p.field}: ${p.message}`).join('; '), { issues: problems.map((p) => ({ path: `body.${p.field}`, message: p.message })) });
}
