/**
 * The re-seal job's work (docs/privacy.md "Where keys live"): after a data-key rotation, every value
 * sealed with an older key version — in every area that stores sealed values (areas.ts) — is opened and
 * sealed again with the newest version, area after area, a page at a time (walk.ts; Query only). The
 * area reached and its cursor are saved after each page, so a run killed half-way is finished by the
 * next, and a value already sealed with the newest version is left as it is, so a second run changes
 * nothing. `done` means no stored value needs an older version any more: a pass that missed items
 * (changed by others three times while tried) is followed by another before it is done.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getRaw } from '../../write';
import type { ResidentsContext } from '../context';
import { RESEAL_AREAS, type ResealArea, resealWalks } from './areas';
import { addTally, noTally, type Tally, type WalkCursor, walkStep } from './walk';

export { RESEAL_AREAS, type ResealArea };

export interface ResealState extends Tally {
  /** The key version values are moved to. */
  version: number;
  status: 'running' | 'done';
  /** The area in hand (an index into RESEAL_AREAS) and the place reached in it (JSON of a WalkCursor). */
  at: number;
  cursor?: string;
  /** Passes over the areas (a second when some items were missed: changed by others while tried). */
  passes?: number;
  /** The counts of each area walked so far. */
  areas: Partial<Record<ResealArea, Tally>>;
  startedAt: string;
  updatedAt: string;
}

export function resealRepository(ctx: ResidentsContext) {
  const { db, keys } = ctx;

  async function save(state: ResealState) {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.resealState(), entity: 'reseal-state', schemaVersion: 2, ...state } }));
  }
  const read = async () => (await getRaw(db, keys.resealState(), true)) as (ResealState & { schemaVersion?: number }) | undefined;

  return {
    state: async (): Promise<ResealState | undefined> => read(),

    /**
     * Run (or resume) the re-seal to the cipher's newest version. `maxPages` stops it early (as if
     * killed); `stopAt` (epoch ms) bounds one invocation: the next run goes on from the saved place.
     */
    async run(now: () => Date, options: { pageSize?: number; maxPages?: number; stopAt?: number } = {}): Promise<ResealState | undefined> {
      const cipher = await ctx.cipher(false);
      if (!cipher) return undefined;
      let state: ResealState | undefined = await read();
      // A state of an older version, or of the person-only re-seal that came before (schema 1), starts afresh.
      if (!state || state.version < cipher.newest || (state as { schemaVersion?: number }).schemaVersion !== 2) {
        const at = now().toISOString();
        state = { version: cipher.newest, status: 'running', at: 0, ...noTally(), areas: {}, startedAt: at, updatedAt: at };
        await save(state);
      }
      const walks = resealWalks(ctx, now());
      let pages = 0;
      while (state.status === 'running') {
        if (options.maxPages !== undefined && pages >= options.maxPages) return state;
        if (options.stopAt !== undefined && Date.now() >= options.stopAt) return state;
        const area: ResealArea | undefined = RESEAL_AREAS[state.at];
        if (!area && state.missed > 0) {
          // Items others kept changing while tried: another pass over every area (it rewrites only what is still old), on the next run.
          state = { ...state, at: 0, cursor: undefined, missed: 0, passes: (state.passes ?? 1) + 1, updatedAt: now().toISOString() };
          await save(state);
          return state;
        }
        if (!area) {
          state = { ...state, status: 'done', cursor: undefined, updatedAt: now().toISOString() };
          await save(state);
          break;
        }
        const cursor: WalkCursor = state.cursor ? JSON.parse(state.cursor) : { i: 0 };
        const { next, tally } = await walkStep(db, cipher, walks[area], cursor, { pageSize: options.pageSize ?? 100, now: now() });
        state = {
          ...state,
          ...addTally(state, tally),
          areas: { ...state.areas, [area]: addTally(state.areas[area] ?? noTally(), tally) },
          ...(next ? { cursor: JSON.stringify(next) } : { at: state.at + 1, cursor: undefined }),
          updatedAt: now().toISOString(),
        };
        await save(state);
        pages++;
      }
      return state;
    },
  };
}
