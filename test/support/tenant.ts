/**
 * A small tenant for a test: two top-level grids with children, and one user of every role,
 * each with a signed token. Tenant ids are unique per call, and so are grid and user ids (they
 * carry the tenant's suffix), so a cross-tenant request can never hit a same-named thing by luck.
 */
import { tenantData } from '../../shared/data/tenant-data';
import { tenantDirectory } from '../../shared/data/tenants';
import type { Role } from '../../shared/domain/actor';
import type { Api } from './api';
import { uniqueTenantId } from './db';

export const TEST_PASSWORD = 'correct-horse-42';

type UserKey = 'admin' | 'supervisor' | 'northSupervisor' | 'inspector' | 'industry';

export interface TestTenant {
  id: string;
  tokens: Record<UserKey, string>;
  users: Record<UserKey, string>;
  grids: { north: string; northVillage: string; northGroup1: string; northGroup2: string; south: string; southVillage: string };
}

/** `setUpAt`: when the tenant was set up (default now); inspections of days before it are refused. */
export async function createTestTenant(api: Api, prefix = 't', options: { setUpAt?: Date } = {}): Promise<TestTenant> {
  const id = uniqueTenantId(prefix);
  const s = id.slice(id.lastIndexOf('-') + 1);
  const now = options.setUpAt ?? api.clock.now();
  const grids = {
    north: `${s}-north`,
    northVillage: `${s}-north-v1`,
    northGroup1: `${s}-north-v1-g1`,
    northGroup2: `${s}-north-v1-g2`,
    south: `${s}-south`,
    southVillage: `${s}-south-v1`,
  };
  const users: Record<UserKey, string> = {
    admin: `admin-${s}`,
    supervisor: `boss-${s}`,
    northSupervisor: `north-boss-${s}`,
    inspector: `insp-${s}`,
    industry: `market-${s}`,
  };
  await tenantDirectory(api.db).create(
    { id, nameZh: '测试镇', nameEn: 'Test Town', timezone: 'Asia/Shanghai', gridLevelNames: ['一级', '二级', '三级'] },
    { id: users.admin, displayName: '管理员', password: TEST_PASSWORD },
    now,
  );
  const data = tenantData(api.db, id);
  await data.grids.create({ id: grids.north, name: '北片区', parentId: null }, now);
  await data.grids.create({ id: grids.northVillage, name: '北村', parentId: grids.north }, now);
  await data.grids.create({ id: grids.northGroup1, name: '北村一组', parentId: grids.northVillage }, now);
  await data.grids.create({ id: grids.northGroup2, name: '北村二组', parentId: grids.northVillage }, now);
  await data.grids.create({ id: grids.south, name: '南片区', parentId: null }, now);
  await data.grids.create({ id: grids.southVillage, name: '南村', parentId: grids.south }, now);

  const profiles: Record<UserKey, { roles: Role[]; gridIds: string[]; venueKinds: string[] }> = {
    admin: { roles: ['tenant-admin'], gridIds: [], venueKinds: [] },
    supervisor: { roles: ['supervisor'], gridIds: [], venueKinds: [] },
    northSupervisor: { roles: ['supervisor'], gridIds: [grids.north], venueKinds: [] },
    inspector: { roles: ['inspector'], gridIds: [grids.northGroup1], venueKinds: [] },
    industry: { roles: ['industry-authority'], gridIds: [], venueKinds: ['shop'] },
  };
  const tokens = {} as TestTenant['tokens'];
  for (const key of Object.keys(profiles) as UserKey[]) {
    const p = profiles[key];
    if (key !== 'admin') {
      await data.users.create({ id: users[key], displayName: users[key], roles: p.roles as never, gridIds: p.gridIds, venueKinds: p.venueKinds, password: TEST_PASSWORD }, now);
    }
    tokens[key] = await api.tokenFor({ userId: users[key], tenantId: id, ...p });
  }
  return { id, tokens, users, grids };
}
