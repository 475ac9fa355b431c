/**
 * <gw-app>: sign-in when nobody is signed in, otherwise the role-aware shell — header, navigation
 * by role, and the current screen. 401 on any authenticated call comes back here as a sign-out.
 */
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { api, ok, onUnauthorized } from './api/client';
import { language, t } from './i18n/i18n';
import { allowedRoutes, navFor, navigate, type NavItem, type RouteId, route, routeArgs } from './nav';
import { clearCache } from './offline/cache';
import { outbox, outboxState } from './offline/queue';
import { online, updateReady } from './offline/sw-register';
import { endSession, ownerKey, session } from './session';
import { Watch } from './store';
import { GwElement, notice } from './ui/base';
import { languageSwitch } from './ui/language-switch';
import './screens/sign-in';
import './screens/coming-soon';
import './screens/outbox';
import './screens/public/register';
import './screens/public/check-in';

/**
 * Screens load with their route: an inspector's phone never downloads the supervisors' or admins'
 * screens (nor the chart library the dashboard loads, nor the QR scanner the scan screen loads).
 * The element renders as soon as its module has defined it.
 */
const SCREENS: Partial<Record<RouteId, { tag: string; load: () => Promise<unknown> }>> = {
  today: { tag: 'gw-today', load: () => import('./screens/venues/today') },
  venues: { tag: 'gw-venues', load: () => import('./screens/venues/venues') },
  inspect: { tag: 'gw-inspect', load: () => import('./screens/venues/inspect') },
  scan: { tag: 'gw-scan', load: () => import('./screens/venues/scan') },
  dashboard: { tag: 'gw-dashboard', load: () => import('./screens/dashboard') },
  problems: { tag: 'gw-problems', load: () => import('./screens/venues/problems') },
  'daily-report': { tag: 'gw-daily-report', load: () => import('./screens/daily-report') },
  rules: { tag: 'gw-rules', load: () => import('./screens/rules') },
  checklists: { tag: 'gw-checklists', load: () => import('./screens/venues/checklists') },
  'venue-import': { tag: 'gw-venue-import', load: () => import('./screens/venues/venue-import') },
  'resident-import': { tag: 'gw-resident-import', load: () => import('./screens/residents/resident-import') },
  grids: { tag: 'gw-grids', load: () => import('./screens/grids') },
  users: { tag: 'gw-users', load: () => import('./screens/users') },
  tenants: { tag: 'gw-tenants', load: () => import('./screens/tenants') },
  residents: { tag: 'gw-residents', load: () => import('./screens/residents/residents') },
  household: { tag: 'gw-household', load: () => import('./screens/residents/household') },
  'community-map': { tag: 'gw-community-map', load: () => import('./screens/residents/community-map') },
  'access-log': { tag: 'gw-access-log', load: () => import('./screens/residents/access-log') },
  'resident-rules': { tag: 'gw-resident-rules', load: () => import('./screens/residents/resident-rules') },
  'monitoring-today': { tag: 'gw-monitoring-today', load: () => import('./screens/monitoring/today') },
  'pushed-lists': { tag: 'gw-pushed-lists', load: () => import('./screens/pushed-lists/lists') },
  'pushed-tasks': { tag: 'gw-pushed-tasks', load: () => import('./screens/pushed-lists/tasks') },
  'pushed-routing': { tag: 'gw-pushed-routing', load: () => import('./screens/pushed-lists/routing') },
  monitoring: { tag: 'gw-monitoring', load: () => import('./screens/monitoring/supervision') },
  'monitoring-episode': { tag: 'gw-monitoring-episode', load: () => import('./screens/monitoring/episode') },
  testing: { tag: 'gw-testing', load: () => import('./screens/testing/coverage') },
  'testing-record': { tag: 'gw-testing-record', load: () => import('./screens/testing/record') },
  checkpoints: { tag: 'gw-checkpoints', load: () => import('./screens/checkpoints/supervision') },
  'checkpoint-entry': { tag: 'gw-checkpoint-entry', load: () => import('./screens/checkpoints/entry') },
  'grid-map': { tag: 'gw-grid-map', load: () => import('./screens/grid-map') },
  enforcement: { tag: 'gw-enforcement', load: () => import('./screens/venues/enforcement') },
  'must-check': { tag: 'gw-enforcement', load: () => import('./screens/venues/enforcement') },
  bulletins: { tag: 'gw-bulletins', load: () => import('./screens/venues/bulletins') },
  'closure-notices': { tag: 'gw-closure-notices', load: () => import('./screens/venues/closure-notices') },
  'joint-enforcement': { tag: 'gw-joint-enforcement', load: () => import('./screens/venues/joint-enforcement') },
  inspection: { tag: 'gw-inspection', load: () => import('./screens/venues/inspection') },
  'registration-review': { tag: 'gw-registration-review', load: () => import('./screens/self-registration/review') },
  'registration-codes': { tag: 'gw-registration-codes', load: () => import('./screens/self-registration/codes') },
};

class GwApp extends GwElement {
  #lastOwner?: string;
  #loadFailed?: RouteId;

  constructor() {
    super();
    new Watch(this, [session, route, routeArgs, notice, updateReady, online, outboxState]);
    onUnauthorized(() => endSession('expired'));
    session.subscribe(() => this.#sessionChanged(false));
    online.subscribe((isOnline) => {
      if (isOnline) void this.#loadTenantProfile();
    });
    this.#sessionChanged(true);
    outbox.start();
  }

  /**
   * After sign-in (or a reload with a session): this user's outbox, and the tenant profile — fetched
   * again on a reload (the stored copy may be old); a sign-in brought a fresh one with the session.
   */
  #sessionChanged(reloaded: boolean) {
    const owner = ownerKey();
    if (owner === this.#lastOwner) return;
    this.#lastOwner = owner;
    void outbox.refresh().catch(() => {});
    if (reloaded || !session.value?.tenantProfile) void this.#loadTenantProfile();
  }

  async #loadTenantProfile() {
    const s = session.value;
    if (!s || s.user.roles.includes('platform-admin') || !online.value) return;
    try {
      const profile = await ok(api.api.tenant.$get());
      if (session.value?.token === s.token) session.set({ ...session.value, tenantProfile: profile });
    } catch {
      // Offline or a transient failure: the cached profile (if any) stays.
    }
  }

  #signOut() {
    const waiting = outboxState.value.waiting.length + outboxState.value.failed.length;
    if (waiting > 0 && !confirm(t('signOut.pending', { n: waiting }))) return;
    endSession('signedOut');
    clearCache();
    history.replaceState(null, '', location.pathname);
    route.set('');
  }

  override render() {
    // The public pages (a scanned poster): no sign-in, whoever is or is not signed in.
    if (route.value === 'register') return html`<gw-public-register></gw-public-register>`;
    if (route.value === 'check-in') return html`<gw-public-check-in></gw-public-check-in>`;
    const s = session.value;
    if (!s) return html`<gw-sign-in></gw-sign-in>`;
    const roles = s.user.roles;
    const allowed = allowedRoutes(roles);
    const current = allowed.find((i) => i.route === route.value) ?? allowed[0];
    if (current && current.route !== route.value) queueMicrotask(() => navigate(current.route));
    const platform = roles.includes('platform-admin');
    const tenantName = s.tenantProfile ? (language() === 'zh-CN' ? s.tenantProfile.nameZh : s.tenantProfile.nameEn) : platform ? '' : s.tenant;
    const pending = outboxState.value.waiting.length + outboxState.value.failed.length;
    const sections = navFor(roles);

    return html`<a class="skip" href="#main" @click=${(e: Event) => {
        e.preventDefault();
        this.querySelector<HTMLElement>('#main')?.focus();
      }}>${t('app.skip')}</a>
      <header class="topbar">
        <div class="brand">
          <span class="logo" aria-hidden="true">▦</span>
          <span class="brand-name">${t('app.name')}</span>
          <span class="tenant-name">${tenantName}</span>
        </div>
        <div class="who">
          <span class="user-name">${s.user.displayName}</span>
          <span class="user-roles">${roles.map((r) => t(`role.${r}`)).join(' · ')}</span>
        </div>
        <div class="top-actions">
          ${online.value ? nothing : html`<span class="badge offline" title=${t('app.offlineHint')}>${t('app.offline')}</span>`}
          ${languageSwitch()}
          <button type="button" class="quiet" @click=${() => this.#signOut()}>${t('signOut')}</button>
        </div>
      </header>
      ${updateReady.value
        ? html`<div class="banner" role="status">${t('app.updateReady')} <button type="button" class="link" @click=${() => location.reload()}>${t('app.reload')}</button></div>`
        : nothing}
      ${online.value ? nothing : html`<div class="banner offline" role="status">${t('app.offlineHint')}</div>`}
      <div class="layout">
        <nav class="sidenav" aria-label=${t('app.menu')}>
          ${sections.map(
            (section) => html`<div class="nav-section">
              ${sections.length > 1 ? html`<p class="nav-role">${t(`role.${section.role}`)}</p>` : nothing}
              <ul>
                ${section.items.map((item) => this.#navLink(item, current?.route === item.route, item.route === 'outbox' ? pending : 0))}
              </ul>
            </div>`,
          )}
        </nav>
        <main id="main" tabindex="-1">
          ${notice.value ? html`<p class="notice" role="status">${notice.value.text}</p>` : nothing}
          ${current ? this.#screen(current) : nothing}
        </main>
      </div>`;
  }

  #navLink(item: NavItem, active: boolean, count: number) {
    return html`<li>
      <a href="#/${item.route}" aria-current=${active ? 'page' : 'false'} class=${active ? 'active' : ''}>
        <span class="nav-icon" aria-hidden="true">${item.icon}</span>
        <span class="nav-label">${t(item.label)}</span>
        ${count > 0 ? html`<span class="count">${count}</span>` : nothing}
        ${item.soon ? html`<span class="soon-dot" title=${t('soon.title')}></span>` : nothing}
      </a>
    </li>`;
  }

  #screen(item: NavItem) {
    if (item.route === 'outbox') return html`<gw-outbox></gw-outbox>`;
    const screen = SCREENS[item.route];
    if (!screen || item.soon) return html`<gw-coming-soon .feature=${item.label}></gw-coming-soon>`;
    if (!customElements.get(screen.tag)) {
      screen.load().then(
        () => this.requestUpdate(),
        () => {
          this.#loadFailed = item.route;
          this.requestUpdate();
        },
      );
      if (this.#loadFailed === item.route) {
        return html`<div class="alert" role="alert">${t('error.network')} <button type="button" class="link" @click=${() => {
          this.#loadFailed = undefined;
          this.requestUpdate();
        }}>${t('common.retry')}</button></div>`;
      }
      return html`<p class="muted" role="status">${t('common.loading')}</p>`;
    }
    // A new element per screen and argument: each screen loads what it shows when it connects.
    const tag = unsafeStatic(screen.tag);
    return keyed(`${item.route}/${routeArgs.value.id ?? ''}?${routeArgs.value.query}`, staticHtml`<${tag}></${tag}>`);
  }
}

customElements.define('gw-app', GwApp);
