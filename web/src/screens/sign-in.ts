/** <gw-sign-in>: tenant, user name, password → a session; the API's errors beside the fields. */
import { html, nothing } from 'lit';
import { ApiError, api, ok } from '../api/client';
import { t } from '../i18n/i18n';
import { lastTenant, signInNotice, startSession } from '../session';
import { Watch } from '../store';
import { GwElement } from '../ui/base';
import { errorMessage } from '../ui/errors';
import { type FormErrors, focusFirstInvalid, formErrors, formSummary, inputField, noErrors, readForm } from '../ui/form';
import { languageSwitch } from '../ui/language-switch';

const FIELDS = ['tenant', 'username', 'password'] as const;

class GwSignIn extends GwElement {
  static override properties = { busy: { state: true }, errors: { state: true } };
  declare busy: boolean;
  declare errors: FormErrors;

  constructor() {
    super();
    this.busy = false;
    this.errors = noErrors();
    new Watch(this, [signInNotice]);
  }

  async #submit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const body = { tenant: f.text('tenant').toLowerCase(), username: f.text('username'), password: String(new FormData(form).get('password') ?? '') };
    // This device's token for this account, from its last sign-in: a stranger's failed attempts do not hold it back.
    const deviceKey = `gridwatch.device.${body.tenant}.${body.username.trim().toLowerCase()}`;
    const device = localStorage.getItem(deviceKey) ?? undefined;
    this.busy = true;
    this.errors = noErrors();
    try {
      const result = await ok(api.api.auth.login.$post({ json: { ...body, ...(device && { device }) } }));
      if (result.device) localStorage.setItem(deviceKey, result.device);
      // The tenant's profile (its time zone above all) comes with the session: a screen that opens at
      // once must count "today" on the tenant's clock, not the device's.
      const tenantProfile = result.user.roles.includes('platform-admin')
        ? undefined
        : await ok(api.api.tenant.$get(undefined, { headers: { authorization: `Bearer ${result.token}` } })).catch(() => undefined);
      startSession({ token: result.token, expiresAt: Date.now() + result.expiresIn * 1000, tenant: result.tenant, user: result.user, ...(tenantProfile && { tenantProfile }) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.errors = { fields: {}, general: [t('error.badLogin')] };
      else if (error instanceof ApiError && error.status === 429) this.errors = { fields: {}, general: [t('error.signInWait', { seconds: Number(error.body?.retryAfterSeconds ?? 60) })] };
      else if (error instanceof ApiError && error.issues.length) this.errors = formErrors(error, FIELDS);
      else this.errors = { fields: {}, general: [errorMessage(error)] };
      focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const e = this.errors.fields;
    const notice = signInNotice.value;
    return html`<div class="signin-page">
      <div class="signin-top">${languageSwitch('signin-lang')}</div>
      <form class="card signin" novalidate @submit=${this.#submit} aria-labelledby="signin-title">
        <p class="signin-brand"><span class="logo" aria-hidden="true">▦</span> ${t('app.name')}<span class="muted">${t('app.tagline')}</span></p>
        <h1 id="signin-title">${t('signIn.title')}</h1>
        ${notice === 'expired' ? html`<p class="alert" role="alert">${t('signIn.expired')}</p>` : nothing}
        ${notice === 'signedOut' ? html`<p class="notice" role="status">${t('signIn.signedOut')}</p>` : nothing}
        ${formSummary(this.errors)}
        ${inputField({ id: 'signin-tenant', name: 'tenant', label: t('signIn.tenant'), hint: t('signIn.tenantHint'), value: lastTenant(), autocomplete: 'organization', errors: e.tenant, autofocus: !lastTenant() })}
        ${inputField({ id: 'signin-username', name: 'username', label: t('signIn.username'), autocomplete: 'username', errors: e.username, autofocus: !!lastTenant() })}
        ${inputField({ id: 'signin-password', name: 'password', label: t('signIn.password'), type: 'password', autocomplete: 'current-password', errors: e.password })}
        <button type="submit" class="primary wide" ?disabled=${this.busy}>${this.busy ? t('signIn.busy') : t('signIn.submit')}</button>
      </form>
    </div>`;
  }
}

customElements.define('gw-sign-in', GwSignIn);
