/**
 * Tenant isolation enforced by AWS (docs/infra.md "Tenant isolation"): the synthesized policies,
 * evaluated by an IAM policy simulator (@cloud-copilot/iam-simulate) for real keys from
 * shared/data/keys.ts. A session of the tenant role tagged with tenant A may read and write A's
 * items and objects and nothing of tenant B's — not by a prefix trick, not in a batch that mixes
 * them, not on an index; the functions' own roles reach only the tenant directory.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { tenantKeys } from '../../shared/data/keys';
import { INDEX, TABLE_NAME_DEFAULT } from '../../shared/data/table';
import { type Json, resource, roleOfFunction, statementsOfRole, synth } from './synth';

const { template } = synth();
const ACCOUNT = '123456789012';
const REGION = 'cn-north-1';
const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE_NAME_DEFAULT}`;
const bucketName = (prefix: string) => resource(template, 'AWS::S3::Bucket', prefix).id.toLowerCase();
const PHOTOS = bucketName('PhotosBucket');
const IMPORTS = bucketName('ImportFilesBucket');

/** CloudFormation intrinsics of the policies, resolved to concrete ARNs for the simulator. */
function resolve(value: Json): Json {
  if (Array.isArray(value)) return value.map(resolve);
  if (!value || typeof value !== 'object') return value;
  if ('Fn::Join' in value) return (value['Fn::Join'][1] as Json[]).map(resolve).join(value['Fn::Join'][0]);
  if ('Fn::GetAtt' in value) {
    const [id] = value['Fn::GetAtt'];
    const type = template.toJSON().Resources[id].Type;
    if (type === 'AWS::DynamoDB::Table') return TABLE;
    if (type === 'AWS::S3::Bucket') return `arn:aws:s3:::${id.toLowerCase()}`;
    if (type === 'AWS::IAM::Role') return `arn:aws:iam::${ACCOUNT}:role/${id}`;
    // Queues, log groups, keys, the user pool: none of them is a table or bucket.
    return `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/other/${id}`;
  }
  if ('Ref' in value) return { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' }[value.Ref as string] ?? value.Ref;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
}

const policyOf = (roleId: string) => ({ Version: '2012-10-17', Statement: resolve(statementsOfRole(template, roleId)) });
const tenantRoleId = resource(template, 'AWS::IAM::Role', 'TenantRole').id;

type Request = { action: string; resource: string; leadingKeys?: string[] };
async function decide(roleId: string, request: Request, tenant?: string): Promise<string> {
  const contextVariables: Record<string, string | string[]> = {};
  if (tenant) contextVariables['aws:PrincipalTag/tenant'] = tenant;
  if (request.leadingKeys) contextVariables['dynamodb:LeadingKeys'] = request.leadingKeys;
  const result = await runSimulation(
    {
      identityPolicies: [{ name: roleId, policy: policyOf(roleId) }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: { action: request.action, principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleId}/session`, resource: { accountId: ACCOUNT, resource: request.resource }, contextVariables },
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

const A = tenantKeys('town-a');
const B = tenantKeys('town-b');
/** Partition keys a request of each kind names: the tenant item, table items, GSI partitions. */
const itemKeys = (k: typeof A) => [k.tenant().pk, k.grid('g1').pk, k.user('zhang').pk, k.planRun('2026-11-25').pk, k.schedule().pk, k.dataKey().pk];
const indexKeys = (k: typeof A) => [k.gridTree().pk, k.users().pk, k.topGrids().pk];
const ITEM_ACTIONS = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem', 'BatchGetItem', 'BatchWriteItem'].map((a) => `dynamodb:${a}`);
const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject'];

describe('a session of the tenant role tagged town-a', () => {
  const asA = (request: Request) => decide(tenantRoleId, request, 'town-a');

  it("may read and write town-a's items, query its partitions and index partitions", async () => {
    for (const action of ITEM_ACTIONS) for (const pk of itemKeys(A)) expect([action, pk, await asA({ action, resource: TABLE, leadingKeys: [pk] })]).toEqual([action, pk, 'Allowed']);
    for (const pk of itemKeys(A)) expect(await asA({ action: 'dynamodb:Query', resource: TABLE, leadingKeys: [pk] })).toBe('Allowed');
    for (const pk of indexKeys(A)) expect(await asA({ action: 'dynamodb:Query', resource: `${TABLE}/index/${INDEX.gsi1.name}`, leadingKeys: [pk] })).toBe('Allowed');
    expect(await asA({ action: 'dynamodb:BatchGetItem', resource: TABLE, leadingKeys: itemKeys(A) })).toBe('Allowed');
  });

  it("may not read or write any of town-b's items, nor query its partitions or index partitions", async () => {
    for (const action of [...ITEM_ACTIONS, 'dynamodb:Query']) for (const pk of itemKeys(B)) expect([action, pk, await asA({ action, resource: TABLE, leadingKeys: [pk] })]).toEqual([action, pk, 'ImplicitlyDenied']);
    for (const pk of indexKeys(B)) expect(await asA({ action: 'dynamodb:Query', resource: `${TABLE}/index/${INDEX.gsi1.name}`, leadingKeys: [pk] })).toBe('ImplicitlyDenied');
  });

  it('may not reach another tenant by a prefix, a batch that mixes tenants, the directory, or a Scan', async () => {
    const longer = tenantKeys('town-ab');
    expect(await asA({ action: 'dynamodb:GetItem', resource: TABLE, leadingKeys: [longer.tenant().pk] })).toBe('ImplicitlyDenied');
    expect(await asA({ action: 'dynamodb:GetItem', resource: TABLE, leadingKeys: [longer.grid('g1').pk] })).toBe('ImplicitlyDenied');
    expect(await asA({ action: 'dynamodb:BatchGetItem', resource: TABLE, leadingKeys: [A.grid('g1').pk, B.grid('g1').pk] })).toBe('ImplicitlyDenied');
    expect(await asA({ action: 'dynamodb:BatchWriteItem', resource: TABLE, leadingKeys: [A.grid('g1').pk, B.grid('g1').pk] })).toBe('ImplicitlyDenied');
    expect(await asA({ action: 'dynamodb:Query', resource: `${TABLE}/index/${INDEX.gsi1.name}`, leadingKeys: ['PLATFORM#TENANTS'] })).toBe('ImplicitlyDenied');
    expect(await asA({ action: 'dynamodb:Scan', resource: TABLE })).toBe('ImplicitlyDenied');
  });

  it("may read and write town-a's photos and import files, and none of town-b's", async () => {
    for (const bucket of [PHOTOS, IMPORTS]) {
      for (const action of OBJECT_ACTIONS) {
        expect(await asA({ action, resource: `arn:aws:s3:::${bucket}/town-a/01JD0000000000000000000000` })).toBe('Allowed');
        expect(await asA({ action, resource: `arn:aws:s3:::${bucket}/town-b/01JD0000000000000000000000` })).toBe('ImplicitlyDenied');
        expect(await asA({ action, resource: `arn:aws:s3:::${bucket}/town-ab/01JD0000000000000000000000` })).toBe('ImplicitlyDenied');
      }
    }
    expect(await asA({ action: 's3:DeleteObject', resource: `arn:aws:s3:::${IMPORTS}/town-a/01JD.csv` })).toBe('Allowed');
    expect(await asA({ action: 's3:DeleteObject', resource: `arn:aws:s3:::${IMPORTS}/town-b/01JD.csv` })).toBe('ImplicitlyDenied');
  });

  it('without a tenant tag reaches nothing', async () => {
    expect(await decide(tenantRoleId, { action: 'dynamodb:GetItem', resource: TABLE, leadingKeys: [A.grid('g1').pk] })).not.toBe('Allowed');
  });
});

describe("the functions' own roles", () => {
  const api = roleOfFunction(template, 'ApiHandlerFunction');
  const dispatcher = roleOfFunction(template, 'SchedulesDispatcherFunction');
  const worker = roleOfFunction(template, 'SchedulesWorkerFunction');

  it('the API reads the tenant directory and no tenant item or object', async () => {
    expect(await decide(api, { action: 'dynamodb:Query', resource: `${TABLE}/index/${INDEX.gsi1.name}`, leadingKeys: ['PLATFORM#TENANTS'] })).toBe('Allowed');
    expect(await decide(api, { action: 'dynamodb:Query', resource: `${TABLE}/index/${INDEX.gsi1.name}`, leadingKeys: [A.gridTree().pk] })).toBe('ImplicitlyDenied');
    for (const action of ITEM_ACTIONS) expect(await decide(api, { action, resource: TABLE, leadingKeys: [A.grid('g1').pk] })).toBe('ImplicitlyDenied');
    expect(await decide(api, { action: 's3:GetObject', resource: `arn:aws:s3:::${PHOTOS}/town-a/p` })).toBe('ImplicitlyDenied');
  });

  it("the dispatcher reads each tenant's plan run, day close, scheduling state, rules, watched venue imports and unfinished lab imports, and nothing else", async () => {
    for (const pk of [A.planRun('2026-11-25').pk, A.reportClose('2026-11-24').pk, A.schedule().pk, A.monitoringSchedule().pk, A.rules().pk, A.venueImport('01JD0000000000000000000000').pk]) {
      expect(await decide(dispatcher, { action: 'dynamodb:BatchGetItem', resource: TABLE, leadingKeys: [pk] })).toBe('Allowed');
    }
    const open = A.labImportsOpen();
    expect(await decide(dispatcher, { action: 'dynamodb:Query', resource: `${TABLE}/index/${open.index}`, leadingKeys: [open.pk] })).toBe('Allowed');
    expect(await decide(dispatcher, { action: 'dynamodb:Query', resource: `${TABLE}/index/${open.index}`, leadingKeys: [A.gridTree().pk] })).toBe('ImplicitlyDenied');
    expect(await decide(dispatcher, { action: 'dynamodb:Query', resource: `${TABLE}/index/${INDEX.gsi1.name}`, leadingKeys: [open.pk] })).toBe('ImplicitlyDenied');
    expect(await decide(dispatcher, { action: 'dynamodb:GetItem', resource: TABLE, leadingKeys: [A.labImport('01JD0000000000000000000000').pk] })).toBe('ImplicitlyDenied');
    for (const pk of [A.grid('g1').pk, A.user('zhang').pk, A.tenant().pk, A.dataKey().pk]) {
      expect(await decide(dispatcher, { action: 'dynamodb:GetItem', resource: TABLE, leadingKeys: [pk] })).toBe('ImplicitlyDenied');
    }
    expect(await decide(dispatcher, { action: 'dynamodb:PutItem', resource: TABLE, leadingKeys: [A.planRun('2026-11-25').pk] })).toBe('ImplicitlyDenied');
  });

  it('the worker has no table or bucket access of its own', async () => {
    expect(await decide(worker, { action: 'dynamodb:GetItem', resource: TABLE, leadingKeys: [A.grid('g1').pk] })).toBe('ImplicitlyDenied');
    expect(await decide(worker, { action: 's3:GetObject', resource: `arn:aws:s3:::${IMPORTS}/town-a/x.csv` })).toBe('ImplicitlyDenied');
  });
});
