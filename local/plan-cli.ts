/**
 * `npm run plan -- --tenant T --date D [--close]`: run a tenant's daily plan (or the close of a past
 * day) by hand, against the system `npm start` is running.
 *
 * It goes through the API rather than the database: DynamoDB Local's data directory is locked by the
 * running server, and the API is the one place that knows its port. It signs in as the tenant admin
 * (default: the demo admin) and calls POST /api/plans/{date}/replan (today or a later day) or
 * POST /api/reports/daily/{date}/close (a day that has ended), then prints the result.
 *
 *   --tenant T        tenant id (required)
 *   --date D          YYYY-MM-DD (default: today in the tenant's time zone)
 *   --close           close the day instead of planning it
 *   --user U          tenant admin user (default: admin)
 *   --password P      (default: the demo password, or GRIDWATCH_PASSWORD)
 *   --url URL         the running system (default: GRIDWATCH_URL or http://127.0.0.1:8787)
 */
import { adminArgs, apiClient, fail } from './cli';
import { DEMO_PASSWORD } from './seed';

const { flag, option, tenant, url, user, password } = adminArgs(process.argv.slice(2), DEMO_PASSWORD);

if (!tenant) fail('usage: npm run plan -- --tenant T [--date YYYY-MM-DD] [--close] [--user admin] [--password …] [--url http://127.0.0.1:8787]');

const api = apiClient(url);
await api.signIn(tenant, user, password);
const date = option('date') ?? (await api.call('GET', '/api/plans/today')).body.date;

if (flag('close')) {
  const started = performance.now();
  const { status, body } = await api.call('POST', `/api/reports/daily/${date}/close`);
  const f = body.figures;
  if (status === 202) console.log(`closing ${tenant} ${date} runs in the background; the report so far (${body.status}):`);
  else console.log(`closed ${tenant} ${date} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (f) {
    console.log(`  inspectors ${f.inspectors} (on leave ${f.onLeave}), quota ${f.quota}, done ${f.done}, shortfall ${f.shortfall}, met quota ${f.metQuota}`);
    console.log(`  inspections ${f.inspections} (failed ${f.failedInspections}), problems found ${f.problemsFound}, closed ${f.problemsClosed}, black cards +${f.blackCardsIssued} −${f.blackCardsRemoved}`);
  }
  for (const g of body.children ?? []) console.log(`  ${g.name.padEnd(12)} done ${g.done} / quota ${g.quota}, shortfall ${g.shortfall}, inspections ${g.inspections}`);
} else {
  const started = performance.now();
  const { status, body } = await api.call('POST', `/api/plans/${date}/replan`);
  const run = body.run;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (status === 202) console.log(`planning ${tenant} ${date} continues in the background (${run.subtreesDone}/${run.subtreesTotal} subtrees after ${seconds} s)`);
  else console.log(`planned ${tenant} ${date} in ${seconds} s: generation ${run.generation}, rules v${run.rulesVersion}, ${run.workingDay ? 'working day' : 'non-working day'}`);
  if (run.totals) {
    const t = run.totals;
    console.log(`  venues ${t.venues}, eligible ${t.eligible}, assignments ${t.assignments} (mandatory ${t.mandatory}), left over ${t.leftOver}, grids uncovered ${t.uncoveredGrids}`);
  }
  const day = await api.call('GET', `/api/plans/${date}`);
  for (const p of day.body.people ?? []) {
    console.log(`  ${(p.displayName ?? p.inspectorId).padEnd(16)} ${String(p.assigned).padStart(3)} / quota ${p.quota}${p.mandatory ? `, ${p.mandatory} black-carded` : ''}${p.onLeave ? ' (on leave)' : ''}${p.mandatoryOverQuota ? ' — over quota' : ''}`);
  }
}
