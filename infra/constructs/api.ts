/**
 * The API: functions/api.ts (the Hono app) behind an HTTP API with a throttled, access-logged
 * $default stage. Browsers reach it through CloudFront at <web origin>/api/* (see Web.routeApi).
 *
 * Authentication is the app's: it verifies the Cognito ID token (jose, issuer + audience + JWKS)
 * on every /api route except the public ones, so API Gateway has no authorizer.
 *
 * CORS: the app allows only GRIDWATCH_WEB_ORIGIN (hono/cors). The HTTP API has no CORS
 * configuration of its own, because that would (a) override the app's CORS headers and (b) need the
 * CloudFront domain while CloudFront needs the API's domain: a dependency cycle.
 *
 * File routes: API Gateway buffers a Lambda response (6 MB at most), so the exports — and with them
 * the venue-code images — are served by a second function, the files function
 * (functions/api-stream.ts, the app with the file route groups only, Lambda response streaming),
 * behind a function URL that only CloudFront may call (AWS_IAM + origin access control, see
 * Web.routeApi); the API function does not serve them. It serves the file paths only (STREAMED_PATHS;
 * anything else answers 404) and has the API's environment and permissions except what depends on
 * the distribution (see STREAM_ENVIRONMENT).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { ApiMapping, DomainName, HttpApi, HttpStage, LogGroupLogDestination, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type FunctionUrl, FunctionUrlAuthType, InvokeMode } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import type { Auth } from './auth';
import { NodeFunction } from './node-function';
import { grantSendJobs } from './schedules';
import { grantTableAccess, TABLE_ACCESS } from './table-access';

/**
 * On the photo and import-file buckets, in the tenant role (tenant-role.ts): presigned PUT (upload) and
 * GET (a photo's download) are signed with the tenant's session; HEAD (s3:GetObject) sees an import's
 * file arrived before its job starts.
 */
export const UPLOAD_ACTIONS = ['s3:PutObject', 's3:GetObject'] as const;

/**
 * The paths CloudFront sends to the files function (CloudFront path patterns: `*` matches any
 * characters, `/` included): the ledger export, a venue's history (CSV and xlsx) and its venue-code
 * image (PNG, SVG) — FILE_ROUTE_GROUPS in functions/api/file-route-groups.ts. The dot keeps
 * /api/venues/{id}/code (JSON) and /api/venues/{id}/code/rotate on the HTTP API, like everything
 * else under /api.
 */
export const STREAMED_PATHS = ['/api/problems/export.*', '/api/venues/*/history.*', '/api/venues/*/code.*', '/api/grids/*/codes.html', '/api/residents/exports/*', '/api/self-registration/codes/*/poster.html', '/api/pushed-lists/*/export.*'] as const;

/**
 * The streaming function's values for the two settings that the API function takes from resources
 * depending on the CloudFront distribution: the web origin (its domain) and the photo and import-file
 * buckets (whose CORS names that domain). The distribution needs the function URL, the URL needs the function, so
 * the function cannot need the distribution: CloudFormation would refuse the cycle (API Gateway has
 * none, as the HTTP API's id does not depend on its function). Neither setting is used by the
 * file routes, the only paths the function serves (functions/api-stream.ts answers 404 to any other):
 * - the web origin only feeds the app's CORS header. The files are reached same-origin through
 *   CloudFront, and a cross-origin call with an Authorization header needs a preflight (OPTIONS),
 *   which the file behaviours refuse (GET and HEAD only). `.invalid` never resolves (RFC 2606).
 * - the buckets: not S3 bucket names (upper case, underscores), so they can never name a bucket
 *   someone else owns; the function has no S3 permission either.
 */
export const STREAM_ENVIRONMENT = {
  GRIDWATCH_WEB_ORIGIN: 'https://same-origin-only.invalid',
  GRIDWATCH_PHOTO_BUCKET: 'NO_PHOTOS_IN_EXPORTS',
  GRIDWATCH_IMPORT_BUCKET: 'NO_IMPORTS_IN_FILE_DOWNLOADS',
} as const;

/** Lambda bills a streaming invocation until it ends, even if the viewer has gone: bounded. */
const STREAM_TIMEOUT = Duration.minutes(5);

export interface ApiThrottle {
  /** Steady-state requests per second for the whole stage. */
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface ApiProps {
  readonly table: ITable;
  /** Sign-in: the Cognito user pool or the own issuer's KMS key. */
  readonly auth: Auth;
  readonly webOrigin: string;
  readonly photoBucket: IBucket;
  /** Venue-import files: the API presigns their upload and checks they arrived. */
  readonly importBucket: IBucket;
  readonly jobQueue: Queue;
  /** @default { rateLimit: 100, burstLimit: 200 } */
  readonly throttle?: ApiThrottle;
  /** Days the functions' and the stage's logs are kept. */
  readonly logRetentionDays: number;
  /** The files function's reserved concurrency: its URL has no throttle of its own. */
  readonly filesConcurrency: number;
  /** GRIDWATCH_RATE_LIMITS (`off` or JSON overrides); the app's defaults when absent (docs/infra.md "Rate limits"). */
  readonly rateLimits?: string;
  /**
   * A custom domain for the HTTP API (regional ACM certificate). With it CloudFront calls the API
   * there and the default execute-api endpoint is disabled: all traffic goes through CloudFront.
   */
  readonly domain?: { name: string; certificateArn: string };
}

export class Api extends Construct {
  readonly handler: NodeFunction;
  /** The files function: the file routes (STREAMED_PATHS), streamed, through CloudFront only. */
  readonly streamHandler: NodeFunction;
  readonly streamUrl: FunctionUrl;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** The host CloudFront sends /api/* to: the custom domain, else the execute-api endpoint. */
  readonly originDomain: string;
  /** With a custom domain: the regional name its DNS record (CNAME) must point at. */
  readonly domainTarget?: string;
  readonly venueCodeSecret: Secret;
  /** Wraps each tenant's personal-data key (envelope encryption; docs/privacy.md). */
  readonly personalDataKey: Key;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    // Master keys of the printed venue QR codes (a plain secret = key id k1, or a keyring JSON; each
    // tenant signs with a key derived from the current one). Rotated by adding a key id, never by
    // replacing one (that would void every printed code), and kept when the stack goes.
    this.venueCodeSecret = new Secret(this, 'VenueCodeSecret', {
      description: 'Gridwatch: master keys of the venue QR codes (GRIDWATCH_VENUE_CODE_SECRET_ID; docs/infra.md)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.venueCodeSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'The secret holds the master keys of venue QR codes printed and posted at venues: an automatic rotation would replace the key and void every printed code. Rotation is adding a key id to the keyring (docs/infra.md); single codes are revoked by bumping the venue codeVersion.',
      },
    ]);

    // Residents' personal data: each tenant's data key is generated and unwrapped by this KMS key, the
    // tenant as encryption context. Kept when the stack goes: without it no stored record decrypts.
    this.personalDataKey = new Key(this, 'PersonalDataKey', {
      description: 'Gridwatch: wraps the per-tenant personal-data keys (GRIDWATCH_PERSONAL_DATA_KEY)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const environment: Record<string, string> = {
      GRIDWATCH_TABLE: props.table.tableName,
      ...props.auth.environment,
      GRIDWATCH_WEB_ORIGIN: props.webOrigin,
      GRIDWATCH_PHOTO_BUCKET: props.photoBucket.bucketName,
      GRIDWATCH_IMPORT_BUCKET: props.importBucket.bucketName,
      GRIDWATCH_JOB_QUEUE_URL: props.jobQueue.queueUrl,
      // Read by the app at run time (signed GetSecretValue, cached): the secret never sits in the environment.
      GRIDWATCH_VENUE_CODE_SECRET_ID: this.venueCodeSecret.secretArn,
      GRIDWATCH_PERSONAL_DATA_KEY: this.personalDataKey.keyArn,
      GRIDWATCH_LOG_LEVEL: 'INFO',
      ...(props.rateLimits && { GRIDWATCH_RATE_LIMITS: props.rateLimits }),
    };
    this.handler = new NodeFunction(this, 'Handler', {
      entry: 'functions/api.ts',
      description: 'Gridwatch API (Hono)',
      timeout: Duration.seconds(29),
      memorySize: 1024,
      environment,
      withOpenApiDocument: true,
      logRetentionDays: props.logRetentionDays,
    });
    grantApiAccess(this.handler, props, this.personalDataKey, this.venueCodeSecret);

    this.streamHandler = new NodeFunction(this, 'StreamHandler', {
      entry: 'functions/api-stream.ts',
      description: 'Gridwatch API (Hono), file downloads with response streaming: CSV/xlsx exports, venue-code images',
      timeout: STREAM_TIMEOUT,
      memorySize: 1024,
      environment: { ...environment, ...STREAM_ENVIRONMENT },
      logRetentionDays: props.logRetentionDays,
      reservedConcurrency: props.filesConcurrency,
    });
    grantApiAccess(this.streamHandler, props, this.personalDataKey, this.venueCodeSecret);
    this.streamUrl = this.streamHandler.function.addFunctionUrl({
      // Only CloudFront (origin access control, SigV4) may invoke it; see Web.routeApi.
      authType: FunctionUrlAuthType.AWS_IAM,
      invokeMode: InvokeMode.RESPONSE_STREAM,
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Gridwatch API',
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.domain !== undefined,
      defaultIntegration: new HttpLambdaIntegration('Lambda', this.handler.function),
    });
    const throttle = props.throttle ?? { rateLimit: 100, burstLimit: 200 };
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetentionDays as RetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });
    const stack = Stack.of(this);
    this.originDomain = `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    if (props.domain) {
      const domainName = new DomainName(this, 'Domain', {
        domainName: props.domain.name,
        certificate: Certificate.fromCertificateArn(this, 'DomainCertificate', props.domain.certificateArn),
        securityPolicy: SecurityPolicy.TLS_1_2,
      });
      new ApiMapping(this, 'DomainMapping', { api: this.httpApi, domainName, stage: this.stage });
      this.originDomain = props.domain.name;
      this.domainTarget = domainName.regionalDomainName;
    }
    acknowledge(this.httpApi, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'No API Gateway authorizer on purpose: the Hono app verifies the Cognito ID token (jose: signature against the pool JWKS, issuer, audience, expiry) on every /api route except the public health and sign-in routes, and maps its claims to the tenant-scoped actor.',
      },
    ]);
  }
}

/**
 * What the app may do with its own role, for both API functions: the tenant directory only
 * (TABLE_ACCESS.directory; tenants' data through the tenant role, tenant-role.ts), sending
 * jobs, signing users in (the user pool, or the own issuer's key), and making and unwrapping
 * tenants' personal-data keys (only with a tenant as encryption context).
 */
function grantApiAccess(fn: NodeFunction, props: ApiProps, personalDataKey: Key, venueCodeSecret: Secret): void {
  grantTableAccess(fn.role, props.table, TABLE_ACCESS.directory, 'Directory');
  fn.role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'PersonalDataKeys',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [personalDataKey.keyArn],
      conditions: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant'] }, Null: { 'kms:EncryptionContext:tenant': 'false' } },
    }),
  );
  grantSendJobs(fn, props.jobQueue);
  venueCodeSecret.grantRead(fn.role);
  props.auth.grantSignIn(fn);
}

const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    method: '$context.httpMethod',
    path: '$context.path',
    protocol: '$context.protocol',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
  }),
);
