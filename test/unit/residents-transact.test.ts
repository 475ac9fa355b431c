/** The residents' transaction helper: conflicts with concurrent transactions are sent again, then a 429; conditions go to the caller. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { transact } from '../../shared/data/residents/context';
import { DomainError } from '../../shared/errors';

const cancelled = (...codes: string[]) => new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
const fakeDb = (answers: (Error | undefined)[]) => {
  let calls = 0;
  const send = async () => {
    const answer = answers[Math.min(calls++, answers.length - 1)];
    if (answer) throw answer;
    return {};
  };
  return { db: { doc: { send } as never, table: 't' }, calls: () => calls };
};
const item = { Put: { TableName: 't', Item: { pk: 'a', sk: 'b' } } };

describe('transact', () => {
  it('sends a transaction again when a concurrent one on the same item cancelled it', async () => {
    const { db, calls } = fakeDb([cancelled('None', 'TransactionConflict'), cancelled('TransactionConflict'), undefined]);
    await transact(db, [item, item], () => {
      throw new Error('not a condition');
    });
    expect(calls()).toBe(3);
  });

  it('answers 429 when the conflicts go on', async () => {
    const { db, calls } = fakeDb([cancelled('TransactionConflict')]);
    const error = await transact(db, [item], () => {
      throw new Error('not a condition');
    }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.status).toBe(429);
    expect(calls()).toBe(4);
  });

  it('hands a failed condition to the caller with each action\'s code, once', async () => {
    const { db, calls } = fakeDb([cancelled('None', 'ConditionalCheckFailed')]);
    let seen: (string | undefined)[] = [];
    await transact(db, [item, item], (codes) => {
      seen = codes;
      return undefined as never;
    });
    expect(seen).toEqual([undefined, 'ConditionalCheckFailed']);
    expect(calls()).toBe(1);
  });
});
