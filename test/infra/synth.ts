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

/** `context` adds CDK context (`gridwatch:signIn` …, infra/settings.ts), as `cdk synth -c` would. */
export function synth(props: GridwatchStackProps = {}, context: Record<string, unknown> = {}) {
  const app = new App({ builtinCloudFormationValidation: false, context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new GridwatchStack(app, 'Gridwatch', props);
  return { app, stack, template: Template.fromStack(stack) };
}

/** CloudFormation JSON, read loosely by the tests. */
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

/**
 * A dependency cycle among the template's resources (Ref, Fn::GetAtt, Fn::Sub, DependsOn), or
 * undefined. `cdk synth` does not look for one; CloudFormation refuses the template at deploy time.
 */
export function dependencyCycle(template: Json): string[] | undefined {
  const resources: Record<string, Json> = template.Resources;
  const refsIn = (value: Json, out: Set<string>): Set<string> => {
    if (Array.isArray(value)) for (const v of value) refsIn(v, out);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value as Record<string, Json>)) {
        if (key === 'Ref' && typeof v === 'string') out.add(v);
        else if (key === 'Fn::GetAtt') out.add(Array.isArray(v) ? v[0] : String(v).split('.')[0]);
        else if (key === 'Fn::Sub') for (const [, name] of JSON.stringify(v).matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) out.add(name);
        refsIn(v, out);
      }
    }
    return out;
  };
  const edges = new Map(
    Object.entries(resources).map(([id, r]) => [
      id,
      [...refsIn(r.Properties, new Set([r.DependsOn ?? []].flat() as string[]))].filter((d) => d in resources),
    ]),
  );
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 'visiting');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'visiting') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    if (!state.has(id)) {
      const cycle = visit(id);
      if (cycle) return cycle;
    }
  }
  return undefined;
}
