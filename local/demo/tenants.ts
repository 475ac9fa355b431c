/**
 * Who and where the demo is: a platform admin and two tenants drawn from the domain brief — a town in
 * Henan with three grid levels and a district in Guangzhou — each with an admin, a supervisor, an
 * industry authority and several inspectors, on grid trees like the articles describe.
 */
import type { Role } from '../../shared/domain/actor';
import type { GridInput } from '../../shared/domain/grid';

export const DEMO_PASSWORD = 'gridwatch-demo';

export interface DemoLogin {
  tenant: string;
  username: string;
  password: string;
  role: Role;
  note: string;
}

export interface DemoTenant {
  id: string;
  /** The region code (行政区划代码) at the start of its residents' ID numbers. */
  region: string;
  nameZh: string;
  nameEn: string;
  gridLevelNames: string[];
  grids: GridInput[];
  users: DemoUser[];
}

export interface DemoUser {
  id: string;
  displayName: string;
  roles: Exclude<Role, 'platform-admin'>[];
  gridIds?: string[];
  venueKinds?: string[];
  note: string;
}

const grid = (id: string, name: string, parentId: string | null, extra: Partial<GridInput> = {}): GridInput => ({ id, name, parentId, ...extra });

export const DEMO_TENANTS: DemoTenant[] = [
  {
    id: 'longhu',
    region: '410184',
    nameZh: '新郑市龙湖镇',
    nameEn: 'Longhu Town, Xinzheng',
    gridLevelNames: ['一级网格（片区）', '二级网格（村/社区）', '三级网格（组/楼院）'],
    grids: [
      grid('lh-1', '第一片区', null),
      grid('lh-1-taishan', '泰山村', 'lh-1', { density: 'red', households: 1260 }),
      grid('lh-1-taishan-1', '泰山村一组', 'lh-1-taishan', { households: 42 }),
      grid('lh-1-taishan-2', '泰山村二组', 'lh-1-taishan', { households: 38 }),
      grid('lh-1-xiaoqiao', '小乔村', 'lh-1', { density: 'yellow', households: 860 }),
      grid('lh-1-xiaoqiao-1', '小乔村一组', 'lh-1-xiaoqiao', { households: 45 }),
      grid('lh-2', '第二片区', null),
      grid('lh-2-longhu', '龙湖社区', 'lh-2', { density: 'red', households: 3718 }),
      grid('lh-2-longhu-a', '龙湖社区东苑楼院', 'lh-2-longhu', { households: 50 }),
      grid('lh-2-longhu-b', '龙湖社区西苑楼院', 'lh-2-longhu', { households: 48 }),
      grid('lh-2-shuangqiao', '双桥村', 'lh-2', { density: 'green', households: 540 }),
      grid('lh-2-shuangqiao-1', '双桥村一组', 'lh-2-shuangqiao', { households: 36 }),
    ],
    users: [
      { id: 'admin', displayName: '王建国（管理员）', roles: ['tenant-admin'], note: '管理员 tenant admin' },
      { id: 'duban', displayName: '李秀英（督导组）', roles: ['supervisor'], note: '督导组 supervisor, whole town' },
      { id: 'zhang', displayName: '张伟（网格长）', roles: ['inspector'], gridIds: ['lh-1-taishan'], note: '泰山村 grid leader' },
      { id: 'liu', displayName: '刘洋（网格员）', roles: ['inspector'], gridIds: ['lh-1-taishan-1', 'lh-1-taishan-2'], note: '泰山村一组/二组 grid member' },
      { id: 'chen', displayName: '陈静（网格长）', roles: ['inspector'], gridIds: ['lh-2-longhu'], note: '龙湖社区 grid leader' },
      { id: 'zhao', displayName: '赵磊（网格员）', roles: ['inspector'], gridIds: ['lh-1-xiaoqiao', 'lh-2-shuangqiao'], note: '小乔村, 双桥村' },
      { id: 'shijianju', displayName: '市场监管所', roles: ['industry-authority'], venueKinds: ['shop', 'supermarket', 'farmers-market', 'restaurant'], note: '市场监管 industry authority' },
    ],
  },
  {
    id: 'tianhe',
    region: '440106',
    nameZh: '广州市天河区',
    nameEn: 'Tianhe District, Guangzhou',
    gridLevelNames: ['一级网格（街道）', '二级网格（社区）', '三级网格（网格）'],
    grids: [
      grid('th-shipai', '石牌街道', null),
      grid('th-shipai-pailou', '石牌社区', 'th-shipai', { density: 'red', households: 2980 }),
      grid('th-shipai-pailou-01', '石牌社区第1网格', 'th-shipai-pailou', { households: 320 }),
      grid('th-shipai-pailou-02', '石牌社区第2网格', 'th-shipai-pailou', { households: 290 }),
      grid('th-shipai-gangding', '岗顶社区', 'th-shipai', { density: 'yellow', households: 1850 }),
      grid('th-shipai-gangding-01', '岗顶社区第1网格', 'th-shipai-gangding', { households: 310 }),
      grid('th-linhe', '林和街道', null),
      grid('th-linhe-tiyu', '体育东社区', 'th-linhe', { density: 'yellow', households: 2100 }),
      grid('th-linhe-tiyu-01', '体育东社区第1网格', 'th-linhe-tiyu', { households: 300 }),
      grid('th-linhe-tiyu-02', '体育东社区第2网格', 'th-linhe-tiyu', { households: 280 }),
    ],
    users: [
      { id: 'admin', displayName: '黄志强（管理员）', roles: ['tenant-admin'], note: '管理员 tenant admin' },
      { id: 'zhihuibu', displayName: '区指挥部督导', roles: ['supervisor'], note: '指挥部 supervisor, whole district' },
      { id: 'shipai-duban', displayName: '石牌街道督导', roles: ['supervisor'], gridIds: ['th-shipai'], note: 'supervisor of 石牌街道 only' },
      { id: 'lin', displayName: '林晓燕（网格员）', roles: ['inspector'], gridIds: ['th-shipai-pailou'], note: '石牌社区 grid member' },
      { id: 'he', displayName: '何俊（网格员）', roles: ['inspector'], gridIds: ['th-shipai-gangding'], note: '岗顶社区 grid member' },
      { id: 'guo', displayName: '郭敏（网格员）', roles: ['inspector'], gridIds: ['th-linhe-tiyu'], note: '体育东社区 grid member' },
      { id: 'wenlv', displayName: '区文广旅体局', roles: ['industry-authority'], venueKinds: ['internet-cafe', 'ktv', 'cinema', 'scenic-spot'], note: '文旅 industry authority' },
    ],
  },
];

export const PLATFORM_ADMIN = { id: 'root', displayName: '平台管理员' };
