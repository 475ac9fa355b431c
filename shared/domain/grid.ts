import * as z from 'zod';

/** Grid ids are chosen by the client (ULID) or the admin (a short code such as "g-1-3"). */
export const GridId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (1–64)');

export const GridInput = z.strictObject({
  id: GridId,
  name: z.string().trim().min(1).max(60),
  parentId: GridId.nullable().default(null),
  /** Density colour for the 三色管理图: red dense, yellow medium, green sparse. */
  density: z.enum(['red', 'yellow', 'green']).optional(),
  households: z.number().int().min(0).max(1_000_000).optional(),
});
export type GridInput = z.infer<typeof GridInput>;

export const GridPatch = z.strictObject({
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(60).optional(),
  density: z.enum(['red', 'yellow', 'green']).optional(),
  households: z.number().int().min(0).max(1_000_000).optional(),
});
export type GridPatch = z.infer<typeof GridPatch>;

export const GridMove = z.strictObject({
  version: z.number().int().min(1),
  newParentId: GridId.nullable(),
});

export const Grid = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  /** '/root/child/…/self/': the chain of ids from the top, so a subtree is a path prefix. */
  path: z.string(),
  /** 1 for a top-level grid. */
  level: z.number(),
  density: z.enum(['red', 'yellow', 'green']).optional(),
  households: z.number().optional(),
  status: z.enum(['active', 'retired']),
  /**
   * Was a top-level grid before a move put it under another: the inspections and events of its days
   * before the move are indexed under it as a top, so a day closed again later reads them there too.
   */
  formerTopLevel: z.boolean().optional(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Grid = z.infer<typeof Grid>;

/** The id of the grid at the end of a path: '/a/b/' → 'b' (paths are chains of grid ids). */
export const gridIdOf = (path: string) => path.split('/').filter(Boolean).at(-1) as string;

/** Depth of a grid from its path: '/a/' is 1, '/a/b/' is 2. */
export const levelOf = (path: string) => path.split('/').length - 2;

/** Is `path` inside (or equal to) the subtree rooted at `rootPath`? */
export const isWithin = (path: string, rootPath: string) => path.startsWith(rootPath);
