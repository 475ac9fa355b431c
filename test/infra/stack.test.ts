/**
 * The Gridwatch stack, resource by resource: what the app needs from AWS and what it must never get.
 * One synth for the whole file (no bundling, no DynamoDB).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput, INDEX, KEY, TABLE_NAME_DEFAULT, TTL_ATTRIBUTE } from '../../shared/data/table';
import { STREAM_ENVIRONMENT, STREAMED_PATHS } from '../../infra/constructs/api';
import { TENANT_PRINCIPAL_TAG } from '../../infra/constructs/table-access';
import { PLATFORM_TENANT_DIRECTORY } from '../../shared/data/keys';
import { SPA_REWRITE_CODE } from '../../infra/constructs/web';
import { actionsOf, dependencyCycle, type Json, resource, roleOfFunction, type Statement, statementsOfRole, synth } from './synth';

const { template, stack } = synth();

const API = 'ApiHandlerFunction';
const STREAM = 'ApiStreamHandlerFunction';
const DISPATCHER = 'SchedulesDispatcherFunction';
const WORKER = 'SchedulesWorkerFunction';

const tableId = resource(template, 'AWS::DynamoDB::Table', 'DataTable').id;
const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
const distributionId = resource(template, 'AWS::CloudFront::Distribution', 'WebDistribution').id;
const webOrigin = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] };

const tenantRole = resource(template, 'AWS::IAM::Role', 'TenantRole');
const tenantStatements = statementsOfRole(template, tenantRole.id);

const dynamoActions = (fn: string) =>
  actionsOf(statementsOfRole(template, roleOfFunction(template, fn))).filter((a) => a.startsWith('dynamodb:'));
const statementWith = (fn: string, action: string): Statement[] =>
  statementsOfRole(template, roleOfFunction(template, fn)).filter((s) => [s.Action].flat().includes(action));

describe('data: the one table', () => {
  const table = resource(template, 'AWS::DynamoDB::Table', 'DataTable');

  it('takes its name, keys, indexes and TTL attribute from shared/data/table.ts', () => {
    expect(table.props.TableName).toBe(TABLE_NAME_DEFAULT);
    expect(table.props.KeySchema).toEqual([
      { AttributeName: KEY.pk, KeyType: 'HASH' },
      { AttributeName: KEY.sk, KeyType: 'RANGE' },
    ]);
    expect(table.props.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.props.GlobalSecondaryIndexes.map((i: Json) => i.IndexName)).toEqual(Object.values(INDEX).map((i) => i.name));
    for (const index of Object.values(INDEX)) {
      const gsi = table.props.GlobalSecondaryIndexes.find((i: Json) => i.IndexName === index.name);
      expect(gsi.KeySchema).toEqual([
        { AttributeName: index.pk, KeyType: 'HASH' },
        { AttributeName: index.sk, KeyType: 'RANGE' },
      ]);
      expect(gsi.Projection).toEqual({ ProjectionType: 'ALL' });
    }
  });

  it('matches the table DynamoDB Local is created from (createTableInput)', () => {
    const local = createTableInput(TABLE_NAME_DEFAULT);
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) => String(a.AttributeName).localeCompare(String(b.AttributeName));
    expect([...table.props.AttributeDefinitions].sort(byName)).toEqual([...(local.AttributeDefinitions ?? [])].sort(byName));
    expect(table.props.KeySchema).toEqual(local.KeySchema);
    expect(table.props.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
  });

  it('is on demand, point-in-time recoverable, deletion protected, encrypted and retained', () => {
    expect(table.props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.props.PointInTimeRecoverySpecification).toMatchObject({ PointInTimeRecoveryEnabled: true });
    expect(table.props.DeletionProtectionEnabled).toBe(true);
    // SSEEnabled without a key: the AWS managed key aws/dynamodb.
    expect(table.props.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.raw.DeletionPolicy).toBe('Retain');
    expect(table.raw.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('functions', () => {
  it('are exactly the API (buffered and streaming), the dispatcher and the worker, each Node.js 22 on arm64 (ESM bundle)', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      ([id]) => !id.startsWith('CustomCDKBucketDeployment'),
    );
    expect(functions.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([API, STREAM, DISPATCHER, WORKER].sort());
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
  });

  it('each get their own code asset (CDK shares a bundle between assets with the same bundling options)', () => {
    const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
    const keys = functions.map(([, fn]) => JSON.stringify(fn.Properties.Code.S3Key));
    expect(new Set(keys).size).toBe(functions.length);
  });

  it('give the API every setting shared/config.ts requires', () => {
    const env = resource(template, 'AWS::Lambda::Function', API).props.Environment.Variables;
    expect(Object.keys(env).sort()).toEqual(
      [
        'GRIDWATCH_IMPORT_BUCKET',
        'GRIDWATCH_JOB_QUEUE_URL',
        'GRIDWATCH_JWT_AUDIENCE',
        'GRIDWATCH_JWT_ISSUER',
        'GRIDWATCH_LOG_LEVEL',
        'GRIDWATCH_PERSONAL_DATA_KEY',
        'GRIDWATCH_PHOTO_BUCKET',
        'GRIDWATCH_SIGN_IN',
        'GRIDWATCH_TABLE',
        'GRIDWATCH_TENANT_ROLE_ARN',
        'GRIDWATCH_USER_POOL_ID',
        'GRIDWATCH_VENUE_CODE_SECRET_ID',
        'GRIDWATCH_WEB_ORIGIN',
        'NODE_OPTIONS',
      ].sort(),
    );
    const pool = resource(template, 'AWS::Cognito::UserPool', 'AuthUserPool').id;
    const client = resource(template, 'AWS::Cognito::UserPoolClient', 'AuthUserPoolWebClient').id;
    expect(env.GRIDWATCH_JWT_ISSUER).toEqual({
      'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: pool }]],
    });
    expect(env.GRIDWATCH_JWT_AUDIENCE).toEqual({ Ref: client });
    expect(env.GRIDWATCH_SIGN_IN).toBe('cognito');
    expect(env.GRIDWATCH_USER_POOL_ID).toEqual({ Ref: pool });
    expect(env.GRIDWATCH_TABLE).toEqual({ Ref: tableId });
    expect(env.GRIDWATCH_WEB_ORIGIN).toEqual(webOrigin);
    // The secret's ARN: the app reads the keyring at run time; no secret value in the environment.
    const secret = resource(template, 'AWS::SecretsManager::Secret', 'ApiVenueCodeSecret').id;
    expect(env.GRIDWATCH_VENUE_CODE_SECRET_ID).toEqual({ Ref: secret });
    expect(JSON.stringify(env)).not.toContain('{{resolve:secretsmanager:');
    expect(statementWith(API, 'secretsmanager:GetSecretValue').map((st) => st.Resource)).toEqual([{ Ref: secret }]);
  });

  it('give the streaming function the API\'s environment, except what would need the distribution', () => {
    const api = resource(template, 'AWS::Lambda::Function', API).props.Environment.Variables;
    const stream = resource(template, 'AWS::Lambda::Function', STREAM).props.Environment.Variables;
    expect(Object.keys(stream).sort()).toEqual(Object.keys(api).sort());
    expect(stream).toEqual({ ...api, ...STREAM_ENVIRONMENT });
    // Neither stand-in can name something real: a reserved domain, and no valid S3 bucket name.
    expect(new URL(STREAM_ENVIRONMENT.GRIDWATCH_WEB_ORIGIN).hostname).toMatch(/\.invalid$/);
    expect(STREAM_ENVIRONMENT.GRIDWATCH_PHOTO_BUCKET).not.toMatch(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
    expect(STREAM_ENVIRONMENT.GRIDWATCH_IMPORT_BUCKET).not.toMatch(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
  });

  it('give the scheduler functions the table and the job queue', () => {
    const queue = { Ref: resource(template, 'AWS::SQS::Queue', 'SchedulesJobQueue').id };
    expect(resource(template, 'AWS::Lambda::Function', DISPATCHER).props.Environment.Variables).toMatchObject({
      GRIDWATCH_TABLE: { Ref: tableId },
      GRIDWATCH_JOB_QUEUE_URL: queue,
    });
    const importBucket = { Ref: resource(template, 'AWS::S3::Bucket', 'ImportFilesBucket').id };
    expect(resource(template, 'AWS::Lambda::Function', WORKER).props.Environment.Variables).toMatchObject({ GRIDWATCH_TABLE: { Ref: tableId }, GRIDWATCH_IMPORT_BUCKET: importBucket });
  });

  it('keep venue-import files private and short-lived; the API may presign uploads, the worker read and delete', () => {
    const bucket = resource(template, 'AWS::S3::Bucket', 'ImportFilesBucket');
    expect(bucket.props.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.props.VersioningConfiguration).toBeUndefined();
    expect(bucket.props.LifecycleConfiguration.Rules).toEqual(expect.arrayContaining([expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' })]));
    expect(bucket.props.CorsConfiguration.CorsRules).toEqual([expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: [webOrigin] })]);
    // No function's own role has any object access: the tenant role's sessions do (tenant-role.ts).
    for (const fn of [API, STREAM, DISPATCHER, WORKER]) expect(actionsOf(statementsOfRole(template, roleOfFunction(template, fn))).filter((x) => x.startsWith('s3:'))).toEqual([]);
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket.id, 'Arn'] }, `/${TENANT_PRINCIPAL_TAG}/*`]] };
    expect(tenantStatements.filter((st) => JSON.stringify(st.Resource) === JSON.stringify(objects)).flatMap((st) => [st.Action].flat()).sort()).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:PutObject',
    ]);
  });
});

describe('IAM: least privilege', () => {
  const everyStatement = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p: Json) => p.Properties.PolicyDocument.Statement as Statement[],
  );

  it('never grants Scan, dynamodb:* or * to anyone', () => {
    const actions = actionsOf(everyStatement);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:*');
    expect(actions).not.toContain('*');
    expect(actions.filter((a) => a.startsWith('dynamodb:') && a.includes('*'))).toEqual([]);
  });

  const LEADING = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`T#${TENANT_PRINCIPAL_TAG}`, `T#${TENANT_PRINCIPAL_TAG}#*`] } };
  const DIRECTORY = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [PLATFORM_TENANT_DIRECTORY] } };
  const conditionOf = (st: Statement) => (st as Statement & { Condition?: Json }).Condition;

  it('gives the tenant role every item action its repositories use (transactions included), on its own partition keys only', () => {
    // TransactWriteItems / TransactGetItems are authorised by Put/Update/Delete/ConditionCheck/GetItem.
    const dynamo = tenantStatements.filter((st) => [st.Action].flat().some((x) => x.startsWith('dynamodb:')));
    expect(actionsOf(dynamo)).toEqual(
      ['BatchGetItem', 'BatchWriteItem', 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'].map((x) => `dynamodb:${x}`).sort(),
    );
    for (const st of dynamo) expect(conditionOf(st)).toEqual(LEADING);
    const query = dynamo.find((st) => [st.Action].flat().includes('dynamodb:Query'))!;
    expect(query.Resource).toEqual([tableArn, ...Object.values(INDEX).map((i) => indexArn(i.name))]);
  });

  it('lets the API functions and the worker assume it with exactly one session tag, tenant', () => {
    const trust = tenantRole.props.AssumeRolePolicyDocument.Statement;
    expect(trust).toHaveLength(1);
    expect([trust[0].Action].flat().sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
    expect(trust[0].Principal.AWS.map((p: Json) => p['Fn::GetAtt'][0]).sort()).toEqual([API, STREAM, WORKER].map((fn) => roleOfFunction(template, fn)).sort());
    expect(trust[0].Condition).toEqual({ StringLike: { 'aws:RequestTag/tenant': '?*' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenant'] } });
    for (const fn of [API, STREAM, WORKER]) {
      const [assume] = statementWith(fn, 'sts:AssumeRole');
      expect(assume.Resource).toEqual({ 'Fn::GetAtt': [tenantRole.id, 'Arn'] });
      expect(conditionOf(assume)).toEqual(trust[0].Condition);
      expect(resource(template, 'AWS::Lambda::Function', fn).props.Environment.Variables.GRIDWATCH_TENANT_ROLE_ARN).toEqual({ 'Fn::GetAtt': [tenantRole.id, 'Arn'] });
    }
    expect(statementWith(DISPATCHER, 'sts:AssumeRole')).toEqual([]);
  });

  it('leaves the API functions only the tenant directory of their own (Query on gsi1, partition PLATFORM#TENANTS)', () => {
    for (const fn of [API, STREAM]) {
      expect(dynamoActions(fn)).toEqual(['dynamodb:Query']);
      const [query] = statementWith(fn, 'dynamodb:Query');
      expect(query.Resource).toEqual(indexArn(INDEX.gsi1.name));
      expect(conditionOf(query)).toEqual(DIRECTORY);
    }
  });

  it('gives the dispatcher the directory, the items per tenant it reads and the unfinished lab imports, nothing else; the worker no table access of its own', () => {
    expect(dynamoActions(DISPATCHER)).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Query']);
    const [query, labImports] = statementWith(DISPATCHER, 'dynamodb:Query');
    expect([query.Resource, conditionOf(query)]).toEqual([indexArn(INDEX.gsi1.name), DIRECTORY]);
    expect([labImports.Resource, conditionOf(labImports)]).toEqual([indexArn(INDEX.gsi2.name), { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#TLABIMPS#OPEN'] } }]);
    const [items] = statementWith(DISPATCHER, 'dynamodb:BatchGetItem');
    expect(conditionOf(items)).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#*#PLAN#*', 'T#*#REPORT#*', 'T#*#SCHEDULE', 'T#*#RULES', 'T#*#IMPORT#*'] } });
    expect(dynamoActions(WORKER)).toEqual([]);
  });

  it("lets the API make and unwrap personal-data keys only with a tenant as encryption context, on the key kept when the stack goes", () => {
    const [statement] = statementWith(API, 'kms:Decrypt');
    expect([statement.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect((statement as Statement & { Condition?: unknown }).Condition).toEqual({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant'] }, Null: { 'kms:EncryptionContext:tenant': 'false' } });
    const key = Object.values(template.findResources('AWS::KMS::Key')).filter((k) => String(k.Properties.Description).includes('GRIDWATCH_PERSONAL_DATA_KEY'));
    expect(key).toHaveLength(1);
    expect(key[0]).toMatchObject({ DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
  });

  it('gives each function nothing beyond its own needs', () => {
    const nonTable = (fn: string) =>
      actionsOf(statementsOfRole(template, roleOfFunction(template, fn))).filter((a) => !a.startsWith('dynamodb:'));
    expect(nonTable(API)).toEqual(
      [
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDeleteUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
        'cognito-idp:AdminInitiateAuth',
        'cognito-idp:AdminRespondToAuthChallenge',
        'cognito-idp:AdminSetUserPassword',
        'cognito-idp:AdminUpdateUserAttributes',
        // Tenants' personal-data keys, with a tenant as encryption context only (docs/privacy.md).
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        // The venue-code keyring, read at run time.
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'sqs:SendMessage',
        // Tenant sessions (the tenant role).
        'sts:AssumeRole',
        'sts:TagSession',
      ].sort(),
    );
    expect(nonTable(STREAM)).toEqual(nonTable(API));
    expect(nonTable(DISPATCHER)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage']);
    expect(nonTable(WORKER)).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        // Resident imports seal people's fields: tenants' personal-data keys, a tenant as context only.
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'sts:AssumeRole',
        'sts:TagSession',
      ].sort(),
    );
  });

  it('uses no AWS managed policies on the application roles', () => {
    for (const fn of [API, STREAM, DISPATCHER, WORKER]) {
      const role = resource(template, 'AWS::IAM::Role', roleOfFunction(template, fn));
      expect(role.props.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('api: HTTP API', () => {
  it('has a $default stage with throttling and JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });

  it('sends every route to the API function (payload 2.0), with no authorizer: the app verifies the JWT', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default', AuthorizationType: 'NONE' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });

  it('leaves CORS to the app, which allows only the web origin', () => {
    // API Gateway CORS would override the app's headers (and could not name the CloudFront
    // domain without a dependency cycle): the app's hono/cors reads GRIDWATCH_WEB_ORIGIN.
    const api = resource(template, 'AWS::ApiGatewayV2::Api', 'ApiHttpApi');
    expect(api.props.ProtocolType).toBe('HTTP');
    expect(api.props.CorsConfiguration).toBeUndefined();
    expect(resource(template, 'AWS::Lambda::Function', API).props.Environment.Variables.GRIDWATCH_WEB_ORIGIN).toEqual(webOrigin);
  });
});

describe('schedules', () => {
  const queue = resource(template, 'AWS::SQS::Queue', 'SchedulesJobQueue');
  const dlq = resource(template, 'AWS::SQS::Queue', 'SchedulesDeadLetterQueue');

  it('redrives a job to the dead-letter queue after 5 receives', () => {
    expect(queue.props.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlq.id, 'Arn'] }, maxReceiveCount: 5 });
    expect(dlq.props.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('hides a message longer than the worker may run', () => {
    const worker = resource(template, 'AWS::Lambda::Function', WORKER).props;
    expect(worker.Timeout).toBe(900);
    expect(queue.props.VisibilityTimeout).toBeGreaterThan(worker.Timeout);
  });

  it('encrypts both queues and refuses requests without TLS', () => {
    for (const q of [queue, dlq]) {
      expect(q.props.SqsManagedSseEnabled).toBe(true);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: q.id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('feeds the worker one job at a time, with partial batch responses and the concurrency the day-start wave needs', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queue.id, 'Arn'] },
      FunctionName: { Ref: resource(template, 'AWS::Lambda::Function', WORKER).id },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // 2,500 same-time-zone tenants planned and swept within 5 minutes (bench/midnight.bench.ts, docs/scheduling.md).
      ScalingConfig: { MaximumConcurrency: 200 },
    });
  });

  it('runs the dispatcher every 15 minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [resource(template, 'AWS::Lambda::Function', DISPATCHER).id, 'Arn'] } })],
    });
  });

  it('raises an alarm when a job reaches the dead-letter queue, and notifies the alert topic', () => {
    const topic = resource(template, 'AWS::SNS::Topic', 'AlertsTopic').id;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq.id, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: topic }],
      OKActions: [{ Ref: topic }],
    });
  });
});

describe('alerts: the SNS topic', () => {
  const topic = resource(template, 'AWS::SNS::Topic', 'AlertsTopic');
  const key = resource(template, 'AWS::KMS::Key', 'AlertsKey');
  const fromOurAlarms = {
    StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    ArnLike: {
      'aws:SourceArn': {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']],
      },
    },
  };

  it('is encrypted with a customer managed key (rotated) that CloudWatch may use for this account\'s alarms', () => {
    // Not aws/sns: CloudWatch cannot publish to a topic under the AWS managed key.
    expect(topic.props.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [key.id, 'Arn'] });
    expect(key.props.EnableKeyRotation).toBe(true);
    expect(key.props.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: fromOurAlarms,
      }),
    );
  });

  it('accepts publishing over TLS only, from CloudWatch alarms of this account', () => {
    const policy = resource(template, 'AWS::SNS::TopicPolicy', 'AlertsTopicPolicy').props;
    expect(policy.Topics).toEqual([{ Ref: topic.id }]);
    expect(policy.PolicyDocument.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: fromOurAlarms }),
      ]),
    );
    expect(policy.PolicyDocument.Statement.filter((s: Json) => s.Effect === 'Allow')).toHaveLength(1);
  });

  it('is an output, to subscribe on-call to', () => {
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topic.id } });
  });
});

describe('web: CloudFront and the private site bucket', () => {
  const distribution = resource(template, 'AWS::CloudFront::Distribution', 'WebDistribution').props.DistributionConfig;
  const webBucket = resource(template, 'AWS::S3::Bucket', 'WebBucket');

  it('reads the bucket through origin access control only', () => {
    const s3Origin = distribution.Origins.find((o: Json) => o.S3OriginConfig);
    expect(s3Origin.DomainName).toEqual({ 'Fn::GetAtt': [webBucket.id, 'RegionalDomainName'] });
    expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    const oac = resource(template, 'AWS::CloudFront::OriginAccessControl', 'WebDistributionOrigin1S3OriginAccessControl');
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oac.id, 'Id'] });
    expect(oac.props.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: webBucket.id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('keeps the site bucket private, encrypted and TLS-only', () => {
    expect(webBucket.props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(webBucket.props.BucketEncryption).toBeDefined();
    expect(webBucket.props.WebsiteConfiguration).toBeUndefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: webBucket.id },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('serves index.html at the root, HTTPS only, with security headers', () => {
    expect(distribution.DefaultRootObject).toBe('index.html');
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(distribution.Logging).toMatchObject({ Prefix: 'cloudfront/' });
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 730 * 24 * 3600, IncludeSubdomains: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: Match.objectLike({ ReferrerPolicy: 'strict-origin-when-cross-origin' }),
        }),
      },
    });
  });

  it('falls back to index.html for app routes, but never for the API', () => {
    // No distribution-wide 403/404 → index.html: that would turn the API's own 404s into a 200 page.
    expect(distribution.CustomErrorResponses).toBeUndefined();
    expect(distribution.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [resource(template, 'AWS::CloudFront::Function', 'WebSpaRewrite').id, 'FunctionARN'] } },
    ]);
    const rewrite = (uri: string) => new Function(`${SPA_REWRITE_CODE}; return handler;`)()({ request: { uri } }).uri;
    expect(rewrite('/')).toBe('/index.html');
    expect(rewrite('/venues/01J0ABCDEF')).toBe('/index.html');
    expect(rewrite('/index.html')).toBe('/index.html');
    expect(rewrite('/assets/index-B0AkNN-C.css')).toBe('/assets/index-B0AkNN-C.css');
    expect(rewrite('/sw.js')).toBe('/sw.js');
    expect(rewrite('/manifest.webmanifest')).toBe('/manifest.webmanifest');
  });

  it('routes /api/* to the HTTP API uncached, forwarding every header but Host', () => {
    const api = distribution.CacheBehaviors.find((b: Json) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
      ViewerProtocolPolicy: 'https-only',
    });
    const origin = distribution.Origins.find((o: Json) => o.Id === api.TargetOriginId);
    const httpApi = resource(template, 'AWS::ApiGatewayV2::Api', 'ApiHttpApi').id;
    expect(origin.DomainName).toEqual({
      'Fn::Join': ['', [{ Ref: httpApi }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    });
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });
});

describe('files function (exports, venue-code images): function URL behind CloudFront', () => {
  const distribution = resource(template, 'AWS::CloudFront::Distribution', 'WebDistribution').props.DistributionConfig;
  const fn = resource(template, 'AWS::Lambda::Function', STREAM);
  const url = resource(template, 'AWS::Lambda::Url', STREAM);
  const behaviours = distribution.CacheBehaviors as Json[];
  const streamed = behaviours.filter((b) => (STREAMED_PATHS as readonly string[]).includes(b.PathPattern));
  /** CloudFront path pattern semantics: `*` is any characters (`/` included), `?` one. */
  const matches = (pattern: string, path: string) =>
    new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`).test(path);
  const behaviourFor = (path: string) => behaviours.find((b) => matches(b.PathPattern, path))?.PathPattern ?? 'default';

  it('is the streaming entry on Node.js 22, arm64, with a bounded timeout', () => {
    expect(fn.props).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', Timeout: 300, MemorySize: 1024 });
    expect(fn.props.Description).toMatch(/streaming/);
  });

  it('has a function URL that streams and requires IAM (only CloudFront may call it)', () => {
    expect(url.props).toEqual({ AuthType: 'AWS_IAM', InvokeMode: 'RESPONSE_STREAM', TargetFunctionArn: { 'Fn::GetAtt': [fn.id, 'Arn'] } });
    template.resourceCountIs('AWS::Lambda::Url', 1);
    expect(url.props.Cors).toBeUndefined();
  });

  it('sends the file patterns to the URL through an origin access control for Lambda (SigV4, always)', () => {
    expect(streamed.map((b) => b.PathPattern)).toEqual([...STREAMED_PATHS]);
    const [originId] = new Set(streamed.map((b) => b.TargetOriginId));
    expect(new Set(streamed.map((b) => b.TargetOriginId)).size).toBe(1);
    const origin = distribution.Origins.find((o: Json) => o.Id === originId);
    expect(origin.DomainName).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [url.id, 'FunctionUrl'] }] }] });
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    const oacId = origin.OriginAccessControlId['Fn::GetAtt'][0];
    expect(resource(template, 'AWS::CloudFront::OriginAccessControl', oacId).props.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 'lambda',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
  });

  it('lets only this distribution invoke the URL (both permissions a function URL needs)', () => {
    const sourceArn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }]],
    };
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'))
      .map((p: Json) => p.Properties)
      .filter((p: Json) => JSON.stringify(p.FunctionName).includes(url.id) || JSON.stringify(p.FunctionName).includes(fn.id));
    expect(permissions).toEqual(
      expect.arrayContaining([
        { Action: 'lambda:InvokeFunctionUrl', Principal: 'cloudfront.amazonaws.com', SourceArn: sourceArn, FunctionName: expect.anything() },
        { Action: 'lambda:InvokeFunction', InvokedViaFunctionUrl: true, Principal: 'cloudfront.amazonaws.com', SourceArn: sourceArn, FunctionName: expect.anything() },
      ]),
    );
    expect(permissions).toHaveLength(2);
  });

  it('does not cache, forwards every viewer header and query string but Host, GET/HEAD only, and keeps the viewer token', () => {
    const viewerAuthorization = resource(template, 'AWS::CloudFront::Function', 'WebViewerAuthorization').id;
    for (const b of streamed) {
      expect(b).toMatchObject({
        AllowedMethods: ['GET', 'HEAD'],
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
        ViewerProtocolPolicy: 'https-only',
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [viewerAuthorization, 'FunctionARN'] } }],
      });
    }
  });

  it('catches exactly the file routes, ahead of /api/* (CloudFront takes the first match)', () => {
    const api = behaviours.findIndex((b) => b.PathPattern === '/api/*');
    for (const b of streamed) expect(behaviours.indexOf(b)).toBeLessThan(api);
    for (const path of [
      '/api/problems/export.csv',
      '/api/problems/export.xlsx',
      '/api/venues/01J0VENUE/history.csv',
      '/api/venues/01J0VENUE/history.xlsx',
      '/api/venues/01J0VENUE/code.png',
      '/api/venues/01J0VENUE/code.svg',
      '/api/venues/01J0VENUE/code.html',
      '/api/grids/north/codes.html',
      '/api/residents/exports/persons.csv',
      '/api/residents/exports/audit.csv',
      '/api/self-registration/codes/01J0CODE/poster.html',
      '/api/pushed-lists/01J0LIST/export.csv',
    ]) {
      expect(STREAMED_PATHS, path).toContain(behaviourFor(path));
    }
    for (const path of [
      '/api/problems',
      '/api/problems/01J0PROBLEM',
      '/api/problems/01J0PROBLEM/notice.html',
      '/api/venues/01J0VENUE',
      '/api/venues/01J0VENUE/code',
      '/api/venues/01J0VENUE/code/rotate',
      '/api/venues/01J0VENUE/events',
      '/api/grids/north',
      '/api/grids/north/move',
      '/api/photos',
      '/api/pushed-lists/01J0LIST',
      '/api/pushed-lists/01J0LIST/export-tickets',
    ]) {
      expect(behaviourFor(path), path).toBe('/api/*');
    }
  });
});

describe('the template as a whole', () => {
  it('has no dependency cycle (CloudFormation would refuse it; cdk synth does not check)', () => {
    expect(dependencyCycle(template.toJSON())).toBeUndefined();
    // The check itself: the cycle the streaming function would close if it took the web origin.
    const looped = structuredClone(template.toJSON());
    looped.Resources[resource(template, 'AWS::Lambda::Function', STREAM).id].Properties.Environment.Variables.GRIDWATCH_WEB_ORIGIN = webOrigin;
    expect(dependencyCycle(looped)).toEqual(expect.arrayContaining([distributionId, resource(template, 'AWS::Lambda::Url', STREAM).id]));
  });
});

describe('web content: the site files', () => {
  it('deploys a placeholder page (and warns) when web/dist is not given', () => {
    const deployments = Object.entries(template.findResources('Custom::CDKBucketDeployment'));
    expect(deployments.map(([id]) => id)).toEqual([expect.stringMatching(/^WebContentShell/)]);
    const [, shell] = deployments[0];
    expect(shell.Properties).toMatchObject({
      Prune: true,
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/*'],
    });
    const warnings = stack.node.findChild('WebContent').node.metadata.filter((m) => m.type === 'aws:cdk:warning');
    expect(warnings.map((m) => String(m.data))).toEqual([expect.stringContaining('web/dist was not found')]);
  });

  describe('with a web build', () => {
    let dist: string;
    beforeAll(() => {
      dist = mkdtempSync(join(tmpdir(), 'gridwatch-web-'));
      mkdirSync(join(dist, 'assets'));
      writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc.js"></script>');
      writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
      writeFileSync(join(dist, 'sw.js'), '');
    });
    afterAll(() => rmSync(dist, { recursive: true, force: true }));

    it('uploads hashed assets first (immutable, never pruned), then the shell (no-cache, pruned, invalidated)', () => {
      const built = synth({ webDist: dist }).template;
      const [[assetsId, assets]] = Object.entries(built.findResources('Custom::CDKBucketDeployment', { Properties: { Include: ['assets/*'] } }));
      expect(assets.Properties).toMatchObject({
        Exclude: ['*'],
        Prune: false,
        SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      });
      expect(assets.Properties.DistributionId).toBeUndefined();
      const [[, shell]] = Object.entries(built.findResources('Custom::CDKBucketDeployment', { Properties: { Exclude: ['assets/*'] } }));
      expect(shell.Properties).toMatchObject({ Prune: true, SystemMetadata: { 'cache-control': 'no-cache' }, DistributionPaths: ['/*'] });
      expect(shell.DependsOn).toContain(assetsId);
    });
  });
});

describe('photos', () => {
  const bucket = resource(template, 'AWS::S3::Bucket', 'PhotosBucket');

  it('is private, encrypted, versioned, logged and TLS-only', () => {
    expect(bucket.props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    expect(bucket.props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.props.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'photos-bucket/' });
    expect(bucket.raw.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket.id },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('lets only the web origin upload and download through presigned URLs', () => {
    expect(bucket.props.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedOrigins: [webOrigin], AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedHeaders: ['content-type'] }),
    ]);
  });
});

describe('auth: Cognito', () => {
  const pool = resource(template, 'AWS::Cognito::UserPool', 'AuthUserPool');
  const client = resource(template, 'AWS::Cognito::UserPoolClient', 'AuthUserPoolWebClient');

  it('has the custom attributes the API reads from ID tokens, as mutable strings', () => {
    for (const name of ['tenant', 'roles', 'grids', 'kinds']) {
      expect(pool.props.Schema).toContainEqual(expect.objectContaining({ Name: name, AttributeDataType: 'String', Mutable: true }));
    }
  });

  it('has no self sign-up, a strong password policy, threat protection and deletion protection', () => {
    expect(pool.props.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(pool.props.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool.props.UserPoolTier).toBe('PLUS');
    expect(pool.props.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(pool.props.DeletionProtection).toBe('ACTIVE');
    expect(pool.raw.DeletionPolicy).toBe('Retain');
  });

  it('gives the web app a client without a secret or OAuth flows (sign-in through the API, or SRP)', () => {
    expect(client.props.GenerateSecret).toBe(false);
    expect(client.props.ExplicitAuthFlows).toEqual(['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    expect(client.props.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client.props.PreventUserExistenceErrors).toBe('ENABLED');
  });

  it('lets the client read the custom attributes but never write them', () => {
    expect(client.props.ReadAttributes).toEqual(expect.arrayContaining(['custom:tenant', 'custom:roles', 'custom:grids', 'custom:kinds']));
    expect(client.props.WriteAttributes.length).toBeGreaterThan(0);
    expect(client.props.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
  });
});
