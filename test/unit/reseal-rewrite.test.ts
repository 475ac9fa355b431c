/**
 * The re-seal's rewrites (pure, no DynamoDB): plain sealed attributes and an import chunk's rows JSON
 * come back sealed with the newest version, opening to the same values; values already newest (and
 * attributes not there) give nothing to write, so a second pass writes nothing.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chunkRows } from '../../shared/data/residents/reseal/areas';
import { sealedFields } from '../../shared/data/residents/reseal/walk';
import { cipherOf } from '../../shared/personal-data/tenant-cipher';

const v1 = { version: 1, key: randomBytes(32), activeFrom: '2026-11-25T00:00:00.000Z' };
const v2 = { version: 2, key: randomBytes(32), activeFrom: '2026-11-25T00:00:00.000Z' };
const old = cipherOf('longhu', [v1]);
const both = cipherOf('longhu', [v1, v2]);
const only2 = cipherOf('longhu', [v2]);

describe('re-seal rewrites', () => {
  it('seals plain attributes again with the newest version, only those that need it', () => {
    const rewrite = sealedFields((item) => [
      ['nameEnc', `pushed-task/${item.id}/name`],
      ['phoneEnc', `pushed-task/${item.id}/phone`],
    ]);
    const item = { id: 'T1', nameEnc: old.encrypt('王五', 'pushed-task/T1/name'), phoneEnc: both.encrypt('13900001111', 'pushed-task/T1/phone') };
    expect(both.versionOf(item.phoneEnc)).toBe(2);
    const out = rewrite(both, item)!;
    expect(Object.keys(out)).toEqual(['nameEnc']);
    expect(only2.decrypt(String(out.nameEnc), 'pushed-task/T1/name')).toBe('王五');
    expect(rewrite(both, { ...item, ...out })).toBeUndefined();
    expect(rewrite(both, { id: 'T2' })).toBeUndefined();
  });

  it("re-seals an import chunk's rows inside their JSON, each under its person's context", () => {
    const rows = ['P1', 'P2'].map((personId, i) => ({ line: i + 2, personId, nameMasked: '张*', nameEnc: old.encrypt(`张${i}`, `person/${personId}/name`), idNumberEnc: old.encrypt(`41018419800101000${i}`, `person/${personId}/idNumber`) }));
    const out = chunkRows(both, { pk: 'x', sk: 'CHUNK#1#000001', rows: JSON.stringify(rows) })!;
    const back = JSON.parse(String(out.rows)) as typeof rows;
    expect(back.map((r) => [r.line, r.nameMasked, only2.decrypt(r.nameEnc, `person/${r.personId}/name`), only2.decrypt(r.idNumberEnc, `person/${r.personId}/idNumber`)])).toEqual([
      [2, '张*', '张0', '410184198001010000'],
      [3, '张*', '张1', '410184198001010001'],
    ]);
    expect(chunkRows(both, { rows: out.rows })).toBeUndefined();
    // A chunk already written (its rows removed) has nothing to re-seal.
    expect(chunkRows(both, { sk: 'CHUNK#1#000002', status: 'done' })).toBeUndefined();
  });
});
