/**
 * Conditional writes shared by the repositories: create-once and version-checked updates.
 * Concurrent edits use version numbers, never last-write-wins.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { because, conflict, notFound } from '../errors';
import type { Db } from './db';
import { toEntity } from './db';
import type { Key } from './keys';

export async function getItem<T>(db: Db, key: Key, consistent = false): Promise<T | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: consistent }));
  return out.Item ? toEntity<T>(out.Item) : undefined;
}

export async function getRaw(db: Db, key: Key, consistent = false): Promise<Record<string, unknown> | undefined> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: consistent }));
  return out.Item;
}

/** Put an item that must not exist yet; `whenExists` says what a duplicate means. */
export async function putNew(db: Db, item: Record<string, unknown> & Key, whenExists: string): Promise<void> {
  try {
    await db.doc.send(
      new PutCommand({ TableName: db.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw conflict(whenExists, because('exists'));
    throw error;
  }
}

/**
 * An UpdateExpression that SETs the fields of `set` and REMOVEs `remove`, with its attribute names
 * and values. Every name goes through a numbered placeholder (`#s0`, `#r0`), so reserved words and
 * any attribute name are safe. `more` adds SET clauses written by hand (`#version = :next`) with
 * their names and values, e.g. those of the condition.
 */
export function updateExpression(
  set: Record<string, unknown>,
  remove: readonly string[] = [],
  more: { sets?: string[]; names?: Record<string, string>; values?: Record<string, unknown> } = {},
) {
  const names: Record<string, string> = { ...more.names };
  const values: Record<string, unknown> = { ...more.values };
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  const removals = remove.map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  return {
    UpdateExpression: `SET ${[...sets, ...(more.sets ?? [])].join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
  };
}

/**
 * SET the given fields and bump the version, only if the stored version is the expected one.
 * A missing item is a 404; a stale version a 409 that tells the current version.
 */
export async function updateVersioned<T>(
  db: Db,
  key: Key,
  expectedVersion: number,
  changes: Record<string, unknown>,
  what: string,
  now: Date,
): Promise<T> {
  const fields = Object.fromEntries(Object.entries({ ...changes, updatedAt: now.toISOString() }).filter(([, v]) => v !== undefined));
  try {
    const out = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        ...updateExpression(fields, [], { sets: ['#version = #version + :one'], names: { '#version': 'version' }, values: { ':expected': expectedVersion, ':one': 1 } }),
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return toEntity<T>(out.Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      if (!error.Item) throw notFound(what);
      throw staleVersion(what, Number((error.Item.version as { N?: string })?.N ?? error.Item.version));
    }
    throw error;
  }
}

export const staleVersion = (what: string, currentVersion: number) =>
  conflict(`${what} was changed by someone else; reload and try again`, { currentVersion, ...because('version.stale') });
