/**
 * `npm run import -- --file venues.csv [--url http://127.0.0.1:8787] --tenant longhu --user admin
 * --password gridwatch-demo [--resume <importId>]`: sign in, upload a venue CSV, show the import's
 * progress until it is done, then list the rows that were refused. See docs/venue-import.md.
 * Exit code: 0 all rows imported, 2 done with refused rows, 1 failed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { VenueImportUpload, VenueImportView } from '../shared/domain/venues/venue-import';
import { apiClient, fail } from './cli';

const USAGE = 'usage: npm run import -- --file venues.csv [--url http://127.0.0.1:8787] --tenant longhu --user admin --password gridwatch-demo';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    url: { type: 'string', default: process.env.GRIDWATCH_URL ?? 'http://127.0.0.1:8787' },
    tenant: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string', default: process.env.GRIDWATCH_PASSWORD },
    resume: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if ((!values.file && !values.resume) || !values.tenant || !values.user || !values.password) fail(USAGE);

const api = apiClient(values.url!);

const bar = (done: number, total: number, width = 30) => {
  const share = total ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
};

const token = await api.signIn(values.tenant, values.user, values.password);

let view: VenueImportView;
const started = performance.now();
if (values.resume) {
  view = (await api.call<VenueImportView>('POST', `/api/venues/imports/${values.resume}/start`)).body;
  console.log(`resuming import ${view.id}`);
} else {
  const file = values.file!;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message}`);
  }
  console.log(`uploading ${file} (${(bytes.length / 1024).toFixed(0)} KB) to ${api.base} as ${values.user}@${values.tenant} …`);
  // Announce the file, send it where the answer says (S3 in AWS: no token; locally the API, with it), start.
  const { import: created, upload } = (await api.call<VenueImportUpload>('POST', '/api/venues/imports', { fileName: basename(file), size: bytes.length })).body;
  const url = new URL(upload.url, api.base).toString();
  const sent = await fetch(url, {
    method: upload.method,
    headers: { ...upload.headers, ...(upload.authorization === 'bearer' && { authorization: `Bearer ${token}` }) },
    body: new Uint8Array(bytes),
  }).catch((error: Error) => fail(`upload failed: ${error.message}`));
  if (!sent.ok) fail(`upload failed: ${sent.status} ${(await sent.text()).slice(0, 300)}`);
  view = (await api.call<VenueImportView>('POST', `/api/venues/imports/${created.id}/start`)).body;
  console.log(`import ${view.id}: uploaded; the server checks every row, then writes the valid ones`);
}

// Progress: a bar redrawn in place on a terminal, a line per 10% otherwise.
const tty = process.stdout.isTTY;
let lastTenth = -1;
for (;;) {
  const line = view.checkedAt
    ? `${bar(view.processed, view.valid)}  ${view.processed}/${view.valid}  ${view.status}`
    : `checking the file (校验中) …  ${view.status}`;
  if (tty) process.stdout.write(`\r${line}   `);
  else if (Math.floor((10 * view.processed) / Math.max(1, view.valid)) > lastTenth || view.status === 'done') {
    lastTenth = Math.floor((10 * view.processed) / Math.max(1, view.valid));
    console.log(line);
  }
  if (view.status === 'done' || view.status === 'failed' || view.status === 'stopped') break;
  await new Promise((r) => setTimeout(r, 500));
  view = (await api.call<VenueImportView>('GET', `/api/venues/imports/${view.id}`)).body;
}
if (tty) process.stdout.write('\n');

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (view.status === 'failed' || view.status === 'stopped') {
  console.error(`import ${view.id} stopped: ${view.failure ?? 'unknown error'}${view.failureZh ? ` / ${view.failureZh}` : ''}`);
  // Refused before any row was checked (the file itself): only a corrected file helps.
  if (view.checkedAt || view.status === 'stopped') console.error(`run it again to finish it: npm run import -- --resume ${view.id} --url ${api.base} --tenant ${values.tenant} --user ${values.user} --password …`);
  else console.error('correct the file and import it again (docs/venue-import.md)');
  process.exit(1);
}
console.log(`${view.total} rows, ${view.valid} valid, ${view.invalid} refused (行有误)`);
console.log(`done in ${seconds} s: ${view.created} created (新增), ${view.updated} updated (更新), ${view.unchanged} unchanged (无变化)`);

if (view.errorCount) {
  console.log(`\n${view.errorCount} problems in ${view.invalid} refused rows (未导入的行)${view.errorCount > view.errors.length ? `; the first ${view.errors.length}:` : ':'}`);
  for (const e of view.errors) {
    const where = `line ${e.line}`.padEnd(10);
    const field = `${e.column ?? e.field}`.padEnd(8);
    console.log(`  ${where} ${field} ${e.messageZh} / ${e.message}${e.value ? `  [${e.value}]` : ''}`);
  }
  process.exit(2);
}
