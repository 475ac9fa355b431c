/**
 * The web app: a private S3 bucket behind CloudFront (origin access control), plus the API on the
 * same origin under /api/* (the web app calls `location.origin + /api/...`, see web/src/api/client.ts).
 * The file paths under /api (exports, venue-code images: STREAMED_PATHS) go to the files function's
 * URL instead (origin access control for Lambda), because API Gateway would buffer them (6 MB at most).
 *
 * SPA routing: a CloudFront Function on the default behaviour serves /index.html for every path
 * whose last segment has no file extension. Distribution-wide custom error responses
 * (403/404 → /index.html) are deliberately not used: they would also rewrite the API's own 403 and
 * 404 answers into a 200 HTML page.
 */
import { BOOTSTRAP_QUALIFIER_CONTEXT, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IFunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  type CfnDistribution,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { FunctionUrlOrigin, HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { PRIVATE_BUCKET } from './private-bucket';
import { BucketDeployment, CacheControl, type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, nagArn, nagPseudo } from '../nag';

export const SPA_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  // Files (a dot in the last path segment) are served as they are; any other path is an app route.
  if (!/\\.[^/]*$/.test(request.uri)) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** Where the streaming function finds the viewer's Authorization header (functions/api-stream.ts). */
export const VIEWER_AUTHORIZATION_HEADER = 'x-gridwatch-authorization';

/**
 * Viewer request, file behaviours: origin access control signs the request to the function URL
 * with SigV4, which replaces the Authorization header, so the viewer's (Bearer ID token) is copied to
 * VIEWER_AUTHORIZATION_HEADER first. A viewer's own value of that header never gets through.
 */
export const VIEWER_AUTHORIZATION_CODE = `function handler(event) {
  var request = event.request;
  var headers = request.headers;
  if (headers.authorization) {
    headers['${VIEWER_AUTHORIZATION_HEADER}'] = { value: headers.authorization.value };
  } else {
    delete headers['${VIEWER_AUTHORIZATION_HEADER}'];
  }
  return request;
}`;

export interface ApiOrigins {
  /** Every /api path except the streamed ones: the HTTP API's host (its custom domain or execute-api). */
  readonly apiDomain: string;
  /** The streaming function's URL (AWS_IAM, RESPONSE_STREAM), for `streamedPaths`. */
  readonly streamUrl: IFunctionUrl;
  /** CloudFront path patterns, all under /api/. */
  readonly streamedPaths: readonly string[];
}

export interface WebProps {
  readonly logBucket: IBucket;
  /** A custom domain (an ICP-registered one in the China regions) with its certificate: ACM in us-east-1, or IAM. */
  readonly domainName?: string;
  readonly certificateArn?: string;
  readonly iamCertificateId?: string;
  /** A CLOUDFRONT-scope WAF web ACL (the GridwatchWaf stack, us-east-1). */
  readonly webAclArn?: string;
}

/**
 * The browser may load code, styles, fonts and the manifest from this origin only, talk to the API
 * (same origin) and to the regional S3 endpoint where presigned photo and import-file URLs point,
 * show photos from there and from blob:/data: URLs (previews before upload), and run the QR
 * scanner's worker from a blob: URL. Style attributes ('unsafe-inline' for styles only): lit
 * templates set `style="--level:…"`. The bucket names cannot be listed: their CORS names this
 * distribution's domain, so naming them here would be a cycle (the region's S3 domain instead).
 */
export function contentSecurityPolicy(s3Domain: string): string {
  const s3 = `https://*.${s3Domain}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${s3}`,
    `connect-src 'self' ${s3}`,
    "worker-src 'self' blob:",
    "media-src 'self' blob:",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** The camera (venue codes, photos) and the position (inspections) for this origin only; nothing else. */
export const PERMISSIONS_POLICY = 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), interest-cohort=()';

export class Web extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** https://<custom domain>, or https://<distribution>.cloudfront.net. */
  readonly origin: string;
  private readonly securityHeaders: ResponseHeadersPolicy;
  private readonly apiHeaders: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);

    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'web-bucket/',
      // Everything in it is rebuilt by each deployment; old hashed assets are kept (see WebContent).
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const stack = Stack.of(this);
    const securityHeadersBehavior = {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(`s3.${stack.region}.${stack.urlSuffix}`), override: true },
    };
    const permissionsPolicy = { header: 'Permissions-Policy', value: PERMISSIONS_POLICY, override: true };
    this.securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Gridwatch security headers',
      securityHeadersBehavior,
      customHeadersBehavior: { customHeaders: [permissionsPolicy] },
    });
    // The API's answers carry a user's data: never kept by a browser or proxy unless a route says
    // otherwise (a photo's `private, max-age=300`: override false keeps the app's own value).
    this.apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Gridwatch API: security headers, no-store unless the app says otherwise',
      securityHeadersBehavior,
      customHeadersBehavior: { customHeaders: [permissionsPolicy, { header: 'Cache-Control', value: 'no-store', override: false }] },
    });

    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Serve /index.html for single-page-app routes',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(SPA_REWRITE_CODE),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Gridwatch web app and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      domainNames: props.domainName ? [props.domainName] : undefined,
      certificate: props.certificateArn ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn) : undefined,
      // With an IAM certificate the override below sets it (CDK would ignore it without an ACM one).
      minimumProtocolVersion: props.certificateArn ? SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders,
        compress: true,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
    });

    if (props.iamCertificateId) {
      // CloudFront in the China regions takes IAM server certificates (no ACM there); CDK's
      // Distribution only knows ACM ones.
      (this.distribution.node.defaultChild as CfnDistribution).addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: props.iamCertificateId,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      });
    }
    this.origin = `https://${props.domainName ?? this.distribution.distributionDomainName}`;

    acknowledge(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: tenants (communities) and their field staff may sign in from anywhere; every API call is authenticated.',
      },
      ...(props.webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason:
                'No WAF web ACL by default (a CLOUDFRONT-scope ACL must live in us-east-1 and costs a monthly fee): the API throttles at the stage and authenticates every call. gridwatch:webAclArn attaches the optional GridwatchWaf stack (docs/infra.md).',
            },
          ]),
      ...(props.iamCertificateId
        ? [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'The IAM server certificate (the China regions) is set as a property override with MinimumProtocolVersion TLSv1.2_2021 (CDK Distribution knows only ACM certificates); cdk-nag reads the construct properties, not the override. test/infra/deployments.test.ts checks the template.',
            },
          ]
        : []),
      ...(props.domainName
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'Without a custom domain the distribution uses the default *.cloudfront.net certificate, for which CloudFront always allows TLSv1; gridwatch:domainName with its certificate sets TLSv1.2_2021 (docs/infra.md).',
            },
          ]),
    ]);
  }

  /**
   * Route the file paths to the files function's URL, then /api/* to the HTTP API (CloudFront
   * takes the first behaviour whose pattern matches, in this order). Both: no caching, every viewer
   * header (Authorization included; on the file behaviours it travels as VIEWER_AUTHORIZATION_HEADER,
   * since the OAC signature takes its place) and query string except Host.
   */
  routeApi(origins: ApiOrigins): void {
    const viewerAuthorization = new CloudFrontFunction(this, 'ViewerAuthorization', {
      comment: 'Keep the viewer Authorization header for the streaming function (OAC signing replaces it)',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(VIEWER_AUTHORIZATION_CODE),
    });
    // One origin (and one OAC, SigV4 always: the URL's AWS_IAM auth) for every streamed path.
    const streamOrigin = FunctionUrlOrigin.withOriginAccessControl(origins.streamUrl, { readTimeout: Duration.seconds(30) });
    for (const path of origins.streamedPaths) {
      if (!path.startsWith('/api/')) throw new Error(`streamed path ${path} is not under /api/`);
      this.distribution.addBehavior(path, streamOrigin, {
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        // The file routes are GETs. No OPTIONS: the app is same-origin, so no CORS preflight either.
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.apiHeaders,
        compress: true,
        functionAssociations: [{ function: viewerAuthorization, eventType: FunctionEventType.VIEWER_REQUEST }],
      });
    }

    this.distribution.addBehavior('/api/*', new HttpOrigin(origins.apiDomain, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(30),
    }), {
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.apiHeaders,
      compress: true,
    });
  }
}

/** Files the web build emits with a content hash in their name: cached for a year, never pruned. */
const HASHED_ASSETS = 'assets/*';

export interface WebContentProps {
  readonly web: Web;
  /** The Vite build output directory, or undefined to deploy a placeholder page. */
  readonly webDist?: string;
  /** Published as /config.json for the web app (public values only). */
  readonly config: Record<string, string>;
}

/**
 * Uploads the web build in two steps. First the hashed assets (immutable, never deleted, so a tab
 * still running the previous version can load its lazy chunks); then everything else (index.html,
 * sw.js, the manifest, icons, config.json) with `no-cache`, pruning what the new build no longer has,
 * and an invalidation of the distribution.
 */
export class WebContent extends Construct {
  readonly placeholder: boolean;

  constructor(scope: Construct, id: string, props: WebContentProps) {
    super(scope, id);
    const { web } = props;
    this.placeholder = props.webDist === undefined;

    const site: ISource = props.webDist
      ? Source.asset(props.webDist)
      : Source.data('index.html', PLACEHOLDER_HTML);
    const config = Source.jsonData('config.json', props.config);

    let assets: BucketDeployment | undefined;
    if (props.webDist) {
      assets = new BucketDeployment(this, 'Assets', {
        sources: [site],
        destinationBucket: web.bucket,
        exclude: ['*'],
        include: [HASHED_ASSETS],
        prune: false,
        cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
        memoryLimit: 512,
      });
    }

    const shell = new BucketDeployment(this, 'Shell', {
      sources: [site, config],
      destinationBucket: web.bucket,
      exclude: [HASHED_ASSETS],
      prune: true,
      cacheControl: [CacheControl.noCache()],
      distribution: web.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    // The new index.html must not go live before the assets it references.
    if (assets) shell.node.addDependency(assets);
    acknowledgeDeploymentHandler(Stack.of(this), web.bucket);
  }
}

/**
 * The CDK bootstrap asset bucket's ARN as cdk-nag prints it: the qualifier the stack is synthesized
 * for (`--qualifier`, context or the default) and the partition, account and region, each literal
 * when the stack's environment is known and a `<AWS::…>` pseudo parameter when it is not.
 */
function assetBucketArn(stack: Stack): string {
  const qualifier = stack.synthesizer.bootstrapQualifier ?? stack.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  return `arn:${nagPseudo(stack, 'Partition')}:s3:::cdk-${qualifier}-assets-${nagPseudo(stack, 'AccountId')}-${nagPseudo(stack, 'Region')}`;
}

/**
 * BucketDeployment runs a singleton Lambda function that aws-cdk-lib defines (one per memory size,
 * a direct child of the stack); its runtime and role are not configurable in detail.
 */
function acknowledgeDeploymentHandler(stack: Stack, webBucket: IBucket): void {
  for (const handler of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
    acknowledge(handler, [
      {
        id: 'AwsSolutions-L1',
        reason: 'The BucketDeployment handler (Python) is defined by aws-cdk-lib, which picks its runtime; it moves with aws-cdk-lib upgrades.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The BucketDeployment handler role is created by aws-cdk-lib with the basic execution policy (its own CloudWatch logs only); it runs only during deployments.',
      },
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: 'aws-cdk-lib grants the BucketDeployment handler these action groups to read the CDK asset bucket and sync (upload, prune) the web bucket.',
      })),
      {
        id: `AwsSolutions-IAM5[Resource::${assetBucketArn(stack)}/*]`,
        reason: 'The handler reads the uploaded site archive from the CDK bootstrap asset bucket, whose object keys are content hashes.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(webBucket)}/*]`,
        reason: 'The handler syncs the whole web bucket: it writes every site file and prunes files the new build no longer has.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'cloudfront:CreateInvalidation/GetInvalidation after each deployment; aws-cdk-lib grants them on * (an invalidation ID is not known in advance).',
      },
    ]);
  }
}

const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Gridwatch</title></head>
<body><p>Gridwatch: the web app was not built when this stack was synthesized (web/dist was missing).
Run the web build, then deploy again.</p></body></html>
`;
