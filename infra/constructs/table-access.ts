/**
 * The IAM matrix: which DynamoDB actions each role may call on the one table, on which partition
 * keys (dynamodb:LeadingKeys). Explicit
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
import { PLATFORM_TENANT_DIRECTORY } from '../../shared/data/keys';
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
  /**
   * The partition keys allowed (dynamodb:LeadingKeys, IAM wildcards): the table's key for item
   * actions and table queries, the index's key for index queries. Without it, any key.
   */
  readonly leadingKeys?: readonly string[];
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

/** The session tag that names a tenant role's tenant (shared/aws/tenant-credentials.ts TENANT_TAG). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM, not by JavaScript
export const TENANT_PRINCIPAL_TAG = '${aws:PrincipalTag/tenant}';

export const TABLE_ACCESS = {
  /**
   * The tenant role (tenant-role.ts), assumed per request and per job with the tenant's session tag:
   * everything a repository does, on the tenant's own partitions only. Every key and every GSI key
   * starts with `T#<tenant>#` except the tenant item `T#<tenant>` (shared/data/keys.ts).
   */
  tenant: { items: READ_WRITE, query: { table: true, indexes: ALL_INDEXES }, leadingKeys: [`T#${TENANT_PRINCIPAL_TAG}`, `T#${TENANT_PRINCIPAL_TAG}#*`] },
  /** The API functions' own role: the platform's tenant directory (GSI1 partition PLATFORM#TENANTS) and nothing else. */
  directory: { items: [], query: { table: false, indexes: [INDEX.gsi1.name] }, leadingKeys: [PLATFORM_TENANT_DIRECTORY] },
  /**
   * The dispatcher: the directory, then each tenant's plan run, day close, scheduling state and (before
   * 06:00 local) rules, and the venue imports it watches (BatchGet).
   */
  dispatcherRuns: { items: ['GetItem', 'BatchGetItem'], query: { table: false, indexes: [] }, leadingKeys: ['T#*#PLAN#*', 'T#*#REPORT#*', 'T#*#SCHEDULE', 'T#*#RULES', 'T#*#IMPORT#*'] },
  /** The dispatcher: each tenant's unfinished lab imports (GSI2 `T#t#TLABIMPS#OPEN`), to resume the stalled ones. */
  dispatcherLabImports: { items: [], query: { table: false, indexes: [INDEX.gsi2.name] }, leadingKeys: ['T#*#TLABIMPS#OPEN'] },
} as const satisfies Record<string, TableAccess>;

export const indexArn = (table: ITable, indexName: string) => `${table.tableArn}/index/${indexName}`;

/** The condition that holds a statement to its partition keys (ForAllValues: every key of a batch must match). */
const leadingKeysCondition = (access: TableAccess) =>
  access.leadingKeys ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...access.leadingKeys] } } } : {};

export function grantTableAccess(grantee: IGrantable, table: ITable, access: TableAccess, sid = 'Table'): void {
  if (access.items.length > 0) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: `${sid}Items`,
        actions: access.items.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        ...leadingKeysCondition(access),
      }),
    );
  }
  const queryResources = [
    ...(access.query.table ? [table.tableArn] : []),
    ...access.query.indexes.map((name) => indexArn(table, name)),
  ];
  if (queryResources.length > 0) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ sid: `${sid}Query`, actions: ['dynamodb:Query'], resources: queryResources, ...leadingKeysCondition(access) }),
    );
  }
}
