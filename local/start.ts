/**
 * `npm start`: the whole Gridwatch system on this machine. See README "Environment variables".
 */
import { clockFromEnv } from '../shared/clock';
import { JavaMissingError, portIsFree } from './dynamodb';
import { demoLogins } from './seed';
import { startLocalSystem } from './system';

const started = performance.now();
const DEFAULT_PORT = 8787;
const chosenPort = process.env.PORT ?? process.env.GRIDWATCH_PORT;
const dataDir = process.env.GRIDWATCH_DATA_DIR ?? '.data';
let port = Number(chosenPort ?? DEFAULT_PORT);

/** Without a chosen port, the default or the next free one of the ten after it (another app may hold 8787). */
async function firstFreePort(): Promise<number> {
  for (let candidate = DEFAULT_PORT; candidate < DEFAULT_PORT + 10; candidate++) {
    if (await portIsFree(candidate)) return candidate;
  }
  return DEFAULT_PORT;
}

try {
  if (!chosenPort) port = await firstFreePort();
  const system = await startLocalSystem({
    port,
    dataDir,
    clock: clockFromEnv(),
    seed: true,
    ...(/^\d{1,2}$/.test(process.env.GRIDWATCH_DEMO_DAYS ?? '') ? { seedDays: Number(process.env.GRIDWATCH_DEMO_DAYS) } : {}),
    schedulerIntervalMs: Number(process.env.GRIDWATCH_SCHEDULER_INTERVAL_MS ?? 60_000),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\nGridwatch 网格通 is running at ${system.url}  (ready in ${seconds} s, data in ${dataDir}, demo data ${system.seeded})`);
  console.log(`API: ${system.url}/api   OpenAPI: ${system.url}/api/openapi.json   health: ${system.url}/api/health\n`);
  console.log('Demo logins (tenant / username / password):');
  for (const login of demoLogins()) console.log(`  ${login.tenant.padEnd(9)} ${login.username.padEnd(13)} ${login.password}   ${login.note}`);
  console.log('\nCtrl+C stops the server and DynamoDB Local; the data stays on disk.');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use: set PORT to another port, e.g. PORT=8788 npm start`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
