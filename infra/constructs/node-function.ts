/**
 * One Lambda function from a TypeScript entry point: esbuild-bundled ESM for Node.js 22 on arm64,
 * with its own role (no AWS managed policies: the role may only write to its own log group, and
 * each caller adds exactly the permissions the function uses) and its own log group.
 */
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { entry, LOCK_FILE, REPO_ROOT } from '../paths';

export const FUNCTION_RUNTIME = Runtime.NODEJS_22_X;

/**
 * ESM bundles can still contain CommonJS code that calls `require` (for Node built-ins); esbuild's
 * shim needs a real `require` in scope. The alias avoids clashing with any bundled `createRequire`.
 */
const REQUIRE_BANNER =
  "import { createRequire as __gridwatchCreateRequire } from 'node:module'; const require = __gridwatchCreateRequire(import.meta.url);";

export interface NodeFunctionProps {
  /** Entry file relative to the repository root, e.g. `functions/api.ts`. It exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment?: Record<string, string>;
  /** @default one month */
  readonly logRetention?: RetentionDays;
}

export class NodeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (Lambda execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: entry(props.entry),
      handler: 'handler',
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        banner: REQUIRE_BANNER,
        // Bundle the AWS SDK too: package.json pins its exact version, the runtime's copy drifts.
        externalModules: [],
        logLevel: LogLevel.WARNING,
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
