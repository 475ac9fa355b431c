/**
 * <gw-bulletins>: 督查通报 — the tenant's bulletins, newest first (entries outside my scope are left
 * out by the API, which says how many); supervisors publish one (title, text, the venues it names,
 * found by name; a client ULID so a resend is the same bulletin). `#/bulletins/<id>` is the
 * bulletin as a printable page (the browser's print; the navigation does not print).
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { Bulletin } from '../../../../shared/data/venues/bulletins';
import type { Venue } from '../../../../shared/domain/venues/venue';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { href, routeArgs } from '../../nav';
import { roles, session } from '../../session';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { errorMessage } from '../../ui/errors';
import { fieldError, formSummary, inputField, noErrors, readForm, sendForm, textareaField, type FormErrors } from '../../ui/form';
import { kindName, loadKinds, when } from '../../ui/domain';
import { loadState } from '../../ui/load-state';
import { MoreList } from '../office-parts';

const PAGE = 20;

class GwBulletins extends GwElement {
  static override properties = {
    bulletin: { state: true },
    loadError: { state: true },
    composing: { state: true },
    named: { state: true },
    found: { state: true },
    errors: { state: true },
    busy: { state: true },
  };
  declare bulletin: Bulletin | undefined;
  declare loadError: string | undefined;
  declare composing: boolean;
  declare named: Venue[];
  declare found: Venue[];
  declare errors: FormErrors;
  declare busy: boolean;
  #list = new MoreList<Bulletin>(this, PAGE, (query) => ok(api.api.bulletins.$get({ query })));
  /** Made when the form opens: a resend after a lost answer publishes nothing twice. */
  #draftId = '';

  constructor() {
    super();
    this.composing = false;
    this.named = [];
    this.found = [];
    this.errors = noErrors();
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    const id = routeArgs.value.id;
    if (id) void this.#loadOne(id);
    else void this.#list.load();
  }

  async #loadOne(id: string) {
    try {
      this.bulletin = await ok(api.api.bulletins[':bulletinId'].$get({ param: { bulletinId: id } }));
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #compose() {
    this.#draftId = ulid();
    this.named = [];
    this.found = [];
    this.errors = noErrors();
    this.composing = true;
  }

  #search = async (event: Event) => {
    event.preventDefault();
    const q = (this.querySelector<HTMLInputElement>('#bulletin-venue-q')?.value ?? '').trim();
    if (!q) return;
    try {
      this.found = (await ok(api.api.venues.$get({ query: { q, limit: '10' } }))).items;
    } catch (error) {
      announce(errorMessage(error));
    }
  };

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const json = { id: this.#draftId, title: f.text('title'), body: f.text('body'), venues: this.named.map((v) => ({ venueId: v.id })), problemIds: [] };
    await sendForm(this, ['title', 'body', 'venues'], async () => {
      const { bulletin, blackCarded } = await ok(api.api.bulletins.$post({ json }));
      form.closest('dialog')?.close();
      announce(t('bulletins.published', { number: bulletin.number, n: blackCarded.length }));
      await this.#list.load();
    });
  };

  override render() {
    if (routeArgs.value.id) return this.#printable();
    const canPublish = roles().includes('supervisor');
    return html`<div class="screen-head"><h1>${t('bulletins.title')}</h1>
        ${canPublish ? html`<button type="button" class="primary" @click=${() => this.#compose()}>${t('bulletins.new')}</button>` : nothing}</div>
      ${loadState(this.#list.items, this.#list.error, { empty: t('bulletins.none'), retry: () => this.#list.load() })}
      ${this.#list.items?.length
        ? html`<table class="cards" data-testid="bulletin-list">
            <thead><tr><th scope="col">${t('bulletins.number')}</th><th scope="col">${t('bulletins.titleField')}</th>
              <th scope="col">${t('bulletins.publishedAt')}</th><th scope="col">${t('bulletins.venues')}</th></tr></thead>
            <tbody>${this.#list.items.map(
              (b) => html`<tr data-bulletin-id=${b.id}>
                <th scope="row">${b.number}</th>
                <td data-label=${t('bulletins.titleField')}><a href=${href('bulletins', b.id)}>${b.title}</a></td>
                <td data-label=${t('bulletins.publishedAt')}>${when(b.publishedAt)}</td>
                <td data-label=${t('bulletins.venues')}>${b.venues.map((v) => v.venueName).join('、') || '—'}</td>
              </tr>`,
            )}</tbody>
          </table>`
        : nothing}
      ${this.#list.moreButton()}
      ${this.composing ? this.#form() : nothing}`;
  }

  #form() {
    const e = this.errors.fields;
    const named = new Set(this.named.map((v) => v.id));
    return modal({
      id: 'bulletin-dialog',
      title: t('bulletins.new'),
      onClose: () => {
        this.composing = false;
      },
      body: html`<form novalidate @submit=${this.#submit}>
        ${formSummary(this.errors)}
        ${inputField({ id: 'bulletin-title', name: 'title', label: t('bulletins.titleField'), errors: e.title })}
        ${textareaField({ id: 'bulletin-body', name: 'body', label: t('bulletins.body'), value: '', rows: 6, errors: e.body })}
        <fieldset class="field">
          <legend>${t('bulletins.venues')} <span class="muted">${t('common.optional')}</span></legend>
          <p class="hint">${t('bulletins.venuesHint')}</p>
          <div class="search-bar">
            <div class="field grow"><label for="bulletin-venue-q">${t('venues.search')}</label>
              <input id="bulletin-venue-q" type="search" autocomplete="off" @keydown=${(ev: KeyboardEvent) => ev.key === 'Enter' && this.#search(ev)} /></div>
            <button type="button" @click=${this.#search}>${t('venues.searchButton')}</button>
          </div>
          <ul class="simple-list">${this.found.filter((v) => !named.has(v.id)).map(
            (v) => html`<li>${v.name} <span class="muted">${kindName(v.kind)}</span>
              <button type="button" @click=${() => {
                this.named = [...this.named, v];
              }}>${t('bulletins.addVenue')}</button></li>`,
          )}</ul>
          ${this.named.length
            ? html`<p>${t('bulletins.named')}</p><ul class="simple-list" data-testid="bulletin-named">${this.named.map(
                (v) => html`<li>${v.name} <button type="button" class="quiet" @click=${() => {
                  this.named = this.named.filter((n) => n.id !== v.id);
                }}>${t('common.remove')}</button></li>`,
              )}</ul>`
            : nothing}
          ${fieldError(e.venues)}
        </fieldset>
        ${dialogActions({ submitLabel: t('bulletins.publish'), busy: this.busy })}
      </form>`,
    });
  }

  #printable() {
    const b = this.bulletin;
    const tenant = session.value?.tenantProfile?.nameZh ?? '';
    return html`<p class="no-print"><a href=${href('bulletins')}>← ${t('bulletins.title')}</a>
        ${b ? html` <button type="button" class="primary" @click=${() => window.print()}>${t('bulletins.print')}</button>` : nothing}</p>
      ${loadState(b, this.loadError)}
      ${b
        ? html`<article class="printable bulletin-page" data-testid="bulletin-page">
            <header class="print-head">
              <p class="print-org">${tenant}</p>
              <h1>${t('bulletins.heading')}</h1>
              <p class="print-number">${b.number}</p>
            </header>
            <h2>${b.title}</h2>
            ${b.body.split(/\n+/).map((p) => html`<p class="print-para">${p}</p>`)}
            ${b.venues.length
              ? html`<h3>${t('bulletins.venues')}</h3>
                  <table class="print-table"><thead><tr><th>${t('problems.venue')}</th><th>${t('venues.kind')}</th><th>${t('bulletins.note')}</th></tr></thead>
                    <tbody>${b.venues.map((v) => html`<tr><td>${v.venueName}</td><td>${kindName(v.venueKind)}</td><td>${v.note ?? ''}</td></tr>`)}</tbody></table>`
              : nothing}
            ${b.problems.length
              ? html`<h3>${t('bulletins.problems')}</h3>
                  <table class="print-table"><thead><tr><th>${t('problems.venue')}</th><th>${t('problems.item')}</th><th>${t('problems.deadline')}</th></tr></thead>
                    <tbody>${b.problems.map((p) => html`<tr><td>${p.venueName}</td><td>${p.itemLabelZh}</td><td>${p.deadline}</td></tr>`)}</tbody></table>`
              : nothing}
            ${b.hiddenEntries ? html`<p class="muted no-print">${t('bulletins.hidden', { n: b.hiddenEntries })}</p>` : nothing}
            <p class="print-date">${when(b.publishedAt)}</p>
          </article>`
        : nothing}`;
  }
}

customElements.define('gw-bulletins', GwBulletins);
