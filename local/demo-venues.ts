/**
 * Demo venues for the two demo tenants: names, kinds and places of the kind the source articles
 * describe (shops, supermarkets, farmers' markets, restaurants, internet cafes, KTV, chess rooms,
 * training institutions, construction sites, hotels, scenic spots), spread over level-3 grids.
 */
import type { VenueInput } from '../shared/domain/venue';

type Row = [name: string, kind: string, gridId: string, address: string, risk: 'red' | 'yellow' | 'green', contact?: string];

const LONGHU: Row[] = [
  ['泰山村便民超市', 'supermarket', 'lh-1-taishan-1', '泰山村一组村口', 'yellow', '王桂兰'],
  ['老张烩面馆', 'restaurant', 'lh-1-taishan-1', '泰山村一组中街12号', 'yellow', '张建军'],
  ['泰山村卫生室旁小卖部', 'shop', 'lh-1-taishan-1', '泰山村一组3号', 'green'],
  ['和顺棋牌室', 'chess-room', 'lh-1-taishan-2', '泰山村二组东头', 'red', '李和顺'],
  ['泰山农贸市场', 'farmers-market', 'lh-1-taishan-2', '泰山村二组集贸路', 'red', '市场管理处'],
  ['豫香饭店', 'restaurant', 'lh-1-taishan-2', '泰山村二组南街5号', 'green'],
  ['小乔村百货店', 'shop', 'lh-1-xiaoqiao-1', '小乔村一组', 'green'],
  ['小乔村建材厂', 'enterprise', 'lh-1-xiaoqiao-1', '小乔村工业路8号', 'yellow', '乔伟'],
  ['星际网吧', 'internet-cafe', 'lh-1-xiaoqiao-1', '小乔村一组商业街', 'red', '刘星'],
  ['龙湖社区惠民超市', 'supermarket', 'lh-2-longhu-a', '龙湖社区东苑1号楼底商', 'yellow', '陈芳'],
  ['东苑水果店', 'shop', 'lh-2-longhu-a', '龙湖社区东苑3号楼底商', 'green'],
  ['金色童年培训学校', 'training-institution', 'lh-2-longhu-a', '龙湖社区东苑商业楼2层', 'yellow', '赵老师'],
  ['欢唱KTV', 'ktv', 'lh-2-longhu-a', '龙湖社区东苑商业楼3层', 'red'],
  ['西苑药店', 'shop', 'lh-2-longhu-b', '龙湖社区西苑5号楼底商', 'green'],
  ['西苑快捷酒店', 'hotel', 'lh-2-longhu-b', '龙湖社区西苑临街', 'yellow', '孙经理'],
  ['龙湖大道建筑工地（三标段）', 'construction-site', 'lh-2-longhu-b', '龙湖大道与祥和路交叉口', 'red', '项目部'],
  ['双桥村面粉厂', 'enterprise', 'lh-2-shuangqiao-1', '双桥村一组', 'green'],
  ['双桥村小超市', 'supermarket', 'lh-2-shuangqiao-1', '双桥村一组村委会旁', 'green'],
];

const TIANHE: Row[] = [
  ['石牌东路便利店', 'shop', 'th-shipai-pailou-01', '石牌东路23号', 'green'],
  ['牌坊茶餐厅', 'restaurant', 'th-shipai-pailou-01', '石牌东路41号', 'yellow', '梁先生'],
  ['石牌综合市场', 'farmers-market', 'th-shipai-pailou-01', '石牌东路市场街', 'red', '市场办'],
  ['极速网咖', 'internet-cafe', 'th-shipai-pailou-02', '石牌西路88号2楼', 'red', '黄小姐'],
  ['好又多超市（石牌店）', 'supermarket', 'th-shipai-pailou-02', '石牌西路100号', 'yellow'],
  ['星光影城', 'cinema', 'th-shipai-pailou-02', '石牌西路天河城5楼', 'yellow'],
  ['岗顶数码城', 'enterprise', 'th-shipai-gangding-01', '天河路岗顶', 'yellow', '物业管理处'],
  ['岗顶快餐', 'restaurant', 'th-shipai-gangding-01', '天河路590号', 'green'],
  ['思维培训中心', 'training-institution', 'th-shipai-gangding-01', '天河路600号8楼', 'yellow'],
  ['体育东路酒店', 'hotel', 'th-linhe-tiyu-01', '体育东路118号', 'yellow', '前台'],
  ['体育东横街小卖部', 'shop', 'th-linhe-tiyu-01', '体育东横街6号', 'green'],
  ['麦霸KTV', 'ktv', 'th-linhe-tiyu-02', '体育东路140号3楼', 'red'],
  ['天河公园东门景区', 'scenic-spot', 'th-linhe-tiyu-02', '天河公园东门', 'yellow', '公园管理处'],
  ['体育东棋牌社', 'chess-room', 'th-linhe-tiyu-02', '体育东路150号', 'red'],
];

/** Coordinates near each town (Xinzheng, Henan; Tianhe, Guangzhou), spread a little per venue. */
const CENTRES: Record<string, { lat: number; lng: number }> = { longhu: { lat: 34.48, lng: 113.76 }, tianhe: { lat: 23.135, lng: 113.33 } };

export function demoVenues(tenantId: string): VenueInput[] {
  const rows = tenantId === 'longhu' ? LONGHU : tenantId === 'tianhe' ? TIANHE : [];
  const centre = CENTRES[tenantId];
  return rows.map(([name, kind, gridId, address, risk, contactName], i) => ({
    externalId: `${tenantId.toUpperCase()}-${String(i + 1).padStart(4, '0')}`,
    name,
    kind,
    gridId,
    address,
    risk,
    contactName,
    contactPhone: contactName ? `1380371${String(1000 + i * 37).slice(-4)}` : undefined,
    coordinates: { lat: Number((centre.lat + ((i % 5) - 2) * 0.004).toFixed(5)), lng: Number((centre.lng + (Math.floor(i / 5) - 1) * 0.004).toFixed(5)) },
  }));
}
