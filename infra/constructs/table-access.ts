/**
 * The IAM matrix: which DynamoDB actions each function may call on the one table. Explicit
 * statements on the table ARN (and, for Query, the named index ARNs) instead of grantReadWriteData,
 * which would include Scan. Nothing here ever grants Scan or `dynamodb:*`.
 *
 * TransactWriteItems / TransactGetItems are not IAM actions: a transaction is authorised by the
 * actions of its parts (Put → PutItem, Update → UpdateItem, Delete → DeleteItem,
 * ConditionCheck → ConditionCheckItem, Get → GetItem). See
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
 */
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { INDEX } from '../../shared/data/table';

type ItemAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';
type IndexName = (typeof INDEX)[keyof typeof INDEX]['name'];

export interface TableAccess {
  /** Item-level actions, on the table ARN. */
  readonly items: readonly ItemAction[];
  /** Query: on the base table and/or on these indexes. */
  readonly query: { readonly table: boolean; readonly indexes: readonly IndexName[] };
}

const READ_WRITE: readonly ItemAction[] = [
  'GetItem',
  'BatchGetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'ConditionCheckItem',
];
const ALL_INDEXES = Object.values(INDEX).map((index) => index.name);

export const TABLE_ACCESS = {
  /** The Hono API: every repository, including transactions (TransactWrite/TransactGet). */
  api: { items: READ_WRITE, query: { table: true, indexes: ALL_INDEXES } },
  /** The dispatcher reads the tenant directory (gsi1) and single tenants. */
  dispatcher: { items: ['GetItem', 'BatchGetItem'], query: { table: false, indexes: [INDEX.gsi1.name] } },
  /** The job worker: plans, day closes, venue imports. */
  worker: { items: READ_WRITE, query: { table: true, indexes: ALL_INDEXES } },
} as const satisfies Record<string, TableAccess>;

export const indexArn = (table: ITable, indexName: string) => `${table.tableArn}/index/${indexName}`;

export function grantTableAccess(grantee: IGrantable, table: ITable, access: TableAccess): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'TableItems',
      actions: access.items.map((action) => `dynamodb:${action}`),
      resources: [table.tableArn],
    }),
  );
  const queryResources = [
    ...(access.query.table ? [table.tableArn] : []),
    ...access.query.indexes.map((name) => indexArn(table, name)),
  ];
  if (queryResources.length > 0) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'TableQuery', actions: ['dynamodb:Query'], resources: queryResources }),
    );
  }
}
