/**
 * Vite build of the web app (root: web/, output: web/dist). `npm run build:web`.
 * The service-worker plugin writes dist/sw.js after the build: web/sw.js with the list of every
 * built file (the app shell) and a version derived from their contents.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

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
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const template = readFileSync(join(root, 'sw.js'), 'utf8');
      const source = template
        .replace('self.__GW_VERSION__', JSON.stringify(hash.digest('hex').slice(0, 12)))
        .replace('self.__GW_PRECACHE__', JSON.stringify(['./', ...files.filter((f) => f !== 'index.html')]));
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
