/**
 * Venue kinds (场所类别) and the industry authority (行业主管部门) that oversees each.
 * Tenants can add their own kinds; these defaults come from the domain brief.
 */
import * as z from 'zod';

export const VenueKindCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case code, e.g. internet-cafe');

export const VenueKind = z.strictObject({
  code: VenueKindCode,
  nameZh: z.string().trim().min(1).max(30),
  nameEn: z.string().trim().min(1).max(60),
  /** The industry authority, e.g. 市场监管 / 文广旅体 / 教育 / 住建. */
  authorityZh: z.string().trim().min(1).max(30),
});
export type VenueKind = z.infer<typeof VenueKind>;

export const DEFAULT_VENUE_KINDS: VenueKind[] = [
  { code: 'shop', nameZh: '门店', nameEn: 'Shop', authorityZh: '市场监管' },
  { code: 'supermarket', nameZh: '商超', nameEn: 'Supermarket', authorityZh: '市场监管' },
  { code: 'farmers-market', nameZh: '农贸市场', nameEn: "Farmers' market", authorityZh: '市场监管' },
  { code: 'restaurant', nameZh: '餐馆', nameEn: 'Restaurant', authorityZh: '市场监管' },
  { code: 'enterprise', nameZh: '企业', nameEn: 'Enterprise', authorityZh: '工信商务' },
  { code: 'construction-site', nameZh: '工地', nameEn: 'Construction site', authorityZh: '住建' },
  { code: 'hotel', nameZh: '酒店', nameEn: 'Hotel', authorityZh: '文广旅体' },
  { code: 'internet-cafe', nameZh: '网吧', nameEn: 'Internet cafe', authorityZh: '文广旅体' },
  { code: 'ktv', nameZh: 'KTV', nameEn: 'KTV', authorityZh: '文广旅体' },
  { code: 'chess-room', nameZh: '棋牌室', nameEn: 'Chess and card room', authorityZh: '文广旅体' },
  { code: 'arcade', nameZh: '游艺厅', nameEn: 'Arcade', authorityZh: '文广旅体' },
  { code: 'training-institution', nameZh: '校外培训机构', nameEn: 'Off-campus training institution', authorityZh: '教育' },
  { code: 'scenic-spot', nameZh: '景区', nameEn: 'Scenic spot', authorityZh: '文广旅体' },
  { code: 'cinema', nameZh: '影院', nameEn: 'Cinema', authorityZh: '文广旅体' },
  { code: 'library', nameZh: '图书馆', nameEn: 'Library', authorityZh: '文广旅体' },
  { code: 'museum', nameZh: '博物馆', nameEn: 'Museum', authorityZh: '文广旅体' },
];
