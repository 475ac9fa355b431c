/**
 * The one-off recount of the 三色管理图's venue counters (shared/data/venues/venue-counters.ts): venues and
 * open problems written before the counters existed were never counted. Per top-level grid, the job
 * pages through the subtree's venues (gsi1 `VENUES#<top>`) and open problems (gsi1
 * `PROBLEMS#<top>#OPEN`), by Query, and sums them per grid as the live writes would
 * have; then it replaces the counters of that subtree's grids with the sums (shard 0; other shards
 * deleted). After every page it saves where it is and its running sums in one state item (a version
 * condition: two runs never both advance), so a run that is killed or stops on its time budget is
 * finished by the next; running it again when done recounts from the start and writes the same
 * figures. Writes to a subtree while it is being recounted may be off by one until the next recount:
 * run it when the tenant is quiet. docs/scheduling.md, docs/data-model.md.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock';
import { type Counts, addCounts } from '../domain/residents/counts';
import type { Grid } from '../domain/grid';
import { batchWriteAll, sortKeysOf } from '../data/bulk';
import { type Db, queryAll, queryPage } from '../data/db';
import { tenantKeys } from '../data/keys';
import { openProblemCounts, venueCounts } from '../data/venues/venue-counters';
import { getItem } from '../data/write';

/** Items read per page (a page and its state save are one step). */
export const RECOUNT_PAGE = 500;

type Phase = 'venues' | 'problems' | 'write';

export interface RecountState {
  status: 'running' | 'done';
  startedAt: string;
  finishedAt?: string;
  /** Top-level grid paths as the run began; `top` is the one in hand. */
  tops: string[];
  top: number;
  phase: Phase;
  cursor?: string;
  /** The running sums of the subtree in hand, by grid id. */
  counts: Record<string, Counts>;
  pages: number;
  /** What the finished subtrees held, in all. */
  totals: { venues: number; openProblems: number; grids: number };
  version: number;
}

export interface RecountOptions {
  pageSize?: number;
  /** Stop (resumably) after this many pages (a test's kill half-way) … */
  maxPages?: number;
  /** … or at this time (ms since the epoch: the job's time budget). */
  stopAt?: number;
}

export async function runGridMapRecount(db: Db, tenantId: string, clock: Clock, options: RecountOptions = {}): Promise<RecountState> {
  const keys = tenantKeys(tenantId);
  const stateKey = keys.venueRecount();
  const pageSize = options.pageSize ?? RECOUNT_PAGE;
  let state = await getItem<RecountState>(db, stateKey, true);
  const expected = state?.version ?? 0;
  if (!state || state.status === 'done') {
    const tops = (await queryAll<Grid>(db, keys.topGrids())).map((g) => g.path);
    state = { status: 'running', startedAt: clock.now().toISOString(), tops, top: 0, phase: 'venues', counts: {}, pages: 0, totals: { venues: 0, openProblems: 0, grids: 0 }, version: expected };
  }
  let version = expected;
  const save = async (next: RecountState) => {
    const item = { ...stateKey, entity: 'grid-map-recount', schemaVersion: 1, ...next, version: version + 1 };
    // Conditional: a second run of the same recount at the same time loses here and stops.
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: item,
        ...(version === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': version } }),
      }),
    );
    version += 1;
    return { ...next, version };
  };

  let pages = 0;
  while (state.top < state.tops.length) {
    if ((options.maxPages !== undefined && pages >= options.maxPages) || (options.stopAt !== undefined && Date.now() >= options.stopAt)) return state;
    const top = state.tops[state.top];
    const next: RecountState = { ...state, counts: { ...state.counts }, pages: state.pages + 1 };
    if (state.phase === 'venues' || state.phase === 'problems') {
      const spec = state.phase === 'venues' ? keys.venuesInSubtree(top) : keys.problemsInSubtree(top, 'OPEN');
      const page = await queryPage<{ gridId: string; kind?: string; venueKind?: string }>(db, spec, { limit: pageSize, cursor: state.cursor });
      for (const item of page.items) {
        const add = state.phase === 'venues' ? venueCounts({ kind: item.kind ?? '' }) : openProblemCounts(item.venueKind ?? '', 1);
        next.counts[item.gridId] = addCounts({ ...(next.counts[item.gridId] ?? {}) }, add);
      }
      next.cursor = page.cursor;
      if (!page.cursor) next.phase = state.phase === 'venues' ? 'problems' : 'write';
    } else {
      await replaceCounters(db, tenantId, top, state.counts);
      const sums = Object.values(state.counts).reduce((all, c) => addCounts(all, c), {} as Counts);
      next.totals = { venues: state.totals.venues + (sums.venues ?? 0), openProblems: state.totals.openProblems + (sums.openProblems ?? 0), grids: state.totals.grids + Object.keys(state.counts).length };
      Object.assign(next, { top: state.top + 1, phase: 'venues', counts: {}, cursor: undefined });
    }
    if (next.cursor === undefined) delete next.cursor;
    state = await save(next);
    pages++;
  }
  return save({ ...state, status: 'done', finishedAt: clock.now().toISOString() });
}

/** The counters of every grid of the subtree set to the sums: shard 0 holds them, other shards go. */
async function replaceCounters(db: Db, tenantId: string, topPath: string, counts: Record<string, Counts>): Promise<void> {
  const keys = tenantKeys(tenantId);
  const grids = new Set((await queryAll<Grid>(db, keys.gridTree(topPath))).map((g) => g.id));
  for (const gridId of Object.keys(counts)) grids.add(gridId);
  // Counter sort keys are `<grid id>#<shard>` (grid ids have no '#').
  const { pk } = keys.venueCounter('x', 0);
  const existing = (await sortKeysOf(db, keys.venueCounters())).filter((sk) => grids.has(sk.slice(0, sk.lastIndexOf('#')))).map((sk) => ({ pk, sk }));
  const puts = [...grids].filter((g) => Object.values(counts[g] ?? {}).some((n) => n !== 0)).map((gridId) => ({ ...keys.venueCounter(gridId, 0), entity: 'venue-counter', gridId, ...counts[gridId] }));
  const kept = new Set(puts.map((p) => p.sk));
  const deletes = existing.filter((c) => !kept.has(c.sk)).map((c) => ({ pk: c.pk, sk: c.sk }));
  await batchWriteAll(db, [...puts.map((Item) => ({ PutRequest: { Item } })), ...deletes.map((Key) => ({ DeleteRequest: { Key } }))]);
}
