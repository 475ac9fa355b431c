/**
 * The check of a resident import's file (the job's first step): rows are read as a stream, checked
 * (import-row.ts), sealed (personal fields encrypted, blind-indexed) and stored in chunks as they
 * come, so memory holds a chunk or two and two fingerprint sets, never the file. Chunks keep the
 * file's households whole: consecutive rows of one household go to one chunk. What must wait for
 * the parallel writers of phase 1 goes to phase 2 (written one chunk at a time): a household seen
 * again further down the file, the rest of a household over a chunk's size, and (duplicates: merge)
 * a person whose document was on an earlier line. Run again, the check writes the same chunks.
 */
import { RESIDENT_CHUNK_GRIDS, RESIDENT_CHUNK_ROWS, RESIDENT_IMPORT_MAX_ROWS, RESIDENT_IMPORT_MAX_STORED_ERRORS, ResidentFileRefused, type ResidentRowError } from '../../domain/residents/import';
import type { FileRow } from '../../domain/residents/import-file';
import { derivedUlid, FingerprintSet, fingerprintOf } from '../../domain/residents/import-ids';
import { readHeader, rowChecker } from '../../domain/residents/import-row';
import { batchWriteAll, put } from '../bulk';
import { TTL_ATTRIBUTE } from '../table';
import { type ResidentsContext, writeCipher } from './context';
import { residentImportExpiry } from './imports';
import type { SealedRow } from './person-batch';
import { idBlindOf, sealPersonal } from './stored';

const ERRORS_PER_PAGE = 200;
/** Chunks buffered before a BatchWrite (~80 rows × ~1 KB each). */
const FLUSH_CHUNKS = 8;

export interface CheckCounts {
  total: number;
  valid: number;
  invalid: number;
  chunks: number;
  phase2: number;
  checkErrors: number;
}

/** A chunk in the making: whole households, at most RESIDENT_CHUNK_ROWS rows and RESIDENT_CHUNK_GRIDS grids. */
class ChunkBuilder {
  rows: SealedRow[] = [];
  grids = new Set<string>();
  n = 0;
  constructor(
    readonly phase: 1 | 2,
    private readonly emit: (phase: 1 | 2, n: number, rows: SealedRow[]) => void,
  ) {}
  fits(group: SealedRow[]) {
    const grids = new Set([...this.grids, ...group.map((r) => r.gridId)]);
    return this.rows.length + group.length <= RESIDENT_CHUNK_ROWS && grids.size <= RESIDENT_CHUNK_GRIDS;
  }
  add(group: SealedRow[]) {
    if (!this.fits(group)) this.flush();
    this.rows.push(...group);
    for (const r of group) this.grids.add(r.gridId);
  }
  flush() {
    if (!this.rows.length) return;
    this.emit(this.phase, ++this.n, this.rows);
    this.rows = [];
    this.grids = new Set();
  }
}

export async function checkResidentFile(ctx: ResidentsContext, imp: { id: string; duplicates: 'reject' | 'merge' }, rows: AsyncIterable<FileRow>, now: Date): Promise<CheckCounts> {
  const { db, keys } = ctx;
  const [rules, grids, cipher, today] = await Promise.all([ctx.residentRules(), ctx.grids.tree(), writeCipher(ctx), ctx.dayOf(now)]);
  const ttl = residentImportExpiry(now);

  const pendingWrites: Record<string, unknown>[] = [];
  const flushWrites = async (all = false) => {
    if (pendingWrites.length >= FLUSH_CHUNKS || (all && pendingWrites.length)) await batchWriteAll(db, pendingWrites.splice(0).map(put), { concurrency: 4, maxAttempts: 11 });
  };
  const emit = (phase: 1 | 2, n: number, chunkRows: SealedRow[]) => {
    pendingWrites.push({ ...keys.residentImportChunk(imp.id, phase, n), entity: 'resident-import-chunk', schemaVersion: 1, phase, n, status: 'pending', rows: JSON.stringify(chunkRows), count: chunkRows.length, [TTL_ATTRIBUTE]: ttl });
  };
  const phase1 = new ChunkBuilder(1, emit);
  const phase2 = new ChunkBuilder(2, emit);

  const errors: ResidentRowError[] = [];
  let errorCount = 0;
  const counts = { total: 0, valid: 0, invalid: 0 };
  const seenIds = new FingerprintSet();
  const seenHouseholds = new FingerprintSet();
  let group: SealedRow[] = [];
  let groupKey: string | undefined;
  let groupDeferred = false;
  const endGroup = () => {
    if (!group.length) return;
    if (groupDeferred) phase2.add(group);
    else {
      // The rest of a household over a chunk's size waits for phase 2 (its household exists by then).
      phase1.add(group.slice(0, RESIDENT_CHUNK_ROWS));
      for (let i = RESIDENT_CHUNK_ROWS; i < group.length; i += RESIDENT_CHUNK_ROWS) phase2.add(group.slice(i, i + RESIDENT_CHUNK_ROWS));
    }
    group = [];
  };

  let check: ReturnType<typeof rowChecker> | undefined;
  for await (const row of rows) {
    if (!check) {
      check = rowChecker(readHeader(row.cells), { grids: grids.filter((g) => g.status === 'active'), categories: rules.personCategories }, today);
      continue;
    }
    if (row.cells.every((c) => String(c).trim() === '')) continue;
    if (++counts.total > RESIDENT_IMPORT_MAX_ROWS) throw new ResidentFileRefused(`more than ${RESIDENT_IMPORT_MAX_ROWS} rows; split the file`, `超过 ${RESIDENT_IMPORT_MAX_ROWS} 行，请拆分文件`);
    const result = check(row.cells, row.line);
    const refuse = (more: ResidentRowError[]) => {
      counts.invalid++;
      errorCount += more.length;
      if (errors.length < RESIDENT_IMPORT_MAX_STORED_ERRORS) errors.push(...more.slice(0, RESIDENT_IMPORT_MAX_STORED_ERRORS - errors.length));
    };
    const p = result.person;
    if (!p) {
      refuse(result.errors);
      continue;
    }
    const idBlind = idBlindOf(cipher, p.idType, p.idNumber);
    const duplicate = seenIds.add(fingerprintOf(idBlind));
    if (duplicate && imp.duplicates === 'reject') {
      refuse([{ line: p.line, field: 'idNumber', value: undefined, code: 'duplicate-in-file', message: 'this identity document is on an earlier line of the file', messageZh: '该证件号码在文件前面的行中已出现' }]);
      continue;
    }
    const householdBlind = cipher.blind('body', `household:${p.householdKey}`);
    if (p.householdKey !== groupKey) {
      endGroup();
      groupKey = p.householdKey;
      groupDeferred = seenHouseholds.add(fingerprintOf(householdBlind));
    } else if (group.length && group[0].gridId !== p.gridId) {
      refuse([{ line: p.line, field: 'grid', value: p.gridId, code: 'household-grid', message: `the household's earlier rows are in grid ${group[0].gridId}`, messageZh: `同户前面各行的网格为 ${group[0].gridId}，与本行不符` }]);
      continue;
    }
    // The person's id: from the import, the line and the document, so a second check or run names the same person.
    const personId = derivedUlid(`${imp.id}:${p.line}:${idBlind}`);
    const sealed = sealPersonal(cipher, personId, p.idType, p);
    const sealedRow: SealedRow = {
      line: p.line,
      householdId: derivedUlid(householdBlind),
      ...(p.householdNumber && { number: p.householdNumber }),
      address: p.address,
      gridId: p.gridId,
      gridPath: p.gridPath,
      personId,
      gender: p.gender,
      idType: p.idType,
      category: p.category,
      relationship: p.relationship,
      ...sealed,
    } as SealedRow;
    counts.valid++;
    if (duplicate) {
      // duplicates: merge — after phase 1 the earlier line's person exists, and this row merges into it.
      phase2.add([sealedRow]);
      continue;
    }
    group.push(sealedRow);
    await flushWrites();
  }
  if (!check) throw new ResidentFileRefused('the file is empty; the first row must be the header', '文件为空；第一行应为表头');
  endGroup();
  phase1.flush();
  phase2.flush();
  for (let i = 0, page = 1; i < errors.length; i += ERRORS_PER_PAGE, page++) {
    pendingWrites.push({ ...keys.residentImportErrors(imp.id, `C${String(page).padStart(4, '0')}`), entity: 'resident-import-errors', schemaVersion: 1, errors: errors.slice(i, i + ERRORS_PER_PAGE), [TTL_ATTRIBUTE]: ttl });
  }
  await flushWrites(true);
  return { ...counts, chunks: phase1.n + phase2.n, phase2: phase2.n, checkErrors: errorCount };
}
