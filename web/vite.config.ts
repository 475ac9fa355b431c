/**
 * Vite build of the web app (root: web/, output: web/dist). `npm run build:web`.
 * The service-worker plugin writes dist/sw.js after the build: web/sw.js with the list of the
 * built files to precache (the app shell, less the chart library) and a version derived from the
 * contents of every built file.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** Built files left out of the precache (cached on first use instead). */
const RUNTIME_CACHED = [/^assets\/charts-/];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

function serviceWorker(): Plugin {
  let outDir = '';
  let root = '';
  return {
    name: 'gridwatch-service-worker',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = listFiles(outDir)
        .map((f) => relative(outDir, f).split('\\').join('/'))
        .filter((f) => f !== 'sw.js' && !f.endsWith('.map'))
        .sort();
      // The chart library (supervisors' dashboard, desktop) is not precached on every phone: the
      // worker caches it the first time the dashboard loads it. Everything else is the app shell
      // (including the QR scanner, which an inspector needs offline at a venue).
      const precache = files.filter((f) => !RUNTIME_CACHED.some((pattern) => pattern.test(f)));
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const template = readFileSync(join(root, 'sw.js'), 'utf8');
      const source = template
        .replace('self.__GW_VERSION__', JSON.stringify(hash.digest('hex').slice(0, 12)))
        .replace('self.__GW_PRECACHE__', JSON.stringify(['./', ...precache.filter((f) => f !== 'index.html')]));
      writeFileSync(join(outDir, 'sw.js'), source);
    },
  };
}

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  plugins: [serviceWorker()],
});
