/**
 * Venues of one tenant. Listing is by grid subtree (GSI1, one partition per top-level grid) or by
 * kind (GSI2); name search filters within the listed subtree.
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ulid } from 'ulid';
import { createHash } from 'node:crypto';
import type { Venue, VenueInput, VenuePatch, VenueStatus } from '../../domain/venues/venue';
import { badRequest, because, conflict, notFound } from '../../errors';
import { type Db, type Page, queryPage } from '../db';
import type { GridRepository } from '../grids';
import { tenantKeys } from '../keys';
import { getItem, staleVersion, updateExpression } from '../write';
import { venueChangeActions } from './venue-counters';

/** Imported venues get an id derived from their external id, so a re-import finds them again. */
export const venueIdForExternalId = (externalId: string) =>
  `x-${createHash('sha256').update(externalId).digest('base64url').slice(0, 24).replace(/[^A-Za-z0-9]/g, '0')}`;

export interface VenueListOptions {
  gridPath: string;
  kind?: string;
  status?: VenueStatus;
  nameContains?: string;
  limit?: number;
  cursor?: string;
}

export function venueRepository(db: Db, tenantId: string, grids: GridRepository) {
  const keys = tenantKeys(tenantId);

  const item = (venue: Venue) => ({ ...keys.venue(venue.id), ...keys.venueEntries(venue), entity: 'venue', schemaVersion: 1, ...venue });

  async function activeGridPath(gridId: string, field = 'gridId'): Promise<string> {
    const grid = await grids.find(gridId);
    if (grid?.status !== 'active') throw badRequest(field, 'no active grid with this id', 'grid.notActive');
    return grid.path;
  }

  /** Build a new venue from input whose grid has been resolved. */
  function newVenue(input: VenueInput, gridPath: string, now: Date): Venue {
    const at = now.toISOString();
    return {
      id: input.id ?? (input.externalId ? venueIdForExternalId(input.externalId) : ulid(now.getTime())),
      name: input.name,
      kind: input.kind,
      gridId: input.gridId,
      gridPath,
      address: input.address,
      coordinates: input.coordinates,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      risk: input.risk ?? 'green',
      status: 'open',
      externalId: input.externalId,
      codeVersion: 1,
      openProblems: 0,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
  }

  async function get(venueId: string, consistent = false): Promise<Venue> {
    const venue = await getItem<Venue>(db, keys.venue(venueId), consistent);
    if (!venue) throw notFound('venue');
    return venue;
  }

  /**
   * SET the changed fields (and the index entries, which follow grid and kind) if the version is
   * still `expected`. Fields kept up to date by inspections (lastInspectedAt, openProblems) are left
   * alone, so an admin's edit never undoes a concurrent inspection.
   */
  function versionedUpdate(current: Venue, expected: number, changes: Partial<Venue>, remove: string[], now: Date) {
    const next: Venue = { ...current, ...changes, version: expected + 1, updatedAt: now.toISOString() };
    for (const name of remove) delete (next as Record<string, unknown>)[name];
    const sets: Record<string, unknown> = { ...changes, ...keys.venueEntries(next), version: next.version, updatedAt: next.updatedAt };
    return {
      next,
      update: {
        TableName: db.table,
        Key: keys.venue(current.id),
        ...updateExpression(sets, remove, { names: { '#version': 'version' }, values: { ':expected': expected } }),
        ConditionExpression: '#version = :expected',
      },
    };
  }

  /** versionedUpdate, and when the venue changes grid or kind, the venue figures' counter changes (venue-counters.ts). */
  function countedUpdate(current: Venue, expected: number, changes: Partial<Venue>, remove: string[], now: Date) {
    const { next, update } = versionedUpdate(current, expected, changes, remove, now);
    return { next, actions: [{ Update: update }, ...venueChangeActions(db, keys, current, next)] };
  }

  async function updateFields(current: Venue, expected: number, changes: Partial<Venue>, remove: string[], now: Date): Promise<Venue> {
    const { next, actions } = countedUpdate(current, expected, changes, remove, now);
    try {
      if (actions.length > 1) await db.doc.send(new TransactWriteCommand({ TransactItems: actions }));
      else await db.doc.send(new UpdateCommand(actions[0].Update as ConstructorParameters<typeof UpdateCommand>[0]));
      return next;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) {
        const latest = await getItem<Venue>(db, keys.venue(current.id), true);
        if (!latest) throw notFound('venue');
        throw staleVersion('venue', latest.version);
      }
      throw error;
    }
  }

  return {
    item,
    newVenue,
    /** The Update (SET changes and index entries, REMOVE fields, condition `version = expected`) and the grid figures' counter changes, as transaction actions. */
    countedUpdate,
    get,
    find: (venueId: string, consistent = false) => getItem<Venue>(db, keys.venue(venueId), consistent),

    async create(input: VenueInput, now: Date): Promise<Venue> {
      const gridPath = await activeGridPath(input.gridId);
      const venue = newVenue(input, gridPath, now);
      try {
        await db.doc.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: { TableName: db.table, Item: item(venue), ConditionExpression: 'attribute_not_exists(pk)' } }, ...venueChangeActions(db, keys, undefined, venue)],
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          throw conflict(input.externalId ? `a venue with external id ${input.externalId} already exists` : `venue ${venue.id} already exists`, because('id.taken', { id: input.externalId ?? venue.id }));
        }
        throw error;
      }
      return venue;
    },

    async update(venueId: string, patch: VenuePatch, now: Date): Promise<Venue> {
      const current = await get(venueId, true);
      if (current.version !== patch.version) throw staleVersion('venue', current.version);
      const { version, coordinates, ...rest } = patch;
      const changes: Partial<Venue> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      if (changes.gridId && changes.gridId !== current.gridId) changes.gridPath = await activeGridPath(changes.gridId);
      if (coordinates) changes.coordinates = coordinates;
      return updateFields(current, version, changes, coordinates === null ? ['coordinates'] : [], now);
    },

    /** Rotate the venue code: printed codes of the old version stop verifying. */
    async rotateCode(venueId: string, expectedVersion: number, now: Date): Promise<Venue> {
      const current = await get(venueId, true);
      if (current.version !== expectedVersion) throw staleVersion('venue', current.version);
      return updateFields(current, expectedVersion, { codeVersion: current.codeVersion + 1 }, [], now);
    },

    /** A page of venues in a subtree, optionally of one kind, status, or with a name containing a text. */
    async list(options: VenueListOptions): Promise<Page<Venue>> {
      const spec = options.kind ? keys.venuesOfKind(options.kind, options.gridPath) : keys.venuesInSubtree(options.gridPath);
      const filters: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      if (options.status) {
        filters.push('#status = :status');
        names['#status'] = 'status';
        values[':status'] = options.status;
      }
      if (options.nameContains) {
        filters.push('contains(#name, :name)');
        names['#name'] = 'name';
        values[':name'] = options.nameContains;
      }
      return queryPage<Venue>(db, spec, {
        limit: options.limit,
        cursor: options.cursor,
        filter: filters.length ? { expression: filters.join(' AND '), names, values } : undefined,
      });
    },
  };
}
export type VenueRepository = ReturnType<typeof venueRepository>;
