/**
 * The one DynamoDB table: its name, key attributes and indexes, in one place.
 * infra/ (CDK), local/ (DynamoDB Local) and the repositories all read these names from here.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const TABLE_NAME_DEFAULT = 'gridwatch';

export const KEY = { pk: 'pk', sk: 'sk' } as const;

/** Global secondary indexes. Each key attribute is written only by the key module. */
export const INDEX = {
  gsi1: { name: 'gsi1', pk: 'gsi1pk', sk: 'gsi1sk' },
  gsi2: { name: 'gsi2', pk: 'gsi2pk', sk: 'gsi2sk' },
  gsi3: { name: 'gsi3', pk: 'gsi3pk', sk: 'gsi3sk' },
} as const;

/** Items that should disappear on their own (login throttles, import progress) carry this, in epoch seconds. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** The table definition used to create the table locally; infra/ mirrors it with CDK constructs. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const attrs = [KEY.pk, KEY.sk, ...Object.values(INDEX).flatMap((index) => [index.pk, index.sk])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attrs.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: KEY.pk, KeyType: 'HASH' },
      { AttributeName: KEY.sk, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.values(INDEX).map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.pk, KeyType: 'HASH' },
        { AttributeName: index.sk, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
