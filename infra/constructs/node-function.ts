/**
 * One Lambda function from a TypeScript entry point: bundled by infra/bundling.ts (minified ESM for
 * Node.js 22 with code splitting; the same bundles bench/lambda.bench.ts measures) on arm64, with its
 * own role (no AWS managed policies: the role may only write to its own log group, and each caller
 * adds exactly the permissions the function uses) and its own log group.
 */
import { AssetHashType, DockerImage, type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bundleFunction } from '../bundling';
import { acknowledge } from '../nag';
import { REPO_ROOT } from '../paths';

export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;

export interface NodeFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/api.ts`. It exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment?: Record<string, string>;
  /** Days the function's logs are kept (gridwatch:logRetentionDays, infra/settings.ts). */
  readonly logRetentionDays: number;
  /** At most this many instances at once (reserved concurrency). */
  readonly reservedConcurrency?: number;
  /** Ship the API's OpenAPI document beside the bundle (the function that serves /api/openapi.json). */
  readonly withOpenApiDocument?: boolean;
}

export class NodeFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (Lambda execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    const code = Code.fromAsset(REPO_ROOT, {
      // The hash of the bundle, not of the repository: a change that does not reach the bundle
      // does not redeploy the function.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Bundled here with esbuild (a dependency); Docker is never used.
        image: DockerImage.fromRegistry('local-bundling-only'),
        // CDK reuses a bundle for assets whose bundling options are the same, and `local` (a
        // function) does not count: without the entry here every function got the first one's code.
        command: ['bundle', props.entry, ...(props.withOpenApiDocument ? ['with-openapi-document'] : [])],
        local: {
          tryBundle: (outputDir) => {
            bundleFunction(props.entry, outputDir, { withOpenApiDocument: props.withOpenApiDocument });
            return true;
          },
        },
      },
    });

    this.function = new LambdaFunction(this, 'Function', {
      code,
      handler: 'index.handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
    acknowledge(this.function, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22.x is deliberate: it is the runtime the project builds and tests for (esbuild target node22, the pinned AWS SDK v3 line). nodejs24.x is newer; move all functions together when the repository upgrades Node.',
      },
    ]);
  }
}
