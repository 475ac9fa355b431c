/**
 * Every sealed value a tenant stores, found by a Scan of the test table (tests only: the product never
 * scans), each with the encryption context its item gives it. A ciphertext on an item this does not
 * know throws: a new place that seals data must be named here (and walked by the re-seal job).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../shared/data/db';

export interface SealedValue {
  /** `<pk>|<sk>|<attribute>` (and `#<row>` inside an import chunk's rows). */
  where: string;
  ciphertext: string;
  context: string;
}

const CIPHERTEXT = /^k[1-9][0-9]*\./;
const field = (attr: string) => attr.replace(/Enc$/, '');

function contextOf(item: Record<string, any>, attr: string): string {
  const { pk, sk } = item as { pk: string; sk: string };
  if (pk.includes('#HOUSEHOLD#') && sk.startsWith('PERSON#')) return `person/${item.id}/${field(attr)}`;
  if (pk.includes('#EPISODE#') && sk === 'EPISODE' && attr === 'lastReadingEnc') return `episode/${item.id}/last-reading`;
  if (pk.includes('#EPISODE#') && sk.startsWith('READING#') && attr === 'healthEnc') return `reading/${item.id}/health`;
  if (pk.includes('#EPISODE#') && sk.startsWith('ACTION#') && attr === 'resultEnc') return `episode-action/${item.id}/result`;
  if (sk.startsWith('RESULT#') && attr === 'resultEnc') return `test-result/${item.roundId}/${item.personId}/${item.sampleId}`;
  if (pk.includes('#PTASK#') && sk === 'TASK') return `pushed-task/${item.id}/${field(attr)}`;
  if (pk.includes('#REGSUB#')) return `self-registration/${item.id}/${field(attr)}`;
  if (pk.includes('#CHECKIN#') && attr === 'visitorEnc') return `check-in/${item.id}/visitor`;
  throw new Error(`a sealed value the tests do not know: ${pk} ${sk} ${attr}`);
}

/** Every ciphertext of the tenant's items, with its context. */
export async function sealedValues(db: Db, tenantId: string): Promise<SealedValue[]> {
  const out: SealedValue[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new ScanCommand({ TableName: db.table, FilterExpression: 'begins_with(pk, :t)', ExpressionAttributeValues: { ':t': `T#${tenantId}#` }, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      for (const [attr, value] of Object.entries(item)) {
        if (typeof value === 'string' && CIPHERTEXT.test(value)) out.push({ where: `${item.pk}|${item.sk}|${attr}`, ciphertext: value, context: contextOf(item, attr) });
      }
      // An import chunk's rows: sealed fields inside JSON.
      if (String(item.sk).startsWith('CHUNK#') && typeof item.rows === 'string') {
        (JSON.parse(item.rows) as Record<string, unknown>[]).forEach((row, i) => {
          for (const [attr, value] of Object.entries(row)) {
            if (typeof value === 'string' && CIPHERTEXT.test(value)) out.push({ where: `${item.pk}|${item.sk}|rows#${i}.${attr}`, ciphertext: value, context: `person/${row.personId}/${field(attr)}` });
          }
        });
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out.sort((a, b) => a.where.localeCompare(b.where));
}
