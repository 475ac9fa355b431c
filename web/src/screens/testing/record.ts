/**
 * <gw-testing-record>: 采样登记 — a grid member's phone screen for a testing round: at a site, the
 * person's code (scanned into the field, or typed) or their ID number and the tube's number; door to
 * door, the people of my grid not tested yet, each recorded with a tap. Everything goes through the
 * outbox (client ULID: sent once, kept while offline); the lists are kept on the phone.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import { parsePersonCode } from '../../../../shared/domain/testing/record';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { cached } from '../../offline/cache';
import { outbox } from '../../offline/queue';
import { online } from '../../offline/sw-register';
import { session } from '../../session';
import { announce, GwElement } from '../../ui/base';
import { staleNote } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';
import { addressLine } from '../residents/residents-ui';

type Rounds = Awaited<ReturnType<typeof loadRounds>>['items'];
type Sites = Awaited<ReturnType<typeof loadSites>>['items'];
type Untested = Awaited<ReturnType<typeof loadUntested>>['items'];
const loadRounds = () => ok(api.api.testing.rounds.$get());
const loadSites = () => ok(api.api.testing.sites.$get({ query: {} }));
const loadUntested = (roundId: string, grid: string) => ok(api.api.testing.rounds[':roundId'].untested.$get({ param: { roundId }, query: { grid, limit: '200' } }));

class GwTestingRecord extends GwElement {
  static override properties = {
    rounds: { state: true },
    sites: { state: true },
    untested: { state: true },
    roundId: { state: true },
    mode: { state: true },
    loadError: { state: true },
    formError: { state: true },
    staleSince: { state: true },
    recorded: { state: true },
  };
  declare rounds: Rounds | undefined;
  declare sites: Sites | undefined;
  declare untested: Untested | undefined;
  declare roundId: string | undefined;
  declare mode: 'site' | 'door';
  declare loadError: string | undefined;
  declare formError: string | undefined;
  declare staleSince: string | undefined;
  /** People recorded door to door on this phone since the list was read (queued or sent). */
  declare recorded: Set<string>;

  constructor() {
    super();
    this.mode = 'site';
    this.recorded = new Set();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const [rounds, sites] = await Promise.all([cached('testing.rounds', loadRounds), cached('testing.sites', loadSites)]);
      this.rounds = rounds.value.items.filter((r) => r.status === 'running');
      this.sites = sites.value.items;
      this.staleSince = rounds.staleSince ?? sites.staleSince;
      this.roundId ??= this.rounds[0]?.id;
      this.loadError = undefined;
      if (this.mode === 'door') await this.#loadUntested();
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  async #loadUntested() {
    const grid = session.value?.user.gridIds[0];
    if (!this.roundId || !grid) return;
    const { value, staleSince } = await cached(`testing.untested.${this.roundId}`, () => loadUntested(this.roundId!, grid));
    this.untested = value.items;
    this.staleSince = staleSince;
    this.recorded = new Set();
  }

  async #enqueue(body: Record<string, unknown>, what: string) {
    await outbox.enqueue({ id: String(body.id), method: 'POST', path: '/api/testing/records', body, label: `${t('test.recordLabel')} · ${what} · ${body.sampleId}` });
    announce(online.value ? t('test.saved') : t('test.queued'));
  }

  #atSite = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const person = String(data.get('person')).trim();
    const sampleId = String(data.get('sampleId')).trim();
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(sampleId)) {
      this.formError = t('test.badSample');
      return;
    }
    const code = parsePersonCode(person);
    const who = code ? { code: person } : { idNumber: person };
    try {
      await this.#enqueue({ id: ulid(), roundId: this.roundId, via: 'site', siteId: String(data.get('siteId')), who, sampleId, takenAt: new Date().toISOString() }, code ? t('test.byCode') : t('test.byId'));
      this.formError = undefined;
      form.reset();
      form.querySelector<HTMLInputElement>('input[name="person"]')?.focus();
    } catch (error) {
      this.formError = errorMessage(error);
    }
  };

  #atDoor = async (event: SubmitEvent, p: Untested[number]) => {
    event.preventDefault();
    const sampleId = String(new FormData(event.target as HTMLFormElement).get('sampleId')).trim();
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(sampleId)) {
      this.formError = t('test.badSample');
      return;
    }
    try {
      await this.#enqueue({ id: ulid(), roundId: this.roundId, via: 'door', who: { householdId: p.householdId, personId: p.personId }, sampleId, takenAt: new Date().toISOString() }, p.nameMasked);
      this.recorded = new Set([...this.recorded, p.personId]);
      this.formError = undefined;
    } catch (error) {
      this.formError = errorMessage(error);
    }
  };

  #siteForm() {
    const sites = this.sites ?? [];
    if (!sites.length) return html`<p class="muted">${t('test.noSites')}</p>`;
    return html`<form class="card stack" id="site-record" @submit=${this.#atSite}>
      <label>${t('test.site')} <select name="siteId">${sites.map((s) => html`<option value=${s.id}>${s.name} · ${s.place}</option>`)}</select></label>
      <label>${t('test.person')} <input name="person" required autocomplete="off" autofocus placeholder=${t('test.personHint')} /></label>
      <label>${t('test.sample')} <input name="sampleId" required autocomplete="off" inputmode="latin" /></label>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
      <button type="submit" class="primary">${t('test.record')}</button>
    </form>`;
  }

  #doorList() {
    const left = (this.untested ?? []).filter((p) => !this.recorded.has(p.personId));
    return html`<p class="notice" role="status">${t('test.untestedCount', { n: left.length })}</p>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
      <ul class="untested-list">
        ${left.map(
          (p) => html`<li class="card" data-person-id=${p.personId}>
            <strong>${p.address ? addressLine(p.address) : ''}</strong> ${p.nameMasked}
            <form class="row" @submit=${(e: SubmitEvent) => this.#atDoor(e, p)}>
              <input name="sampleId" required autocomplete="off" aria-label=${t('test.sample')} placeholder=${t('test.sample')} />
              <button type="submit">${t('test.recordDoor')}</button>
            </form>
          </li>`,
        )}
      </ul>`;
  }

  override render() {
    const rounds = this.rounds;
    return html`<div class="screen-head"><h1>${t('nav.testingRecord')}</h1></div>
      ${staleNote(this.staleSince)}
      ${loadState(rounds, this.loadError, { retry: () => this.#load(), empty: t('test.noRunning') })}
      ${rounds?.length
        ? html`<label>${t('test.round')} <select @change=${(e: Event) => { this.roundId = (e.target as HTMLSelectElement).value; void this.#load(); }}>
              ${rounds.map((r) => html`<option value=${r.id} ?selected=${r.id === this.roundId}>${t('test.roundLabel', { number: r.number, name: r.name })}</option>`)}
            </select></label>
            <div class="row" role="tablist">
              <button type="button" role="tab" aria-selected=${this.mode === 'site'} class=${this.mode === 'site' ? 'primary' : ''} @click=${() => { this.mode = 'site'; }}>${t('test.atSite')}</button>
              <button type="button" role="tab" aria-selected=${this.mode === 'door'} class=${this.mode === 'door' ? 'primary' : ''} @click=${() => { this.mode = 'door'; void this.#loadUntested().catch((e) => { this.loadError = errorMessage(e); }); }}>${t('test.atDoor')}</button>
            </div>
            ${this.mode === 'site' ? this.#siteForm() : this.#doorList()}`
        : nothing}`;
  }
}

customElements.define('gw-testing-record', GwTestingRecord);
