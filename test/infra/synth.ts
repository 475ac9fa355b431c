/**
 * Synthesizes the Gridwatch stack for the infra tests: the feature flags from cdk.json (so tests
 * see what `cdk synth` sees) and no bundling (`aws:cdk:bundling-stacks: []`): no esbuild runs, and
 * web/dist is never read unless a test passes its own directory. CDK's built-in CloudFormation
 * schema validation is off here (it costs many seconds per synth and `cdk synth` runs it anyway);
 * cdk-nag runs in nag.test.ts.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GridwatchStack, type GridwatchStackProps } from '../../infra/gridwatch-stack';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

export function synth(props: GridwatchStackProps = {}) {
  const app = new App({ builtinCloudFormationValidation: false, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new GridwatchStack(app, 'Gridwatch', props);
  return { app, stack, template: Template.fromStack(stack) };
}

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON
export type Json = any;

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Sid?: string;
}

/** The one resource of a type whose logical id starts with `prefix`. */
export function resource(template: Template, type: string, prefix: string): { id: string; props: Json; raw: Json } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.map(([id]) => id).join(', ') || 'none'}`);
  const [id, raw] = found[0];
  return { id, props: raw.Properties, raw };
}

/** Every statement of every inline policy attached to a role. */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy: Json) => policy.Properties.Roles.some((role: Json) => role.Ref === roleId))
    .flatMap((policy: Json) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat()).sort();

/** The role of a Lambda function, by the function's logical id prefix. */
export function roleOfFunction(template: Template, functionPrefix: string): string {
  const fn = resource(template, 'AWS::Lambda::Function', functionPrefix);
  return fn.props.Role['Fn::GetAtt'][0];
}
