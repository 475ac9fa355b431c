/**
 * Where sealed values live, and how the re-seal walks each area by Query, in this order (docs/privacy.md
 * "Encryption", docs/data-model.md): every caller of the cipher's `encrypt` stores into one of these.
 *
 * | area | parents (Query) | items | sealed attributes (context) |
 * |---|---|---|---|
 * | resident-imports | gsi1 `RIMPORTS` | the import's `CHUNK#` items | the rows' sealed fields inside `rows` (JSON) |
 * | persons | top-level grids | gsi1 `PERSONS#<top>` | name, ID number, phone, birth date (`person/<id>/…`) |
 * | monitoring | gsi1 `EPISODES` | the episode's partition | episode's last reading, readings' health, door tests' result |
 * | testing | gsi1 `TROUNDS` | gsi1 `TRESULTS#<round>` | a lab result |
 * | pushed-lists | gsi1 `PLISTS` | gsi2 `PLTASKS#<list>` | a row's name, ID number, phone, address |
 * | self-registration | gsi2 `REGSUBS` | (the submissions) | name, ID number, phone |
 * | check-ins | gsi1 `VCHECKINDAY#<day>` over the days check-ins live | the venue's day shard | the visitor's phone or code |
 */
import { CHECK_IN_RETENTION_DAYS } from '../../../domain/check-in';
import { addDays } from '../../../domain/local-day';
import type { Page } from '../../db';
import { queryPage } from '../../db';
import { actionContext, lastReadingContext, readingContext } from '../monitoring/stored';
import type { ResidentsContext } from '../context';
import type { SealedRow } from '../person-batch';
import { type Raw, type Rewrite, sealedFields, type Walk } from './walk';

// Import chunks first: a chunk re-sealed before the people are walked writes people with the newest version.
export const RESEAL_AREAS = ['resident-imports', 'persons', 'monitoring', 'testing', 'pushed-lists', 'self-registration', 'check-ins'] as const;
export type ResealArea = (typeof RESEAL_AREAS)[number];

/** Check-ins live CHECK_IN_RETENTION_DAYS (TTL); the walk looks this much further back for any TTL has not removed yet (deleted when met). */
const CHECK_IN_TTL_LAG_DAYS = 14;
const PARENTS_PAGE = 25;

const str = (item: Raw, attr: string) => String(item[attr]);
const personFields = (id: string): [string, string][] => ['name', 'idNumber', 'phone', 'birthDate'].map((f) => [`${f}Enc`, `person/${id}/${f}`]);

/** A resident import's chunk: its rows' sealed fields are inside the `rows` JSON, rewritten whole. */
export const chunkRows: Rewrite = (cipher, item) => {
  if (typeof item.rows !== 'string') return undefined;
  let changed = false;
  const rows = (JSON.parse(item.rows) as SealedRow[]).map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const [attr, context] of personFields(row.personId)) {
      const value = out[attr];
      if (typeof value === 'string' && cipher.versionOf(value) !== cipher.newest) {
        out[attr] = cipher.reseal(value, context);
        changed = true;
      }
    }
    return out;
  });
  return changed ? { rows: JSON.stringify(rows) } : undefined;
};

export function resealWalks(ctx: ResidentsContext, now: Date): Record<ResealArea, Walk> {
  const { db, keys } = ctx;
  const page = (spec: Parameters<typeof queryPage>[1]) => (cursor: string | undefined) => queryPage<Raw>(db, spec, { limit: PARENTS_PAGE, cursor, keepKeys: true });

  /** Check-in counters of the days check-ins may still be stored on, a day at a time; the cursor names the day. */
  async function checkInDays(cursor: string | undefined): Promise<Page<Raw>> {
    const today = await ctx.dayOf(now);
    const at = cursor ? (JSON.parse(cursor) as { d: string; c?: string }) : { d: addDays(today, -(CHECK_IN_RETENTION_DAYS + CHECK_IN_TTL_LAG_DAYS)) };
    const counters = await queryPage<Raw>(db, keys.venueCheckInsOfDay(at.d), { limit: PARENTS_PAGE, cursor: at.c, keepKeys: true });
    const next = counters.cursor ? { d: at.d, c: counters.cursor } : at.d < today ? { d: addDays(at.d, 1) } : undefined;
    return { items: counters.items, cursor: next && JSON.stringify(next) };
  }

  return {
    persons: {
      parents: async () => ({ items: (await ctx.grids.topLevel()).map((g) => ({ path: g.path })).sort((a, b) => a.path.localeCompare(b.path)) }),
      children: (top) => keys.personsInSubtree(str(top, 'path')),
      rewrite: sealedFields((p) => personFields(str(p, 'id'))),
      versioned: true,
    },
    monitoring: {
      parents: page(keys.episodesByLastDay()),
      // The episode's own partition: the episode item, its readings, door tests and history.
      children: (e) => keys.episodeFile(str(e, 'id')),
      rewrite: sealedFields((item) => {
        const sk = str(item, 'sk');
        if (sk === 'EPISODE') return [['lastReadingEnc', lastReadingContext(str(item, 'id'))]];
        if (sk.startsWith('READING#')) return [['healthEnc', readingContext(str(item, 'id'))]];
        if (sk.startsWith('ACTION#')) return [['resultEnc', actionContext(str(item, 'id'))]];
        return [];
      }),
    },
    testing: {
      parents: page(keys.testRounds()),
      children: (round) => keys.testResultsOfRound(str(round, 'id')),
      rewrite: sealedFields((r) => [['resultEnc', `test-result/${str(r, 'roundId')}/${str(r, 'personId')}/${str(r, 'sampleId')}`]]),
    },
    'pushed-lists': {
      parents: page(keys.pushedLists()),
      children: (list) => keys.pushedListTasks(str(list, 'id')),
      rewrite: sealedFields((task) => ['name', 'idNumber', 'phone', 'address'].map((f) => [`${f}Enc`, `pushed-task/${str(task, 'id')}/${f}`])),
      versioned: true,
    },
    'self-registration': {
      parents: page(keys.submissions()),
      rewrite: sealedFields((s) => ['name', 'idNumber', 'phone'].map((f) => [`${f}Enc`, `self-registration/${str(s, 'id')}/${f}`])),
      versioned: true,
    },
    'check-ins': {
      parents: checkInDays,
      children: (counter) => keys.checkInsOf(str(counter, 'venueId'), str(counter, 'day'), Number(str(counter, 'sk').split('#').at(-1))),
      rewrite: sealedFields((c) => [['visitorEnc', `check-in/${str(c, 'id')}/visitor`]]),
    },
    'resident-imports': {
      parents: page(keys.residentImports()),
      children: (imp) => keys.residentImportChunks(str(imp, 'id')),
      rewrite: chunkRows,
    },
  };
}
