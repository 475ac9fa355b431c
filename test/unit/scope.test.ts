import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/actor';
import { inScope, scopeFromPaths, seesWholeTenant } from '../../shared/domain/scope';

const actor = (roles: Actor['roles'], gridIds: string[] = []): Actor => ({ userId: 'u', tenantId: 't', roles, gridIds, venueKinds: [] });

describe('grid scope', () => {
  it('gives admins, industry authorities and unscoped supervisors the whole tenant', () => {
    expect(seesWholeTenant(actor(['tenant-admin']))).toBe(true);
    expect(seesWholeTenant(actor(['industry-authority']))).toBe(true);
    expect(seesWholeTenant(actor(['supervisor']))).toBe(true);
    expect(seesWholeTenant(actor(['supervisor'], ['a']))).toBe(false);
    expect(seesWholeTenant(actor(['inspector']))).toBe(false);
  });

  it('limits scoped callers to their subtrees', () => {
    const scope = scopeFromPaths(actor(['inspector'], ['b', 'c']), ['/a/b/', '/x/c/']);
    expect(inScope(scope, '/a/b/')).toBe(true);
    expect(inScope(scope, '/a/b/d/')).toBe(true);
    expect(inScope(scope, '/a/')).toBe(false);
    expect(inScope(scope, '/a/bb/')).toBe(false);
    expect(inScope(scope, '/x/c/z/')).toBe(true);
  });

  it('folds nested roots and gives an inspector without grids nothing', () => {
    expect(scopeFromPaths(actor(['inspector'], ['a', 'b']), ['/a/b/', '/a/'])).toEqual({ kind: 'subtrees', roots: ['/a/'] });
    const none = scopeFromPaths(actor(['inspector']), []);
    expect(inScope(none, '/a/')).toBe(false);
  });
});
