/** Who may staff a checkpoint, pure: in, above or under its grid, or a role spanning the tenant's grids; nobody else. */
import { describe, expect, it } from 'vitest';
import { worksInCheckpointGrid } from '../../shared/domain/checkpoints/staff';

const village = '/n/v/';
const inspector = (gridIds: string[]) => ({ roles: ['inspector' as const], gridIds });

describe('checkpoint staff', () => {
  it('works in the grid, above it or in one of its groups', () => {
    expect(worksInCheckpointGrid(inspector(['v']), ['/n/v/'], village)).toBe(true);
    expect(worksInCheckpointGrid(inspector(['n']), ['/n/'], village)).toBe(true);
    expect(worksInCheckpointGrid(inspector(['g1']), ['/n/v/g1/'], village)).toBe(true);
    expect(worksInCheckpointGrid(inspector(['s', 'g1']), ['/s/', '/n/v/g1/'], village)).toBe(true);
  });

  it('refuses a neighbour, a grid whose path only begins alike, and someone with no grid', () => {
    expect(worksInCheckpointGrid(inspector(['s']), ['/s/sv/'], village)).toBe(false);
    expect(worksInCheckpointGrid(inspector(['v2']), ['/n/v2/'], village)).toBe(false);
    expect(worksInCheckpointGrid(inspector([]), [], village)).toBe(false);
    // A scoped supervisor elsewhere is not tenant-wide.
    expect(worksInCheckpointGrid({ roles: ['supervisor'], gridIds: ['s'] }, ['/s/'], village)).toBe(false);
    // An industry authority sees the tenant by industry, not by grid: not a gate's staff.
    expect(worksInCheckpointGrid({ roles: ['industry-authority'], gridIds: [] }, [], village)).toBe(false);
  });

  it('takes a role spanning the tenant anywhere', () => {
    expect(worksInCheckpointGrid({ roles: ['tenant-admin'], gridIds: [] }, [], village)).toBe(true);
    expect(worksInCheckpointGrid({ roles: ['supervisor'], gridIds: [] }, [], village)).toBe(true);
  });
});
