/**
 * The tenant's venue kinds and their checklist templates. A kind without a stored template uses the
 * defaults, which are stored as version 1 the first time anyone reads them, so every inspection
 * refers to a stored, never-changing version.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Checklist, type ChecklistItem, defaultChecklistItems } from '../../domain/venues/checklist';
import { DEFAULT_VENUE_KINDS, type VenueKind } from '../../domain/venues/venue-kind';
import { badRequest, because, conflict, notFound } from '../../errors';
import { type Db, toEntity } from '../db';
import { tenantKeys } from '../keys';
import { getItem } from '../write';

interface StoredKinds {
  kinds: VenueKind[];
  version: number;
  updatedAt: string;
}

export function checklistRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);

  async function venueKinds(): Promise<{ kinds: VenueKind[]; version: number }> {
    const stored = await getItem<StoredKinds>(db, keys.venueKinds());
    return stored ?? { kinds: DEFAULT_VENUE_KINDS, version: 0 };
  }

  async function putVersion(kind: string, version: number, items: ChecklistItem[], by: string, now: Date): Promise<Checklist> {
    const checklist: Checklist = { kind, version, items, createdAt: now.toISOString(), createdBy: by };
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...keys.checklist(kind, version), entity: 'checklist', schemaVersion: 1, ...checklist },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return checklist;
  }

  async function latest(kind: string): Promise<Checklist | undefined> {
    const spec = keys.checklistVersions(kind);
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': spec.pk, ':v': spec.skPrefix },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return out.Items?.[0] ? toEntity<Checklist>(out.Items[0]) : undefined;
  }

  async function assertKnownKind(kind: string, field = 'kind') {
    const { kinds } = await venueKinds();
    if (!kinds.some((k) => k.code === kind)) throw badRequest(field, `unknown venue kind ${kind}`);
  }

  /** Every listed kind is in the tenant's catalogue: 400 naming the first that is not (`venueKinds.<n>`). */
  async function assertKnownKinds(codes: readonly string[] | undefined, field = 'venueKinds') {
    if (!codes?.length) return;
    const { kinds } = await venueKinds();
    const known = new Set(kinds.map((k) => k.code));
    const unknown = codes.findIndex((code) => !known.has(code));
    if (unknown >= 0) throw badRequest(`${field}.${unknown}`, `unknown venue kind ${codes[unknown]}`);
  }

  return {
    venueKinds,
    assertKnownKind,
    assertKnownKinds,

    async saveVenueKinds(kinds: VenueKind[], expectedVersion: number, now: Date) {
      const item = { ...keys.venueKinds(), entity: 'venue-kinds', schemaVersion: 1, kinds, version: expectedVersion + 1, updatedAt: now.toISOString() };
      try {
        await db.doc.send(
          new PutCommand({
            TableName: db.table,
            Item: item,
            ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
            ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':v': expectedVersion },
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw conflict('venue kinds were changed by someone else; reload and try again', { ...because('version.stale'), currentVersion: (await venueKinds()).version });
        throw error;
      }
      return { kinds, version: item.version };
    },

    /** The current template of a kind, storing the defaults as version 1 if there is none yet. */
    async current(kind: string, now: Date): Promise<Checklist> {
      const found = await latest(kind);
      if (found) return found;
      await assertKnownKind(kind);
      try {
        return await putVersion(kind, 1, defaultChecklistItems(kind), 'system', now);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return (await latest(kind)) as Checklist;
        throw error;
      }
    },

    async version(kind: string, version: number): Promise<Checklist> {
      const found = await getItem<Checklist>(db, keys.checklist(kind, version));
      if (!found) throw notFound(`checklist ${kind} version ${version}`);
      return found;
    },

    /** Save an edited template as the next version; an edit from a stale base is a 409. */
    async save(kind: string, baseVersion: number, items: ChecklistItem[], by: string, now: Date): Promise<Checklist> {
      await assertKnownKind(kind);
      const current = await latest(kind);
      const currentVersion = current?.version ?? 0;
      if (baseVersion !== currentVersion) throw conflict('the checklist was changed by someone else; reload and try again', { currentVersion, ...because('version.stale') });
      try {
        return await putVersion(kind, currentVersion + 1, items, by, now);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw conflict('the checklist was changed by someone else; reload and try again', { ...because('version.stale'), currentVersion: currentVersion + 1 });
        throw error;
      }
    },
  };
}
export type ChecklistRepository = ReturnType<typeof checklistRepository>;
