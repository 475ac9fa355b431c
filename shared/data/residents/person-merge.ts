/**
 * A resident import's merge (duplicates: merge): a registered person updated from a row of the file —
 * name, phone, category, relationship, gender; they stay in their household — in one transaction
 * with `version = seen`, its history entry (field names only) and its counter change. A row equal to
 * what is stored writes nothing, so a second run of a chunk finds its merges done.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { gridDeltas, personCounts } from '../../domain/residents/counts';
import type { TenantCipher } from '../../personal-data/tenant-cipher';
import type { ResidentsContext } from './context';
import { counterActions, type TransactItem } from './counters';
import type { SealedRow } from './person-batch';
import { sealPersonal, type StoredPerson, unsealPersonal } from './stored';

export function personMerger(ctx: ResidentsContext, cipher: TenantCipher, imp: { id: string; createdBy: string }) {
  const { db, keys } = ctx;
  const personItem = (p: StoredPerson) => ({ ...keys.person(p.householdId, p.id), ...keys.personEntries(p), entity: 'person', schemaVersion: 1, ...p });

  /** Personal fields of a row, opened (a merge re-seals them under the registered person's id). */
  const openRow = (r: SealedRow) => unsealPersonal(cipher, { ...r, id: r.personId } as unknown as StoredPerson);

  /** A registered person updated from a row; undefined if nothing changes. */
  function merged(existing: StoredPerson, r: SealedRow, at: string): { after: StoredPerson; changed: string[] } | undefined {
    const before = unsealPersonal(cipher, existing);
    const row = openRow(r);
    const sealed = sealPersonal(cipher, existing.id, r.idType, { ...row, birthDate: row.birthDate ?? before.birthDate });
    const changed = [
      ...(['gender', 'category', 'relationship'] as const).filter((f) => existing[f] !== r[f]),
      ...(before.name !== row.name ? ['name'] : []),
      ...((before.phone ?? '') !== (row.phone ?? '') ? ['phone'] : []),
    ];
    if (!changed.length) return undefined;
    const { inputBlind: _, ...rest } = existing;
    const after: StoredPerson = {
      ...rest,
      gender: r.gender,
      category: r.category,
      relationship: r.relationship,
      nameEnc: sealed.nameEnc,
      nameMasked: sealed.nameMasked,
      phoneEnc: sealed.phoneEnc,
      phoneMasked: sealed.phoneMasked,
      phoneBlind: sealed.phoneBlind,
      version: existing.version + 1,
      updatedAt: at,
      updatedBy: imp.createdBy,
    };
    return { after, changed };
  }

  async function mergeOne(existing: StoredPerson, change: { after: StoredPerson; changed: string[] }, at: string, shard: number) {
    const { after, changed } = change;
    const items: TransactItem[] = [
      { Put: { TableName: db.table, Item: personItem(after), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': existing.version } } },
      ...counterActions(db, keys, gridDeltas({ gridId: existing.gridId, counts: personCounts(existing) }, { gridId: after.gridId, counts: personCounts(after) }), shard),
      {
        Put: {
          TableName: db.table,
          Item: { ...keys.householdEvent(existing.householdId, at, ulid()), entity: 'household-event', schemaVersion: 1, at, by: imp.createdBy, action: 'person-changed', personId: existing.id, changes: [...changed.map((field) => ({ field })), { field: 'import', to: imp.id }] },
        },
      },
    ];
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
  }

  return { merged, mergeOne };
}
