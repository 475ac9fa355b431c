/**
 * Registration codes and the purpose statement of a tenant (扫码登记). A code is created with a client
 * ULID (a resend is the stored one) and retired for good; the purpose statement is versioned (a stale
 * version is a 409), and a submission records the version its resident consented to.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../domain/actor';
import { type CodeInput, DEFAULT_PURPOSE, type Purpose, type RegistrationCode } from '../../domain/self-registration/submission';
import { badRequest, conflict, notFound } from '../../errors';
import { type Db, type Page, queryPage } from '../db';
import type { GridRepository } from '../grids';
import { tenantKeys } from '../keys';
import { getItem, staleVersion } from '../write';

export type StoredCode = RegistrationCode & { gridPath?: string };

export function registrationCodeRepository(db: Db, tenantId: string, grids: GridRepository) {
  const keys = tenantKeys(tenantId);
  const find = (codeId: string) => getItem<StoredCode>(db, keys.registrationCode(codeId), true);
  /** The purpose statement shown before consent (a default until the tenant writes one). */
  const purpose = async (): Promise<Purpose> => (await getItem<Purpose>(db, keys.registrationPurpose(), true)) ?? DEFAULT_PURPOSE;

  return {
    find,
    async get(codeId: string): Promise<StoredCode> {
      const code = await find(codeId);
      if (!code) throw notFound('registration code');
      return code;
    },

    async create(actor: Actor, input: CodeInput, now: Date): Promise<{ code: StoredCode; created: boolean }> {
      const grid = input.gridId ? await grids.find(input.gridId, true) : undefined;
      if (input.gridId && grid?.status !== 'active') throw badRequest('gridId', 'no active grid with this id');
      const code: StoredCode = { id: input.id, label: input.label, gridId: grid?.id, gridPath: grid?.path, compound: input.compound, status: 'active', createdAt: now.toISOString(), createdBy: actor.userId };
      try {
        await db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...keys.registrationCode(code.id), ...keys.registrationCodeEntry(code), entity: 'registration-code', schemaVersion: 1, ...code },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { code, created: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const stored = (await find(code.id))!;
        if (stored.label !== code.label || stored.gridId !== code.gridId || stored.compound !== code.compound) throw conflict('another registration code has this id');
        return { code: stored, created: false };
      }
    },

    list: (page: { limit?: number; cursor?: string }): Promise<Page<StoredCode>> => queryPage<StoredCode>(db, keys.registrationCodes(), page),

    /** Retire a code: submissions with it are refused from now on (printed posters stop working). */
    async retire(actor: Actor, codeId: string, now: Date): Promise<StoredCode> {
      try {
        const out = await db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: keys.registrationCode(codeId),
            UpdateExpression: 'SET #status = :retired, retiredAt = if_not_exists(retiredAt, :now), retiredBy = if_not_exists(retiredBy, :by)',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':retired': 'retired', ':now': now.toISOString(), ':by': actor.userId },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes as StoredCode;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw notFound('registration code');
        throw error;
      }
    },

    purpose,

    async setPurpose(actor: Actor, input: { version: number; purposeZh: string; purposeEn?: string }, now: Date): Promise<Purpose> {
      // The default statement is version 1, never stored: the first save replaces it (version 2).
      const current = await purpose();
      if (input.version !== current.version) throw staleVersion('the purpose statement', current.version);
      const next: Purpose = { version: current.version + 1, purposeZh: input.purposeZh, purposeEn: input.purposeEn, updatedAt: now.toISOString() };
      try {
        await db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: { ...keys.registrationPurpose(), entity: 'registration-purpose', schemaVersion: 1, ...next, updatedBy: actor.userId },
            ConditionExpression: current.updatedAt ? '#version = :version' : 'attribute_not_exists(pk)',
            ...(current.updatedAt ? { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': current.version } } : {}),
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw staleVersion('the purpose statement', current.version);
        throw error;
      }
      return next;
    },
  };
}
export type RegistrationCodeRepository = ReturnType<typeof registrationCodeRepository>;
