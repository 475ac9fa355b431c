/**
 * Demo venues for the two demo tenants: a hand-written core of the kinds the source articles name
 * (shops, supermarkets, farmers' markets, restaurants, internet cafes, KTV, chess rooms, training
 * institutions, construction sites, hotels, scenic spots), and around it a street of ordinary shops,
 * eateries and small firms in every grid, drawn from a fixed seed. There are enough venues of the
 * kinds that fill the quota (quota.venueKinds) that every demo inspector gets a full list: a village
 * head (level 2) is given what the group leaders (level 3) below have no room for, so a village
 * needs more than the sum of its inspectors' quotas (docs/rules.md "Who").
 */
import type { VenueInput } from '../../shared/domain/venues/venue';
import { prng, seedOf } from '../../shared/prng';

type Risk = 'red' | 'yellow' | 'green';
type Row = [name: string, kind: string, gridId: string, address: string, risk: Risk, contact?: string];

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

/** One street of a grid: where its venues are, and how many of each kind to draw. */
interface Street {
  gridId: string;
  /** Address stems; a house number is added. */
  roads: string[];
  kinds: Partial<Record<string, number>>;
  /** Offset of the street from the town centre, in 0.001° steps (≈ 100 m). */
  at: [number, number];
}

const LONGHU_STREETS: Street[] = [
  { gridId: 'lh-1-taishan', roads: ['泰山村主街', '新郑路泰山段'], kinds: { shop: 5, restaurant: 3, supermarket: 1, enterprise: 2, hotel: 1 }, at: [6, -8] },
  { gridId: 'lh-1-taishan-1', roads: ['泰山村一组中街', '泰山村一组北街'], kinds: { shop: 7, restaurant: 4, supermarket: 1, enterprise: 3, 'training-institution': 1 }, at: [8, -10] },
  { gridId: 'lh-1-taishan-2', roads: ['泰山村二组南街', '泰山村二组集贸路'], kinds: { shop: 7, restaurant: 4, supermarket: 1, enterprise: 3 }, at: [4, -10] },
  { gridId: 'lh-1-xiaoqiao', roads: ['小乔村主街'], kinds: { shop: 2, restaurant: 2, 'construction-site': 1 }, at: [12, -3] },
  { gridId: 'lh-1-xiaoqiao-1', roads: ['小乔村一组商业街', '小乔村工业路'], kinds: { shop: 4, restaurant: 2, enterprise: 2 }, at: [14, -2] },
  { gridId: 'lh-2-longhu', roads: ['龙湖大道', '祥和路'], kinds: { shop: 3, restaurant: 2, supermarket: 1 }, at: [-4, 4] },
  { gridId: 'lh-2-longhu-a', roads: ['龙湖社区东苑底商', '东苑商业楼'], kinds: { shop: 5, restaurant: 3, supermarket: 1 }, at: [-3, 6] },
  { gridId: 'lh-2-longhu-b', roads: ['龙湖社区西苑底商', '西苑临街'], kinds: { shop: 4, restaurant: 3, enterprise: 1 }, at: [-6, 5] },
  { gridId: 'lh-2-shuangqiao', roads: ['双桥村主街'], kinds: { shop: 2, restaurant: 1, 'chess-room': 1 }, at: [-10, -4] },
  { gridId: 'lh-2-shuangqiao-1', roads: ['双桥村一组', '双桥村村委会路'], kinds: { shop: 3, restaurant: 2, enterprise: 2 }, at: [-12, -5] },
];

const TIANHE_STREETS: Street[] = [
  { gridId: 'th-shipai-pailou', roads: ['石牌东路', '龙口西路'], kinds: { shop: 2, restaurant: 2 }, at: [0, 0] },
  { gridId: 'th-shipai-pailou-01', roads: ['石牌东路', '石牌东路市场街'], kinds: { shop: 5, restaurant: 4, supermarket: 1, ktv: 1 }, at: [1, 1] },
  { gridId: 'th-shipai-pailou-02', roads: ['石牌西路', '石牌西路横街'], kinds: { shop: 4, restaurant: 3, supermarket: 1, enterprise: 1 }, at: [-1, 1] },
  { gridId: 'th-shipai-gangding', roads: ['天河路', '岗顶南街'], kinds: { shop: 3, restaurant: 3, enterprise: 2, 'internet-cafe': 1 }, at: [3, -2] },
  { gridId: 'th-shipai-gangding-01', roads: ['天河路', '华师路'], kinds: { shop: 6, restaurant: 4, supermarket: 1, enterprise: 3 }, at: [4, -3] },
  { gridId: 'th-linhe-tiyu', roads: ['体育东路', '天河北路'], kinds: { shop: 2, restaurant: 2 }, at: [-8, 12] },
  { gridId: 'th-linhe-tiyu-01', roads: ['体育东横街', '体育东路'], kinds: { shop: 5, restaurant: 4, supermarket: 1, enterprise: 1 }, at: [-9, 13] },
  { gridId: 'th-linhe-tiyu-02', roads: ['体育东路', '天河北路'], kinds: { shop: 4, restaurant: 4, supermarket: 1, enterprise: 1, cinema: 1 }, at: [-7, 14] },
];

/** Name stems by kind: a prefix (a family name, a shop sign) and a kind of business. */
interface Names {
  prefixes: string[];
  byKind: Record<string, string[]>;
  people: string[];
}

const HENAN: Names = {
  prefixes: ['老王', '李记', '张家', '刘氏', '鑫源', '福顺', '兴隆', '金穗', '宏达', '顺发', '万家', '永盛', '聚福', '好运来', '红星', '豫中', '中原', '开心', '郑记', '赵家', '孙记', '新乡', '农家'],
  byKind: {
    shop: ['百货店', '小卖部', '五金店', '烟酒店', '水果店', '药店', '理发店', '手机店', '文具店', '服装店', '粮油店', '日杂店', '农资店', '电动车行', '母婴店', '蔬菜店', '调料店', '家电维修部'],
    restaurant: ['烩面馆', '胡辣汤', '饺子馆', '羊肉汤馆', '家常菜馆', '烧烤店', '包子铺', '米线店', '蒸面馆', '早餐店', '卤肉店', '炸鸡店'],
    supermarket: ['便民超市', '惠民超市', '生活超市', '购物广场', '平价超市'],
    enterprise: ['面粉厂', '建材厂', '物流公司', '纸箱厂', '食品厂', '服装加工厂', '汽修厂', '家具厂', '预制板厂', '钢构厂', '印刷厂'],
    hotel: ['宾馆', '快捷酒店'],
    'training-institution': ['书法培训班', '舞蹈培训中心'],
    'construction-site': ['安置房工地', '厂房建设工地'],
    'chess-room': ['棋牌室'],
  },
  people: ['王秀兰', '李建国', '张红梅', '刘海涛', '陈国强', '杨丽', '赵志刚', '黄静', '周晓峰', '吴桂芳', '徐明', '孙丽娟', '马卫东', '朱玉兰', '胡军'],
};

const GUANGZHOU: Names = {
  prefixes: ['旺记', '陈记', '华穗', '粤香', '天福', '顺德', '潮汕', '利民', '穗丰', '新世纪', '南方', '金沙', '宏图', '骏景', '海天', '荔湾', '岭南', '明记', '锦记'],
  byKind: {
    shop: ['便利店', '士多', '药房', '五金店', '美发店', '奶茶店', '文具店', '手机维修店', '花店', '眼镜店', '水果店', '面包店', '洗衣店', '烟酒行'],
    restaurant: ['茶餐厅', '肠粉店', '粥铺', '烧腊店', '云吞面', '牛杂店', '砂锅粥', '甜品店', '牛肉火锅', '煲仔饭', '早茶楼', '猪脚饭'],
    supermarket: ['优选超市', '生活超市', '万佳超市', '鲜生超市', '便民超市'],
    enterprise: ['科技有限公司', '贸易有限公司', '网络科技公司', '电子商行', '设计工作室', '教育咨询公司', '电商公司'],
    ktv: ['量贩KTV'],
    'internet-cafe': ['电竞网咖'],
    cinema: ['影城'],
  },
  people: ['梁志明', '陈丽华', '黄伟强', '李嘉欣', '何文杰', '林小燕', '郭建华', '罗美玲', '冯志强', '邓丽君', '谢国栋', '麦淑仪'],
};

/** Kinds that tend to be riskier (crowds, food): more red and yellow among them. */
const RISKY = new Set(['restaurant', 'supermarket', 'farmers-market', 'ktv', 'internet-cafe', 'chess-room', 'construction-site']);

function streetVenues(tenantId: string, streets: Street[], names: Names, taken: Set<string>): Row[] {
  const r = prng(seedOf(`venues/${tenantId}`));
  const rows: Row[] = [];
  for (const street of streets) {
    for (const [kind, count] of Object.entries(street.kinds)) {
      for (let n = 0; n < (count ?? 0); n++) {
        let name = '';
        for (let tries = 0; !name || taken.has(name); tries++) name = `${r.pick(names.prefixes)}${r.pick(names.byKind[kind])}${tries > 20 ? tries : ''}`;
        taken.add(name);
        const roll = r.next();
        const risk: Risk = RISKY.has(kind) ? (roll < 0.25 ? 'red' : roll < 0.7 ? 'yellow' : 'green') : roll < 0.08 ? 'red' : roll < 0.4 ? 'yellow' : 'green';
        const floor = kind === 'enterprise' || kind === 'training-institution' ? `${r.int(2, 9)}楼` : '';
        rows.push([name, kind, street.gridId, `${r.pick(street.roads)}${r.int(1, 180)}号${floor}`, risk, r.chance(0.6) ? r.pick(names.people) : undefined]);
      }
    }
  }
  return rows;
}

/** Coordinates near each town (Xinzheng, Henan; Tianhe, Guangzhou). */
const CENTRES: Record<string, { lat: number; lng: number }> = { longhu: { lat: 34.48, lng: 113.76 }, tianhe: { lat: 23.135, lng: 113.33 } };

export function demoVenues(tenantId: string): VenueInput[] {
  const [core, streets, names] = tenantId === 'longhu' ? [LONGHU, LONGHU_STREETS, HENAN] : tenantId === 'tianhe' ? [TIANHE, TIANHE_STREETS, GUANGZHOU] : [[], [], HENAN];
  const rows = [...core, ...streetVenues(tenantId, streets, names, new Set(core.map((row) => row[0])))];
  const centre = CENTRES[tenantId];
  const streetAt = new Map(streets.map((s) => [s.gridId, s.at]));
  return rows.map(([name, kind, gridId, address, risk, contactName], i) => {
    // Each venue a few dozen metres from its street's point, so one round's walk stays plausible.
    const [dLat, dLng] = streetAt.get(gridId) ?? [0, 0];
    return {
      externalId: `${tenantId.toUpperCase()}-${String(i + 1).padStart(4, '0')}`,
      name,
      kind,
      gridId,
      address,
      risk,
      contactName,
      contactPhone: contactName ? `1380371${String(1000 + i * 37).slice(-4)}` : undefined,
      coordinates: {
        lat: Number((centre.lat + dLat * 0.001 + ((i % 5) - 2) * 0.0004).toFixed(5)),
        lng: Number((centre.lng + dLng * 0.001 + ((Math.floor(i / 5) % 5) - 2) * 0.0004).toFixed(5)),
      },
    };
  });
}
