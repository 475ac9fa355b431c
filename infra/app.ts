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
import { WEB_DIST } from './paths';

const app = new App();
const webDist = existsSync(join(WEB_DIST, 'index.html')) ? WEB_DIST : undefined;

new GridwatchStack(app, 'Gridwatch', {
  description: 'Gridwatch: multi-tenant grid-based community management (web, API, scheduler, data)',
  webDist,
});
addNagChecks(app);
