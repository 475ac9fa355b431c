/**
 * DynamoDB use of a job or request, counted on its client for docs/cost.md: calls by command, and the
 * on-demand request units they would bill, estimated from the items' sizes (JSON length as a stand-in
 * for DynamoDB's item size): a write 1 WRU per KB of each item (2 in a transaction), a read 1 RRU per
 * 4 KB read strongly (0.5 eventually; 2 in a transaction), a Query per 4 KB of all it returned.
 */
import type { Db } from '../shared/data/db';

export interface CapacityMeter {
  calls: Record<string, number>;
  readUnits: number;
  writeUnits: number;
  reset(): void;
  total(): number;
}

const kb = (item: unknown) => Math.max(1, Math.ceil(JSON.stringify(item ?? {}).length / 1024));
const reads = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);
const size = (item: unknown) => JSON.stringify(item ?? {}).length;

// DynamoDB command inputs and outputs of every kind (benches may use any, docs/conventions.md).
type Any = any;

/** An item written: its partition (and its index partitions), the units it cost. For per-partition write rates. */
export type WriteObserver = (partitions: string[], units: number) => void;

/** The table and index partitions an item or key lands in. */
const partitionsOf = (item: Any): string[] => (item ? ['pk', 'gsi1pk', 'gsi2pk', 'gsi3pk'].map((name) => item[name]).filter((pk) => typeof pk === 'string') : []);

export function meterCapacity(db: Db, onWrite?: WriteObserver): CapacityMeter {
  const meter: CapacityMeter = {
    calls: {},
    readUnits: 0,
    writeUnits: 0,
    reset() {
      meter.calls = {};
      meter.readUnits = 0;
      meter.writeUnits = 0;
    },
    total: () => Object.values(meter.calls).reduce((a, b) => a + b, 0),
  };
  const send = db.doc.send.bind(db.doc);
  db.doc.send = (async (command: { constructor: { name: string }; input: Any }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    meter.calls[name] = (meter.calls[name] ?? 0) + 1;
    const out: Any = await send(command as never);
    const input = command.input;
    const wrote = (item: Any, units: number) => {
      meter.writeUnits += units;
      onWrite?.(partitionsOf(item), units);
    };
    if (name === 'Put') wrote(input.Item, kb(input.Item));
    else if (name === 'Update' || name === 'Delete') wrote(input.Key, kb(out?.Attributes ?? input.Key));
    else if (name === 'BatchWrite') for (const requests of Object.values<Any[]>(input.RequestItems)) for (const r of requests) wrote(r.PutRequest?.Item ?? r.DeleteRequest?.Key, kb(r.PutRequest?.Item ?? r.DeleteRequest?.Key));
    else if (name === 'TransactWrite')
      for (const action of input.TransactItems as Any[]) {
        const item = action.Put?.Item ?? action.Update?.Key ?? action.Delete?.Key ?? action.ConditionCheck?.Key;
        wrote(item, 2 * kb(item));
      }
    else if (name === 'Get') meter.readUnits += reads(size(out?.Item), !!input.ConsistentRead);
    else if (name === 'BatchGet') for (const items of Object.values<Any[]>(out?.Responses ?? {})) for (const item of items) meter.readUnits += reads(size(item), false);
    else if (name === 'TransactGet') for (const r of (out?.Responses ?? []) as Any[]) meter.readUnits += 2 * reads(size(r.Item), true);
    else if (name === 'Query') meter.readUnits += reads((out?.Items ?? []).reduce((n: number, item: unknown) => n + size(item), 0), !!input.ConsistentRead);
    return out;
  }) as typeof db.doc.send;
  return meter;
}
