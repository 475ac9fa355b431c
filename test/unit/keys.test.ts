import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gridPath, InvalidKeyError, tenantKeys } from '../../shared/data/keys';

describe('key module', () => {
  it('refuses to build keys without a valid tenant', () => {
    for (const bad of ['', 'A', 'x', 'has#hash', 'has space', '9starts-with-digit', undefined as unknown as string, 'a'.repeat(41)]) {
      expect(() => tenantKeys(bad)).toThrow(InvalidKeyError);
    }
  });

  it('starts every partition key with the tenant', () => {
    const k = tenantKeys('longhu');
    for (const key of [k.tenant(), k.grid('g1'), k.user('zhang'), k.loginFailures('zhang')]) {
      expect(key.pk.startsWith('T#longhu')).toBe(true);
    }
    expect(k.gridTree().pk).toBe('T#longhu#GRIDS');
    expect(k.users().pk).toBe('T#longhu#USERS');
  });

  it('refuses id parts that could break a key apart', () => {
    const k = tenantKeys('longhu');
    expect(() => k.grid('a#b')).toThrow(InvalidKeyError);
    expect(() => k.user('x/y')).toThrow(InvalidKeyError);
    expect(() => k.grid('')).toThrow(InvalidKeyError);
  });

  it('builds grid paths so that a subtree is a prefix', () => {
    const root = gridPath(null, 'a');
    const child = gridPath(root, 'b');
    expect(root).toBe('/a/');
    expect(child).toBe('/a/b/');
    expect(child.startsWith(root)).toBe(true);
    // '/a/' is not a prefix of '/ab/': the trailing slash keeps siblings apart.
    expect(gridPath(null, 'ab').startsWith(root)).toBe(false);
  });

  it('reaches the area key builders (shared/data/keys/) only through tenantKeys', () => {
    // An area builder takes the tenant prefix as a plain string; only keys.ts may hand it one.
    const root = join(__dirname, '../..');
    const importers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (['node_modules', '.git', '.data', 'cdk.out', 'dist'].includes(entry.name)) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ts$/.test(entry.name) && /from '[./]*(shared\/data\/)?keys\/(?!parts')/.test(readFileSync(path, 'utf8'))) importers.push(relative(root, path));
      }
    };
    for (const dir of ['shared', 'functions', 'local', 'test', 'bench', 'infra', 'web']) walk(join(root, dir));
    expect(importers).toEqual(['shared/data/keys.ts']);
  });
});
