/**
 * `npm run recount-map -- --tenant T`: recount a tenant's 三色管理图 counters (venues and open
 * problems per grid) once, e.g. after upgrading a deployment whose venues predate the counters. It
 * goes through the API as the tenant admin (POST /api/grid-map/recount, then GET until done), so it
 * works against `npm start` and, with --url, a deployed API. Safe to run again: the same figures.
 *
 *   --tenant T        tenant id (required)
 *   --user U          tenant admin user (default: admin)
 *   --password P      (default: the demo password, or GRIDWATCH_PASSWORD)
 *   --url URL         the running system (default: GRIDWATCH_URL or http://127.0.0.1:8787)
 */
import { adminArgs, apiClient, fail } from './cli';
import { DEMO_PASSWORD } from './seed';

const { tenant, url, user, password } = adminArgs(process.argv.slice(2), DEMO_PASSWORD);
if (!tenant) fail('usage: npm run recount-map -- --tenant T [--user admin] [--password …] [--url http://127.0.0.1:8787]');

const api = apiClient(url);
await api.signIn(tenant, user, password);
const started = performance.now();
let { status, body } = await api.call('POST', '/api/grid-map/recount');
if (status !== 202) fail(`the recount was refused: ${status} ${JSON.stringify(body)}`);
// In AWS the job runs on the worker: follow it until it is done (a stopped run resumes on its retry).
while (body.status !== 'done') {
  console.log(`  ${body.subtreesDone} / ${body.subtreesTotal} top-level grids, ${body.pages} pages`);
  await new Promise((r) => setTimeout(r, 2000));
  ({ body } = await api.call('GET', '/api/grid-map/recount'));
}
const t = body.totals;
console.log(`recounted ${tenant} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${t.venues} venues, ${t.openProblems} open problems in ${t.grids} grids (${body.subtreesTotal} top-level grids, ${body.pages} pages)`);
