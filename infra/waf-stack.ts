/**
 * The optional WAF in front of CloudFront: a CLOUDFRONT-scope web ACL, which AWS only accepts in
 * us-east-1, hence a stack of its own (`GridwatchWaf`, made by infra/app.ts when the context says
 * `gridwatch:waf=true`). Deploy it first, then give its WebAclArn output to the main stack as
 * `gridwatch:webAclArn` (docs/infra.md). Off by default: a web ACL costs a monthly fee plus a fee per
 * million requests, and the API already throttles, authenticates and (issue 19) rate-limits per tenant.
 *
 * Rules, in order: a rate limit per client IP (blocks above `RATE_LIMIT_PER_IP` requests in 5 minutes;
 * many field staff behind one carrier NAT share an address, so it is generous), then AWS managed rule
 * groups: IP reputation, known bad inputs, and the common rule set with its body-size rule only
 * counted (inspection and import bodies may exceed its 8 KB; the app limits bodies itself).
 */
import { CfnOutput, Stack, type StackProps, Token } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export const RATE_LIMIT_PER_IP = 3000;
export const WAF_REGION = 'us-east-1';

const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: `gridwatch-${name}`, sampledRequestsEnabled: true });
const managed = (priority: number, name: string, ruleActionOverrides?: CfnWebACL.RuleActionOverrideProperty[]): CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
  visibilityConfig: visibility(name),
});

export class GridwatchWafStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    if (!Token.isUnresolved(this.region) && this.region !== WAF_REGION) throw new Error(`${id}: a CLOUDFRONT-scope web ACL must be in ${WAF_REGION}, not ${this.region}`);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: 'gridwatch-cloudfront',
      description: 'Gridwatch: rate limit per IP and AWS managed rule groups, in front of CloudFront',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('web-acl'),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: RATE_LIMIT_PER_IP, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: visibility('rate-limit-per-ip'),
        },
        managed(1, 'AWSManagedRulesAmazonIpReputationList'),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
        managed(3, 'AWSManagedRulesCommonRuleSet', [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
      ],
    });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn, description: 'Give to the Gridwatch stack as -c gridwatch:webAclArn=…' });
  }
}
