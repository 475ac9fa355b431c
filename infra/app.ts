/**
 * The CDK app (cdk.json: `npx tsx infra/app.ts`). Environment-agnostic: no account or region is
 * looked up, so `npx cdk synth` works offline without credentials; `cdk deploy` takes them from the
 * CLI profile. cdk-nag's AwsSolutions checks run on every synth and fail it on any unacknowledged
 * error.
 *
 * The web build: web/dist is deployed when it exists (run the Vite build first); otherwise a
 * placeholder page is deployed and synth prints a warning.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { GridwatchStack } from './gridwatch-stack';
import { addNagChecks } from './nag';
import { GridwatchWafStack, WAF_REGION } from './waf-stack';
import { WEB_DIST } from './paths';

const app = new App();
const webDist = existsSync(join(WEB_DIST, 'index.html')) ? WEB_DIST : undefined;

new GridwatchStack(app, 'Gridwatch', {
  description: 'Gridwatch: multi-tenant grid-based community management (web, API, scheduler, data)',
  webDist,
});
// The optional WAF (docs/infra.md): its own stack in us-east-1, deployed first; its ARN goes back in as gridwatch:webAclArn.
const waf = app.node.tryGetContext('gridwatch:waf');
if (waf === true || waf === 'true') {
  new GridwatchWafStack(app, 'GridwatchWaf', { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: WAF_REGION } });
}
addNagChecks(app);
