/**
 * A pushed list (大数据推送) per demo town, written through the pushed-list job's row writer and the
 * task repository the API uses: rows matched to registered people (by phone), to grids by the
 * town's address rules, and waiting for a supervisor; tasks at every state — open with checks,
 * closed (found, not in the area, duplicate), unreachable and overdue (escalated), one routed.
 * Only once per town (a seed that runs again finds a list and leaves it).
 */
import type { TenantData } from '../../shared/data/tenant-data';
import type { Actor } from '../../shared/domain/actor';
import { addDays } from '../../shared/domain/local-day';
import { residentIdCheckChar } from '../../shared/domain/residents/id-number';
import type { PushedRow } from '../../shared/domain/pushed-lists/row';
import { DEFAULT_PUSHED_RETENTION_DAYS, DEFAULT_PUSHED_UNMASK_ROLES } from '../../shared/domain/pushed-lists/rules';
import { prng } from '../../shared/prng';

/** Registered demo people's phones (local/demo-residents.ts: the first two households' first members). */
const REGISTERED_PHONES = ['13910000000', '13910000097'];
const NAMES = ['马俊杰', '孙丽华', '胡志明', '郭晓燕', '何立新', '高雪梅', '林文博', '罗佳琪', '梁家豪', '宋雨桐'];
const FROM = ['某省某市（中风险地区）', '某市某区', '境外经某口岸入境'];

export async function seedDemoPushedList(data: TenantData, region: string, areaGridId: string, now: Date): Promise<void> {
  const { pushedLists } = data.residents;
  if ((await pushedLists.lists.list({ limit: 1 })).items.length) return;
  const random = prng(region.split('').reduce((s, c) => s * 31 + c.charCodeAt(0), 7));
  const actor: Actor = { userId: 'admin', tenantId: data.tenantId, roles: ['tenant-admin'], gridIds: [], venueKinds: [] };
  const scope = { kind: 'tenant' } as const;
  const tree = await data.grids.tree();
  const area = tree.find((g) => g.id === areaGridId)!;
  const [a, b = a] = tree.filter((g) => g.path.startsWith(area.path) && !tree.some((c) => c.parentId === g.id));
  // The town's address rules: two compounds and a road.
  const rules = await data.rules.get();
  const { version, updatedAt: _at, updatedBy: _by, ...body } = rules;
  const addressRules = { compounds: [{ name: `${a.name}小区`, aliases: [a.name], gridId: a.id }], roads: [{ road: '幸福路', from: 1, to: 199, side: 'both' as const, gridId: b.id }] };
  await data.rules.save({ ...body, version, residents: { ...rules.residents, pushedLists: { addressRules, deadlineDays: 0, unmaskRoles: [...DEFAULT_PUSHED_UNMASK_ROLES], retentionDays: DEFAULT_PUSHED_RETENTION_DAYS, scopedRouting: false } } }, actor.userId, now);

  const idNumber = (n: number) => {
    const first17 = `${region}19${70 + random.int(0, 29)}0${random.int(1, 9)}1${random.int(0, 9)}${300 + n}`;
    return `${first17}${residentIdCheckChar(first17)}`;
  };
  const row = (n: number, extra: Partial<PushedRow>): PushedRow => ({ line: n + 2, name: NAMES[n], idNumber: idNumber(n), phone: `137${String(20_000_000 + n * 131).slice(0, 8)}`, arrivedFrom: random.pick(FROM), arrivalDate: addDays(now.toISOString().slice(0, 10), -1), source: '省大数据局', riskLevel: random.pick(['high', 'medium', 'low'] as const), ...extra });
  const rows = [
    row(0, { idNumber: undefined, phone: REGISTERED_PHONES[0] }),
    row(1, { idNumber: undefined, phone: REGISTERED_PHONES[1] }),
    row(2, { address: `${a.name}小区3栋2单元` }),
    row(3, { address: `${a.name}5号楼` }),
    row(4, { address: '幸福路18号' }),
    row(5, { address: '幸福路27号' }),
    row(6, { address: '外地某小区' }),
    row(7, { address: '地址不详' }),
  ];
  const yesterday = new Date(now.getTime() - 86_400_000);
  const late = [row(8, { address: `${a.name}小区1栋` }), row(9, { address: '幸福路3号' })];

  const list = await pushedLists.lists.create({ name: '省大数据局推送名单（第1批）', fileName: '推送名单.xlsx', size: 1, format: 'xlsx' }, actor.userId, yesterday);
  const writer = await pushedLists.rowWriter();
  for (const r of late) await writer.write(list.id, r, yesterday, actor.userId);
  for (const r of rows) await writer.write(list.id, r, now, actor.userId);
  await pushedLists.lists.markDone(list.id, { rows: rows.length + late.length + 1, invalid: 1, duplicates: 0 }, now);
  await pushedLists.lists.storeErrors(list.id, [{ line: 13, field: 'idNumber', value: `${region}****1234`, message: 'the check digit does not match (GB 11643)', messageZh: '身份证号无效' }]);

  const byLine = new Map<number, Awaited<ReturnType<typeof pushedLists.tasks.get>>>();
  for await (const t of pushedLists.tasks.eachOfList(list.id)) byLine.set(t.line, t);
  const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  // Closed (found: the registered person, linked; not in the area; duplicate) and unreachable (escalated).
  for (const [line, outcome] of [[2, 'found'], [6, 'not-in-area'], [7, 'duplicate'], [5, 'unreachable']] as const) {
    const task = byLine.get(line);
    if (!task || task.status === 'routing') continue;
    await pushedLists.tasks.addCheck(actor, scope, task.id, { id: demoCheckId(now, line), method: outcome === 'unreachable' ? 'phone' : 'door', result: outcome === 'unreachable' ? 'not-reached' : 'reached', at: at(90 - line) }, now);
    const found = outcome === 'found' && task.match.personId ? { link: { householdId: task.match.householdId!, personId: task.match.personId } } : undefined;
    await pushedLists.recordOutcome(actor, scope, task.id, { version: task.version, outcome, note: outcome === 'duplicate' ? '与第 4 行为同一人' : undefined, whereTo: outcome === 'not-in-area' ? '已返回原籍' : undefined, found }, now);
  }
  // Open, with an employer's self-check on record.
  const open = byLine.get(4);
  if (open) await pushedLists.tasks.addCheck(actor, scope, open.id, { id: demoCheckId(now, 4), method: 'employer', result: 'info', note: '单位反馈本人已请假在家', at: at(30) }, now);
  // One waiting row routed by the supervisor; the other stays in the queue.
  const waiting = byLine.get(9);
  if (waiting?.status === 'routing') await pushedLists.tasks.route({ ...actor, userId: 'duban', roles: ['supervisor'] }, scope, waiting.id, { version: waiting.version, gridId: a.id }, now);
  // Yesterday's rows not verified: overdue, with the supervisor.
  await pushedLists.tasks.escalateOverdue(await data.residents.dayOf(now), now);
}

/** A deterministic check id (a ULID of the demo's own: time 01JP…). */
function demoCheckId(now: Date, line: number): string {
  const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let s = '';
  for (let v = Math.floor(now.getTime() / 1000) * 100 + line; s.length < 22; v = Math.floor(v / 32)) s = CROCKFORD[v % 32] + s;
  return `01JP${s}`;
}
