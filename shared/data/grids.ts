/**
 * Grids (网格) of one tenant: a tree of any depth. Each grid stores its path ('/a/b/c/'), so a
 * subtree is one Query on the tenant's grid-tree index (GSI1) with a path prefix.
 */
import { BatchGetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type Grid, type GridInput, type GridPatch, isWithin, levelOf } from '../domain/grid';
import { badRequest, because, conflict, notFound } from '../errors';
import type { Inspection } from '../domain/venues/inspection';
import { addDays, localDate } from '../domain/local-day';
import type { Problem } from '../domain/venues/problem';
import type { Tenant } from '../domain/tenant';
import type { Venue } from '../domain/venues/venue';
import { type Db, queryAll, queryEach, queryPage } from './db';
import { gridPath, tenantKeys } from './keys';
import { getItem, staleVersion, updateVersioned } from './write';

/** DynamoDB allows 100 actions in one transaction. */
const TRANSACTION_LIMIT = 100;

type StoredGrid = Grid & { pendingMoveFrom?: string };

export function gridRepository(db: Db, tenantId: string) {
  const keys = tenantKeys(tenantId);

  const item = (grid: Grid) => ({
    ...keys.grid(grid.id),
    ...keys.gridTreeEntry(grid.path),
    ...(grid.level === 1 ? keys.topGridEntry(grid.id) : {}),
    entity: 'grid',
    schemaVersion: 1,
    ...grid,
  });

  async function find(gridId: string, consistent = false): Promise<StoredGrid | undefined> {
    return getItem<StoredGrid>(db, keys.grid(gridId), consistent);
  }

  async function get(gridId: string, consistent = false): Promise<StoredGrid> {
    const grid = await find(gridId, consistent);
    if (!grid) throw notFound('grid');
    return grid;
  }

  /** The transaction action that moves one descendant from under `fromPath` to under `toPath`. */
  const repathAction = (g: Grid, fromPath: string, toPath: string, now: Date) => {
    const path = toPath + g.path.slice(fromPath.length);
    return {
      Update: {
        TableName: db.table,
        Key: keys.grid(g.id),
        UpdateExpression: 'SET #path = :path, #gsk = :path, #level = :level, updatedAt = :now',
        ConditionExpression: '#path = :old',
        ExpressionAttributeNames: { '#path': 'path', '#gsk': 'gsi1sk', '#level': 'level' },
        ExpressionAttributeValues: { ':path': path, ':old': g.path, ':level': levelOf(path), ':now': now.toISOString() },
      },
    };
  };

  /**
   * Re-path every descendant still under `fromPath` to sit under `toPath`; safe to run again.
   * `known`: the descendants still to re-path, when the caller has just read them (a move in
   * progress); otherwise (resuming a stopped move) they are read from the grid-tree index.
   */
  async function repathDescendants(fromPath: string, toPath: string, now: Date, skipId: string, known?: readonly Grid[]) {
    const stale = (known ?? (await queryAll<Grid>(db, keys.gridTree(fromPath)))).filter((g) => g.id !== skipId);
    for (let i = 0; i < stale.length; i += TRANSACTION_LIMIT) {
      const chunk = stale.slice(i, i + TRANSACTION_LIMIT);
      await db.doc.send(new TransactWriteCommand({ TransactItems: chunk.map((g) => repathAction(g, fromPath, toPath, now)) }));
    }
  }

  /**
   * Things that live in grids carry the grid's path (venues for subtree listing, open problems for
   * the ledger, the inspections of the move's day and the day before for the day's listing by grid):
   * after a move they follow, each update conditional on the old path so it can re-run. Older
   * inspections keep the path they were made in; a close of their day maps each path to where its
   * grid is now (by the grid id at its end), so no report contradicts its own tree.
   */
  async function repathContents(fromPath: string, toPath: string, now: Date) {
    const moveItem = async (key: { pk: string; sk: string }, oldPath: string, entries: Record<string, string>) => {
      const sets = Object.keys(entries).map((_name, i) => `#e${i} = :e${i}`);
      await db.doc
        .send(
          new UpdateCommand({
            TableName: db.table,
            Key: key,
            UpdateExpression: `SET gridPath = :path, ${sets.join(', ')}`,
            ConditionExpression: 'gridPath = :old',
            ExpressionAttributeNames: Object.fromEntries(Object.keys(entries).map((name, i) => [`#e${i}`, name])),
            ExpressionAttributeValues: { ':path': toPath + oldPath.slice(fromPath.length), ':old': oldPath, ...Object.fromEntries(Object.values(entries).map((v, i) => [`:e${i}`, v])) },
          }),
        )
        .catch((error) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    };
    for await (const venue of queryEach<Venue>(db, keys.venuesInSubtree(fromPath))) {
      const gridPath = toPath + venue.gridPath.slice(fromPath.length);
      await moveItem(keys.venue(venue.id), venue.gridPath, keys.venueEntries({ ...venue, gridPath }));
    }
    for await (const problem of queryEach<Problem>(db, keys.problemsInSubtree(fromPath, 'OPEN'))) {
      const gridPath = toPath + problem.gridPath.slice(fromPath.length);
      await moveItem(keys.problem(problem.id), problem.gridPath, keys.problemEntries({ ...problem, gridPath }));
    }
    // Residents: households and people carry their grid's path (subtree lists); their counters are
    // kept per grid id, so the figures follow the tree without being touched.
    for await (const h of queryEach<{ id: string; gridPath: string }>(db, keys.householdsInSubtree(fromPath), { projection: ['id', 'gridPath'] })) {
      const gridPath = toPath + h.gridPath.slice(fromPath.length);
      await moveItem(keys.household(h.id), h.gridPath, keys.householdEntries({ ...h, gridPath }));
    }
    for await (const p of queryEach<{ id: string; householdId: string; gridPath: string; phoneBlind?: string }>(db, keys.personsInSubtree(fromPath), { projection: ['id', 'householdId', 'gridPath', 'phoneBlind'] })) {
      const gridPath = toPath + p.gridPath.slice(fromPath.length);
      await moveItem(keys.person(p.householdId, p.id), p.gridPath, keys.personEntries({ ...p, gridPath }));
    }
    const timeZone = (await getItem<Tenant>(db, keys.tenant()))?.timezone;
    const today = timeZone ? localDate(now, timeZone) : now.toISOString().slice(0, 10);
    for (const date of [addDays(today, -1), today]) {
      for await (const i of queryEach<Inspection>(db, keys.dayInspections(date, fromPath), { projection: ['id', 'venueId', 'inspectorId', 'date', 'gridPath', 'endedAt'] })) {
        const gridPath = toPath + i.gridPath.slice(fromPath.length);
        await moveItem(keys.inspection(i.id), i.gridPath, keys.inspectionEntries({ ...i, gridPath }));
      }
    }
  }

  /**
   * Finish the move marked on `grid`. `known`: the descendants still on the old path, when move() has
   * just read them (empty when its transaction re-pathed them already: the index may still show
   * them on the old path, and re-pathing them again would fail its condition); absent when resuming.
   */
  async function finishPendingMove(grid: StoredGrid, now: Date, known?: readonly Grid[]) {
    if (!grid.pendingMoveFrom) return;
    await repathDescendants(grid.pendingMoveFrom, grid.path, now, grid.id, known);
    await repathContents(grid.pendingMoveFrom, grid.path, now);
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.grid(grid.id),
        UpdateExpression: 'REMOVE pendingMoveFrom',
        ConditionExpression: 'pendingMoveFrom = :from',
        ExpressionAttributeValues: { ':from': grid.pendingMoveFrom },
      }),
    ).catch((error) => {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }

  return {
    find,
    get,

    async create(input: GridInput, now: Date): Promise<Grid> {
      let parentPath: string | null = null;
      if (input.parentId) {
        const parent = await find(input.parentId, true);
        if (parent?.status !== 'active') throw badRequest('parentId', 'no active grid with this id', 'grid.notActive');
        parentPath = parent.path;
      }
      const path = gridPath(parentPath, input.id);
      const at = now.toISOString();
      const grid: Grid = {
        id: input.id,
        name: input.name,
        parentId: input.parentId,
        path,
        level: levelOf(path),
        density: input.density,
        households: input.households,
        status: 'active',
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      const transact = [
        { Put: { TableName: db.table, Item: item(grid), ConditionExpression: 'attribute_not_exists(pk)' } },
      ] as NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;
      if (input.parentId) {
        // The parent must still be active and where we saw it when the child lands.
        transact.push({
          ConditionCheck: {
            TableName: db.table,
            Key: keys.grid(input.parentId),
            ConditionExpression: '#status = :active AND #path = :path',
            ExpressionAttributeNames: { '#status': 'status', '#path': 'path' },
            ExpressionAttributeValues: { ':active': 'active', ':path': parentPath },
          },
        });
      }
      try {
        await db.doc.send(new TransactWriteCommand({ TransactItems: transact }));
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          const [put, parent] = error.CancellationReasons ?? [];
          if (put?.Code === 'ConditionalCheckFailed') throw conflict(`grid ${input.id} already exists`, because('id.taken', { id: input.id }));
          if (parent?.Code === 'ConditionalCheckFailed') throw conflict('the parent grid changed meanwhile; try again', because('changed.meanwhile'));
        }
        throw error;
      }
      return grid;
    },

    /** The top-level grids (一级网格), in id order. */
    topLevel(): Promise<Grid[]> {
      return queryAll<Grid>(db, keys.topGrids());
    },

    /** The whole tree, or one subtree, in path order (parents before children). */
    tree(rootPath?: string): Promise<Grid[]> {
      return queryAll<Grid>(db, keys.gridTree(rootPath));
    },

    /** Paths of the given grids; ids that do not exist in this tenant are reported as missing. */
    async pathsOf(gridIds: string[]): Promise<{ paths: Map<string, string>; missing: string[] }> {
      const unique = [...new Set(gridIds)];
      const paths = new Map<string, string>();
      for (let i = 0; i < unique.length; i += 100) {
        const out = await db.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [db.table]: { Keys: unique.slice(i, i + 100).map((id) => keys.grid(id)), ProjectionExpression: 'id, #p, #s', ExpressionAttributeNames: { '#p': 'path', '#s': 'status' } },
            },
          }),
        );
        for (const g of out.Responses?.[db.table] ?? []) {
          if (g.status === 'active') paths.set(g.id as string, g.path as string);
        }
        // Unprocessed keys are rare at this size; read them one by one rather than loop on backoff.
        for (const key of (out.UnprocessedKeys?.[db.table]?.Keys ?? []) as { pk: string; sk: string }[]) {
          const g = await getItem<Grid>(db, key);
          if (g?.status === 'active') paths.set(g.id, g.path);
        }
      }
      return { paths, missing: unique.filter((id) => !paths.has(id)) };
    },

    update(gridId: string, patch: GridPatch, now: Date): Promise<Grid> {
      const { version, ...changes } = patch;
      return updateVersioned<Grid>(db, keys.grid(gridId), version, changes, 'grid', now);
    },

    /**
     * Move a grid and its whole subtree under a new parent (null: to the top).
     * The root moves in one transaction, marked with `pendingMoveFrom`, together with its descendant
     * grids when there are fewer than 100; larger subtrees follow in transactions of 100, then the
     * venues and open problems of the subtree, then the mark is removed. If that stops part-way, the
     * next move of the grid finishes it first (every step is conditional, so re-running is safe).
     */
    async move(gridId: string, expectedVersion: number, newParentId: string | null, now: Date): Promise<Grid> {
      const grid = await get(gridId, true);
      await finishPendingMove(grid, now);
      if (grid.version !== expectedVersion) throw staleVersion('grid', grid.version);
      if (grid.status !== 'active') throw conflict('a retired grid cannot be moved', because('grid.retired'));
      let parentPath: string | null = null;
      if (newParentId) {
        const parent = await find(newParentId, true);
        if (parent?.status !== 'active') throw badRequest('newParentId', 'no active grid with this id', 'grid.notActive');
        if (isWithin(parent.path, grid.path)) throw badRequest('newParentId', 'a grid cannot move under itself or its own descendants', 'grid.underItself');
        parentPath = parent.path;
      }
      const oldPath = grid.path;
      const newPath = gridPath(parentPath, gridId);
      const moved: Grid = {
        ...grid,
        parentId: newParentId,
        path: newPath,
        level: levelOf(newPath),
        // Its days as a top-level grid stay indexed under it: the close reads them there (day-facts.ts).
        ...(grid.parentId === null && newParentId !== null ? { formerTopLevel: true } : {}),
        version: grid.version + 1,
        updatedAt: now.toISOString(),
      };
      if (newPath === oldPath) return grid;

      const descendants = (await queryAll<Grid>(db, keys.gridTree(oldPath))).filter((g) => g.id !== gridId);
      const small = descendants.length + 2 <= TRANSACTION_LIMIT;
      const rootUpdate = {
        Put: {
          TableName: db.table,
          Item: { ...item(moved), pendingMoveFrom: oldPath },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        },
      };
      const parentCheck = newParentId
        ? [{ ConditionCheck: { TableName: db.table, Key: keys.grid(newParentId), ConditionExpression: '#path = :p', ExpressionAttributeNames: { '#path': 'path' }, ExpressionAttributeValues: { ':p': parentPath } } }]
        : [];
      const descendantUpdates = small ? descendants.map((g) => repathAction(g, oldPath, newPath, now)) : [];
      try {
        await db.doc.send(new TransactWriteCommand({ TransactItems: [rootUpdate, ...parentCheck, ...descendantUpdates] as never }));
      } catch (error) {
        if (error instanceof TransactionCanceledException) throw conflict('the grid tree changed meanwhile; reload and try again', because('changed.meanwhile'));
        throw error;
      }
      await finishPendingMove({ ...moved, pendingMoveFrom: oldPath }, now, small ? [] : descendants);
      return moved;
    },

    /** Retire a grid that has no active children left. */
    async retire(gridId: string, expectedVersion: number, now: Date): Promise<Grid> {
      const grid = await get(gridId, true);
      const subtree = await queryAll<Grid>(db, keys.gridTree(grid.path));
      if (subtree.some((g) => g.id !== gridId && g.status === 'active')) {
        throw conflict('retire or move the child grids first', because('grid.hasChildren'));
      }
      // Registered households would be left in a grid nobody works: they move first (PATCH gridId).
      if ((await queryPage(db, keys.householdsInSubtree(grid.path), { limit: 1 })).items.length) {
        throw conflict('move the households registered in this grid first', because('grid.hasHouseholds'));
      }
      return updateVersioned<Grid>(db, keys.grid(gridId), expectedVersion, { status: 'retired' }, 'grid', now);
    },

    /** Finish a move that stopped part-way (called by reads that need a consistent tree). */
    finishPendingMove: async (gridId: string, now: Date) => finishPendingMove(await get(gridId, true), now),
  };
}
export type GridRepository = ReturnType<typeof gridRepository>;
