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
  | 'tenants';

export interface NavItem {
  route: RouteId;
  label: MessageKey;
  icon: string;
  soon?: boolean;
}

const item = (route: RouteId, label: MessageKey, icon: string, soon = false): NavItem => ({ route, label, icon, soon });

export const NAV_BY_ROLE: Record<Role, NavItem[]> = {
  inspector: [item('today', 'nav.today', '✓', true), item('venues', 'nav.venues', '⌂', true), item('outbox', 'nav.outbox', '⇅')],
  supervisor: [item('dashboard', 'nav.dashboard', '▦', true), item('problems', 'nav.problems', '!', true), item('daily-report', 'nav.dailyReport', '≡', true)],
  'industry-authority': [item('venues', 'nav.venues', '⌂', true), item('problems', 'nav.problems', '!', true)],
  'tenant-admin': [
    item('rules', 'nav.rules', '§', true),
    item('checklists', 'nav.checklists', '☑', true),
    item('grids', 'nav.grids', '▤'),
    item('users', 'nav.users', '☺'),
    item('venue-import', 'nav.venueImport', '⇪', true),
  ],
  'platform-admin': [item('tenants', 'nav.tenants', '▣')],
};

const ROLE_ORDER: Role[] = ['inspector', 'supervisor', 'industry-authority', 'tenant-admin', 'platform-admin'];

/** The sections a user sees, in a fixed order; a screen appears once even if two roles share it. */
export function navFor(roles: readonly Role[]): { role: Role; items: NavItem[] }[] {
  const seen = new Set<RouteId>();
  return ROLE_ORDER.filter((r) => roles.includes(r)).map((role) => ({
    role,
    items: NAV_BY_ROLE[role].filter((i) => !seen.has(i.route) && seen.add(i.route)),
  }));
}

export function allowedRoutes(roles: readonly Role[]): NavItem[] {
  return navFor(roles).flatMap((s) => s.items);
}

/** The current screen, from the URL hash (`#/grids`): works on S3 with no rewrite rules. */
const parse = (): string => (globalThis.location?.hash ?? '').replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';

export const route = new Store<string>(parse());
globalThis.addEventListener?.('hashchange', () => route.set(parse()));

export function navigate(to: RouteId): void {
  if (parse() === to) return;
  location.hash = `#/${to}`;
}
