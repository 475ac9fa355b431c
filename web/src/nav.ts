/**
 * Navigation by role. A user with several roles sees each role's section. Screens whose API does
 * not exist yet are marked `soon` and show the 即将上线 panel, never invented data.
 */
import type { Role } from '../../shared/domain/actor';
import type { MessageKey } from './i18n/messages';
import { Store } from './store';

export type RouteId =
  | 'today'
  | 'venues'
  | 'outbox'
  | 'dashboard'
  | 'problems'
  | 'daily-report'
  | 'rules'
  | 'checklists'
  | 'grids'
  | 'users'
  | 'venue-import'
  | 'resident-import'
  | 'tenants'
  | 'inspect'
  | 'scan'
  | 'residents'
  | 'household'
  | 'community-map'
  | 'access-log'
  | 'monitoring-today'
  | 'monitoring'
  | 'monitoring-episode'
  | 'resident-rules'
  | 'testing'
  | 'testing-record'
  | 'checkpoints'
  | 'checkpoint-entry'
  | 'grid-map'
  // The office's enforcement screens (issue 13):
  | 'enforcement'
  | 'bulletins'
  | 'closure-notices'
  | 'must-check'
  | 'joint-enforcement'
  | 'inspection'
  | 'pushed-lists'
  | 'pushed-tasks'
  | 'pushed-routing'
  // Self-registration's staff screens (issue 16):
  | 'registration-review'
  | 'registration-codes';

export interface NavItem {
  route: RouteId;
  label: MessageKey;
  icon: string;
  soon?: boolean;
  /** Reached from other screens (a venue, the form, the scanner), not listed in the navigation. */
  hidden?: boolean;
}

const item = (route: RouteId, label: MessageKey, icon: string, soon = false): NavItem => ({ route, label, icon, soon });
const hidden = (route: RouteId, label: MessageKey): NavItem => ({ route, label, icon: '', hidden: true });
const FIELD_FORMS = [hidden('inspect', 'nav.inspect'), hidden('scan', 'nav.scan')];
/** An inspection as evidence (检查详情), reached from inspection rows. */
const EVIDENCE = hidden('inspection', 'nav.inspection');
/** The residents registry: households, a household's file, the community map. */
const RESIDENTS = [item('residents', 'nav.residents', '户'), hidden('household', 'nav.household'), item('community-map', 'nav.communityMap', '▥'), hidden('monitoring-episode', 'mon.file')];
/** The office's enforcement: black cards and suspensions, bulletins, tenant-wide closure notices. */
const OFFICE = [item('enforcement', 'nav.enforcement', '◆'), item('bulletins', 'nav.bulletins', '✉'), item('closure-notices', 'nav.closureNotices', '⊘'), item('joint-enforcement', 'nav.jointEnforcement', '⚖')];

/** Pushed lists (大数据推送): upload and progress, the routing queue, the task board. */
const PUSHED_LISTS = [item('pushed-lists', 'nav.pushedLists', '⚑'), item('pushed-routing', 'nav.pushedRouting', '⇢'), item('pushed-tasks', 'nav.pushedTasks', '⚐')];

/** Self-registration (扫码登记): the review queue; the codes and posters for those who make them. */
const REGISTRATION_REVIEW = item('registration-review', 'nav.registrationReview', '✍');
const REGISTRATION = [REGISTRATION_REVIEW, item('registration-codes', 'nav.registrationCodes', '▩')];

const NAV_BY_ROLE: Record<Role, NavItem[]> = {
  inspector: [item('today', 'nav.today', '✓'), item('venues', 'nav.venues', '⌂'), item('grid-map', 'nav.gridMap', '◧'), ...RESIDENTS, item('monitoring-today', 'nav.monitoringToday', '℃'), item('testing-record', 'nav.testingRecord', '⚕'), item('pushed-tasks', 'nav.pushedTasks', '⚑'), REGISTRATION_REVIEW, item('checkpoint-entry', 'nav.checkpointEntry', '⇥'), item('outbox', 'nav.outbox', '⇅'), ...FIELD_FORMS, EVIDENCE],
  supervisor: [
    item('dashboard', 'nav.dashboard', '▦'),
    item('problems', 'nav.problems', '!'),
    item('daily-report', 'nav.dailyReport', '≡'),
    item('grid-map', 'nav.gridMap', '◧'),
    ...OFFICE,
    ...RESIDENTS,
    item('monitoring', 'nav.monitoring', '℃'),
    item('testing', 'nav.testing', '⚕'),
    item('checkpoints', 'nav.checkpoints', '⇥'),
    ...PUSHED_LISTS,
    ...REGISTRATION,
    hidden('venues', 'nav.venues'),
    ...FIELD_FORMS,
    hidden('outbox', 'nav.outbox'),
    EVIDENCE,
  ],
  'industry-authority': [
    item('must-check', 'nav.mustCheck', '◆'),
    item('venues', 'nav.venues', '⌂'),
    item('problems', 'nav.problems', '!'),
    item('grid-map', 'nav.gridMap', '◧'),
    item('bulletins', 'nav.bulletins', '✉'),
    item('outbox', 'nav.outbox', '⇅'),
    ...FIELD_FORMS,
    EVIDENCE,
  ],
  'tenant-admin': [
    item('rules', 'nav.rules', '§'),
    item('checklists', 'nav.checklists', '☑'),
    item('grids', 'nav.grids', '▤'),
    item('users', 'nav.users', '☺'),
    item('venue-import', 'nav.venueImport', '⇪'),
    item('resident-import', 'nav.residentImport', '⇪'),
    item('dashboard', 'nav.dashboard', '▦'),
    item('grid-map', 'nav.gridMap', '◧'),
    ...OFFICE,
    item('venues', 'nav.venues', '⌂'),
    ...RESIDENTS,
    item('monitoring', 'nav.monitoring', '℃'),
    item('testing', 'nav.testing', '⚕'),
    item('checkpoints', 'nav.checkpoints', '⇥'),
    ...PUSHED_LISTS,
    ...REGISTRATION,
    item('access-log', 'nav.accessLog', '◎'),
    item('resident-rules', 'nav.residentRules', '§'),
    hidden('venues', 'nav.venues'),
    EVIDENCE,
  ],
  'platform-admin': [item('tenants', 'nav.tenants', '▣')],
};

const ROLE_ORDER: Role[] = ['inspector', 'supervisor', 'industry-authority', 'tenant-admin', 'platform-admin'];

function sections(roles: readonly Role[]): { role: Role; items: NavItem[] }[] {
  const seen = new Set<RouteId>();
  // Listed items first, so a screen one role lists is not swallowed by another role's hidden entry.
  const all = ROLE_ORDER.filter((r) => roles.includes(r));
  const listed = new Set(all.flatMap((r) => NAV_BY_ROLE[r].filter((i) => !i.hidden).map((i) => i.route)));
  return all.map((role) => ({
    role,
    items: NAV_BY_ROLE[role].filter((i) => !(i.hidden && listed.has(i.route)) && !seen.has(i.route) && seen.add(i.route)),
  }));
}

/** The sections a user sees, in a fixed order; a screen appears once even if two roles share it. */
export function navFor(roles: readonly Role[]): { role: Role; items: NavItem[] }[] {
  return sections(roles)
    .map((s) => ({ ...s, items: s.items.filter((i) => !i.hidden) }))
    .filter((s) => s.items.length > 0);
}

export function allowedRoutes(roles: readonly Role[]): NavItem[] {
  return sections(roles).flatMap((s) => s.items);
}

/** The current screen, from the URL hash (`#/grids`): works on S3 with no rewrite rules. */
const parse = (): string => (globalThis.location?.hash ?? '').replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';

/** What follows the screen in the hash: `#/venues/<id>?code=…` → `{ id: '<id>', query: { code } }`. */
export interface RouteArgs {
  id?: string;
  query: URLSearchParams;
}

const parseArgs = (): RouteArgs => {
  const hash = (globalThis.location?.hash ?? '').replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?');
  const id = path.split('/')[1];
  return { id: id ? decodeURIComponent(id) : undefined, query: new URLSearchParams(query) };
};

export const route = new Store<string>(parse());
export const routeArgs = new Store<RouteArgs>(parseArgs());
globalThis.addEventListener?.('hashchange', () => {
  routeArgs.set(parseArgs());
  route.set(parse());
});

export function navigate(to: RouteId, id?: string, query?: Record<string, string>): void {
  const q = query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : '';
  const hash = `#/${to}${id ? `/${encodeURIComponent(id)}` : ''}${q}`;
  if (location.hash === hash) return;
  location.hash = hash;
}

/** An href for a link to a screen. */
export const href = (to: RouteId, id?: string, query?: Record<string, string>) =>
  `#/${to}${id ? `/${encodeURIComponent(id)}` : ''}${query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
