/**
 * Tenant rules: one current item per tenant (T#<t>#RULES / CURRENT) and, written in the same
 * transaction on every save, a history item per version (T#<t>#RULES / V#<version>), so any past
 * version stays readable. A tenant that never saved gets the defaults as version 0.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { defaultRules, type RulesInput, type TenantRules, withDefaults } from '../domain/rules';
import { type Db, type Page, queryPage } from './db';
import { tenantKeys } from './keys';
import { getItem, staleVersion } from './write';

export function rulesRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);

  async function get(consistent = false): Promise<TenantRules> {
    const stored = await getItem<TenantRules>(db, keys.rules(), consistent);
    return stored ? withDefaults(stored) : defaultRules();
  }

  return {
    /** The current rules, or the defaults (version 0) if the tenant never saved any. */
    get,

    /** One saved version, or undefined if there is no such version. */
    async version(version: number): Promise<TenantRules | undefined> {
      const stored = await getItem<TenantRules>(db, keys.rulesVersion(version));
      return stored ? withDefaults(stored) : undefined;
    },

    /**
     * Replace the rules, if `input.version` is still the current version (0: never saved).
     * The current item and the new history item are written together or not at all.
     */
    async save(input: RulesInput, userId: string, now: Date): Promise<TenantRules> {
      const { version: expected, residents, gridMap, jointEnforcement, ...body } = input;
      // A save without the residents, map or joint-enforcement section keeps the current one; the
      // version condition below makes sure it is the section of the version the edit started from.
      const current = residents && gridMap && jointEnforcement ? undefined : await get(true);
      const rules: TenantRules = {
        ...body,
        residents: residents ?? current!.residents,
        gridMap: gridMap ?? current!.gridMap,
        jointEnforcement: jointEnforcement ?? current!.jointEnforcement,
        version: expected + 1,
        updatedAt: now.toISOString(),
        updatedBy: userId,
      };
      const item = { entity: 'rules', schemaVersion: 1, ...rules };
      try {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: db.table,
                  Item: { ...keys.rules(), ...item },
                  ...(expected === 0
                    ? { ConditionExpression: 'attribute_not_exists(pk)' }
                    : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expected } }),
                },
              },
              { Put: { TableName: db.table, Item: { ...keys.rulesVersion(rules.version), ...item }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) throw staleVersion('rules', (await get(true)).version);
        throw error;
      }
      return rules;
    },

    /** Saved versions, newest first. */
    history(options: { limit?: number; cursor?: string } = {}): Promise<Page<TenantRules>> {
      return queryPage<TenantRules>(db, keys.rulesHistory(), { ...options, newestFirst: true });
    },
  };
}
export type RulesRepository = ReturnType<typeof rulesRepository>;
