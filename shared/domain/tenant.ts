import * as z from 'zod';
import { PLATFORM_TENANT } from './actor';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const TenantId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case letters, digits and dashes, starting with a letter (2–40)')
  .refine((id) => id !== PLATFORM_TENANT, 'this id is reserved');

export const TimeZone = z.string().refine(isTimeZone, 'not an IANA time zone, e.g. Asia/Shanghai');

/** Names of grid levels from the top, e.g. 一级网格 / 二级网格 / 三级网格. */
export const GridLevelNames = z.array(z.string().trim().min(1).max(20)).min(1).max(8);

export const TenantInput = z.strictObject({
  id: TenantId,
  nameZh: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(100),
  timezone: TimeZone.default('Asia/Shanghai'),
  gridLevelNames: GridLevelNames.default(['一级网格', '二级网格', '三级网格']),
});
export type TenantInput = z.infer<typeof TenantInput>;

export const TenantPatch = z.strictObject({
  version: z.number().int().min(1),
  nameZh: z.string().trim().min(1).max(60).optional(),
  nameEn: z.string().trim().min(1).max(100).optional(),
  timezone: TimeZone.optional(),
  gridLevelNames: GridLevelNames.optional(),
  status: z.enum(['active', 'suspended']).optional(),
});
export type TenantPatch = z.infer<typeof TenantPatch>;

export const Tenant = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  timezone: z.string(),
  gridLevelNames: z.array(z.string()),
  status: z.enum(['active', 'suspended']),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Tenant = z.infer<typeof Tenant>;
