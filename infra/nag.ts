/**
 * cdk-nag (v3) plumbing. v3 is a CDK policy-validation plugin: it runs at synth time and fails the
 * synth on unacknowledged errors; findings are acknowledged with CDK's own
 * `Validations.of(construct).acknowledge({ id, reason })`, which covers that construct and every
 * construct below it. `NagSuppressions` and the annotation-based reporting of v2 no longer exist.
 *
 * Every acknowledgement in this app goes through `acknowledge()`, so each one carries a written
 * reason and docs/infra.md can list them.
 */
import { CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

export function addNagChecks(scope: IConstruct): void {
  Validations.of(scope).addPlugins(new AwsSolutionsChecks(scope, { verbose: true }));
}

/**
 * Acknowledge cdk-nag findings on a construct (and its children). `id` is a rule id such as
 * `AwsSolutions-S1`, or a granular finding such as `AwsSolutions-IAM5[Resource::<Bucket.Arn>/*]`.
 */
export function acknowledge(construct: IConstruct, findings: Array<{ id: string; reason: string }>): void {
  for (const { id, reason } of findings) {
    if (reason.trim().length < 20) throw new Error(`cdk-nag acknowledgement ${id} on ${construct.node.path} needs a real reason`);
    Validations.of(construct).acknowledge({ id, reason });
  }
}

/** How cdk-nag prints `Fn::GetAtt [<resource>, Arn]` in a granular finding: `<LogicalId.Arn>`. */
export function nagArn(resource: IConstruct): string {
  const cfn = resource.node.defaultChild;
  if (!(cfn instanceof CfnElement)) throw new Error(`${resource.node.path} has no CloudFormation resource`);
  return `<${Stack.of(cfn).resolve(cfn.logicalId)}.Arn>`;
}

/**
 * How cdk-nag prints the stack's partition, account or region in a finding: the literal value when
 * the stack's environment is known at synth time (`cn-north-1`, `aws-cn`), `<AWS::Region>` … otherwise.
 */
export function nagPseudo(stack: Stack, name: 'Partition' | 'AccountId' | 'Region'): string {
  const value = name === 'Partition' ? stack.partition : name === 'AccountId' ? stack.account : stack.region;
  return Token.isUnresolved(value) ? `<AWS::${name}>` : value;
}
