/**
 * Gridwatch in one stack, one construct per concern. One stack keeps the wiring free of
 * cross-stack exports (which CloudFormation refuses to change while they are imported) and lets
 * CloudFront, the API and the photo bucket refer to each other without cycles:
 *
 *   Data (table) ─┬──────────────► Schedules (queue, DLQ, dispatcher, worker)
 *   Auth (Cognito)│                        │ job queue
 *   AccessLogs ───┼─► Web (bucket + CloudFront) ─► origin ─► Photos, ImportFiles (CORS) ─► Api (function + HTTP API)
 *                 │                        ▲                                        │
 *                 │                        └──────────── /api/* behaviour ◄─────────┘
 *                 └─► WebContent (site files + config.json, after everything else)
 *
 * The file paths (the ledger and venue-history CSV/xlsx, the venue-code images: STREAMED_PATHS) go
 * from CloudFront to a second function of the API, the streaming files function (a function URL
 * behind origin access control), instead of the HTTP API. TenantRole: the API functions and the
 * worker make every tenant's DynamoDB and S3 calls as it (one tenant per session). Alerts: an SNS topic notified by the
 * dead-letter alarm.
 */
import { Annotations, CfnOutput, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AccessLogs } from './constructs/access-logs';
import { Alerts } from './constructs/alerts';
import { Api, type ApiThrottle, STREAMED_PATHS, UPLOAD_ACTIONS } from './constructs/api';
import { Auth } from './constructs/auth';
import { Data } from './constructs/data';
import { ImportFiles } from './constructs/import-files';
import { Monitoring } from './constructs/monitoring';
import { Photos } from './constructs/photos';
import { Schedules } from './constructs/schedules';
import { TenantRole } from './constructs/tenant-role';
import { Web, WebContent } from './constructs/web';
import { type DeploymentSettings, deploymentSettings } from './settings';

export interface GridwatchStackProps extends StackProps {
  /** The web build (web/dist); undefined deploys a placeholder page (see infra/app.ts). */
  readonly webDist?: string;
  /** @default TABLE_NAME_DEFAULT */
  readonly tableName?: string;
  readonly apiThrottle?: ApiThrottle;
}

export class GridwatchStack extends Stack {
  readonly settings: DeploymentSettings;
  readonly data: Data;
  readonly auth: Auth;
  readonly web: Web;
  readonly photos: Photos;
  readonly importFiles: ImportFiles;
  readonly schedules: Schedules;
  readonly tenantRole: TenantRole;
  readonly api: Api;
  readonly alerts: Alerts;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: GridwatchStackProps = {}) {
    super(scope, id, { terminationProtection: true, ...props });

    this.settings = deploymentSettings(this.node, Token.isUnresolved(this.region) ? undefined : this.region);
    const { logRetentionDays } = this.settings;

    this.data = new Data(this, 'Data', { tableName: props.tableName });
    const logs = new AccessLogs(this, 'AccessLogs');
    this.web = new Web(this, 'Web', { logBucket: logs.bucket, ...this.settings });
    this.auth = new Auth(this, 'Auth', { mode: this.settings.signIn, webOrigin: this.web.origin });
    this.photos = new Photos(this, 'Photos', { webOrigin: this.web.origin, logBucket: logs.bucket });
    this.importFiles = new ImportFiles(this, 'ImportFiles', { webOrigin: this.web.origin, logBucket: logs.bucket });
    this.schedules = new Schedules(this, 'Schedules', { table: this.data.table, importBucket: this.importFiles.bucket, logRetentionDays });
    this.api = new Api(this, 'Api', {
      table: this.data.table,
      auth: this.auth,
      webOrigin: this.web.origin,
      photoBucket: this.photos.bucket,
      importBucket: this.importFiles.bucket,
      jobQueue: this.schedules.queue,
      throttle: props.apiThrottle,
      logRetentionDays,
      filesConcurrency: this.settings.filesConcurrency,
      rateLimits: this.settings.rateLimits,
      domain: this.settings.apiDomainName && this.settings.apiCertificateArn ? { name: this.settings.apiDomainName, certificateArn: this.settings.apiCertificateArn } : undefined,
    });
    // Resident imports seal people's fields in the worker: it makes and unwraps tenants' data keys too.
    this.schedules.grantPersonalDataKeys(this.api.personalDataKey);
    // Tenant isolation: the API, the files function and the worker reach tenants' data only as the tenant role.
    this.tenantRole = new TenantRole(this, 'TenantRole', {
      table: this.data.table,
      buckets: [
        { sid: 'Photos', bucket: this.photos.bucket, actions: UPLOAD_ACTIONS },
        { sid: 'ImportFiles', bucket: this.importFiles.bucket, actions: [...UPLOAD_ACTIONS, 's3:DeleteObject'] },
      ],
      users: [this.api.handler, this.api.streamHandler, this.schedules.worker],
    });
    this.web.routeApi({ apiDomain: this.api.originDomain, streamUrl: this.api.streamUrl, streamedPaths: STREAMED_PATHS });
    this.alerts = new Alerts(this, 'Alerts', { email: this.settings.alarmEmail });
    this.alerts.notify(this.schedules.deadLettersAlarm);
    this.monitoring = new Monitoring(this, 'Monitoring', {
      alerts: this.alerts,
      httpApi: this.api.httpApi,
      functions: { Api: this.api.handler, Files: this.api.streamHandler, Dispatcher: this.schedules.dispatcher, Worker: this.schedules.worker },
      dispatchDeadLetters: this.schedules.dispatchDeadLetterQueue,
      jobQueue: this.schedules.queue,
      jobDeadLetters: this.schedules.deadLetterQueue,
      table: this.data.table,
    });

    const content = new WebContent(this, 'WebContent', {
      web: this.web,
      webDist: props.webDist,
      config: { region: this.region, ...this.auth.webConfig },
    });
    if (content.placeholder) {
      Annotations.of(content).addWarningV2(
        'gridwatch:web-placeholder',
        'web/dist was not found: the site gets a placeholder index.html. Build the web app before `cdk deploy`.',
      );
    }

    new CfnOutput(this, 'WebUrl', { value: this.web.origin, description: 'The web app (and the API under /api)' });
    if (this.api.domainTarget) {
      new CfnOutput(this, 'ApiDomainTarget', { value: this.api.domainTarget, description: `Point ${this.settings.apiDomainName} (CNAME) here; the execute-api endpoint is disabled` });
    } else {
      new CfnOutput(this, 'ApiEndpoint', { value: this.api.httpApi.apiEndpoint, description: 'The HTTP API, direct (set gridwatch:apiDomainName to disable it)' });
    }
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'SignInMode', { value: this.auth.mode });
    if (this.auth.userPool) new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    if (this.auth.webClient) new CfnOutput(this, 'UserPoolClientId', { value: this.auth.webClient.userPoolClientId });
    if (this.auth.tokenKey) new CfnOutput(this, 'TokenKeyArn', { value: this.auth.tokenKey.keyArn, description: 'Signs the ID tokens (own-issuer mode)' });
    new CfnOutput(this, 'PhotoBucket', { value: this.photos.bucket.bucketName });
    new CfnOutput(this, 'ImportFileBucket', { value: this.importFiles.bucket.bucketName });
    new CfnOutput(this, 'JobQueueUrl', { value: this.schedules.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.schedules.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alerts.topic.topicArn,
      description: 'Alarm notifications: subscribe on-call e-mail/chat to it (or set gridwatch:alarmEmail)',
    });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
  }
}
