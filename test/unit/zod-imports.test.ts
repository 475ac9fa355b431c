/**
 * zod is imported as a namespace (`import * as z from 'zod'`) outside the API routes: esbuild then
 * keeps only the parts a bundle uses. `import { z } from 'zod'` makes it keep all of zod (its ~260 KiB
 * of locales too): the scheduler Lambdas grew from 463 to 824 KiB that way (bench/lambda.bench.ts).
 * The API's routes too: taking `z` from @hono/zod-openapi would do the same to the API's bundle,
 * where functions/api/openapi-runtime.ts stands in for that package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('zod imports', () => {
  it('are namespace imports of zod itself in shared/, local/ and functions/', () => {
    const offenders = ['shared', 'local', 'functions'].flatMap(files).filter((f) => /import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'(zod|@hono\/zod-openapi)'/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
