/** Paths the CDK app needs, resolved from this file so `cdk synth` and the tests work from any cwd. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The Vite build output (`web/`, `npm run build:web`). May be missing: see infra/app.ts. */
export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');
