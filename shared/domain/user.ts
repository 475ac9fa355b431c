import * as z from 'zod';
import { Role } from './actor';
import { GridId } from './grid';

/** The user id is the login name: stable, lower case, unique within a tenant. */
export const UserId = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, 'lower-case letters, digits, . _ - (2–40)');
export const Password = z.string().min(8, 'at least 8 characters').max(200);
export const VenueKindCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);

const scopeFields = {
  gridIds: z.array(GridId).max(200).default([]),
  venueKinds: z.array(VenueKindCode).max(50).default([]),
};

export const UserInput = z.strictObject({
  id: UserId,
  displayName: z.string().trim().min(1).max(60),
  phone: z.string().regex(/^\+?[0-9 -]{5,20}$/).optional(),
  roles: z.array(Role.exclude(['platform-admin'])).min(1).max(4),
  password: Password,
  ...scopeFields,
});
export type UserInput = z.infer<typeof UserInput>;

export const UserPatch = z.strictObject({
  version: z.number().int().min(1),
  displayName: z.string().trim().min(1).max(60).optional(),
  phone: z.string().regex(/^\+?[0-9 -]{5,20}$/).optional(),
  roles: z.array(Role.exclude(['platform-admin'])).min(1).max(4).optional(),
  gridIds: scopeFields.gridIds.unwrap().optional(),
  venueKinds: scopeFields.venueKinds.unwrap().optional(),
  status: z.enum(['active', 'disabled']).optional(),
  /** Set a new password (admin reset). */
  password: Password.optional(),
  onLeave: z.boolean().optional(),
});
export type UserPatch = z.infer<typeof UserPatch>;

/** What the API returns: never the password hash. */
export const User = z.object({
  id: z.string(),
  displayName: z.string(),
  phone: z.string().optional(),
  roles: z.array(Role),
  gridIds: z.array(z.string()),
  venueKinds: z.array(z.string()),
  /** Disabled: may be enabled again. Removed: for good (the item stays for the history that names the user). */
  status: z.enum(['active', 'disabled', 'removed']),
  removedAt: z.string().optional(),
  removedBy: z.string().optional(),
  onLeave: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof User>;
