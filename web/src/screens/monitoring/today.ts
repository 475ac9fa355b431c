/**
 * <gw-monitoring-today>: 测温清单 — a grid member's phone list of who needs a temperature reading
 * today, by building, with the window open now and each person's last reading. Kept on the phone for
 * offline use; a reading is entered here and goes through the outbox (client ULID: sent once).
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import { READING_METHODS, SYMPTOMS } from '../../../../shared/domain/monitoring/reading';
import { api, ok } from '../../api/client';
import { language, t } from '../../i18n/i18n';
import { href } from '../../nav';
import { cached } from '../../offline/cache';
import { outbox } from '../../offline/queue';
import { online } from '../../offline/sw-register';
import { announce, GwElement } from '../../ui/base';
import { label, staleNote, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';

type Today = Awaited<ReturnType<typeof load>>;
type Person = Today['buildings'][number]['people'][number];
const load = () => ok(api.api.monitoring.today.$get());

class GwMonitoringToday extends GwElement {
  static override properties = {
    today: { state: true },
    loadError: { state: true },
    staleSince: { state: true },
    open: { state: true },
    formError: { state: true },
  };
  declare today: Today | undefined;
  declare loadError: string | undefined;
  declare staleSince: string | undefined;
  /** The episode whose reading form is open. */
  declare open: string | undefined;
  declare formError: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const { value, staleSince } = await cached('monitoring.today', load);
      this.today = value;
      this.staleSince = staleSince;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #record = async (event: SubmitEvent, person: Person) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const temperature = Number(data.get('temperature'));
    if (!(temperature >= 35 && temperature <= 42) || Math.round(temperature * 10) !== temperature * 10) {
      this.formError = t('mon.temperature');
      return;
    }
    const body = {
      id: ulid(),
      episodeId: person.episodeId,
      takenAt: new Date().toISOString(),
      temperature,
      symptoms: data.getAll('symptoms').map(String),
      method: String(data.get('method')),
    };
    try {
      await outbox.enqueue({ id: body.id, method: 'POST', path: '/api/monitoring/readings', body, label: `${t('mon.readingLabel')} · ${person.nameMasked} · ${temperature} °C` });
      this.open = undefined;
      this.formError = undefined;
      announce(online.value ? t('mon.saved') : t('mon.queued'));
    } catch (error) {
      this.formError = errorMessage(error);
    }
  };

  #form(p: Person) {
    return html`<form class="card stack reading-form" @submit=${(e: SubmitEvent) => this.#record(e, p)}>
      <label>${t('mon.temperature')} <input name="temperature" type="number" inputmode="decimal" step="0.1" min="35" max="42" required autofocus /></label>
      <fieldset><legend>${t('mon.symptoms')}</legend>
        ${SYMPTOMS.map((s) => html`<label class="check"><input type="checkbox" name="symptoms" value=${s} /> ${label('symptom', s)}</label>`)}
      </fieldset>
      <label>${t('mon.method')} <select name="method">${READING_METHODS.map((m) => html`<option value=${m}>${label('readingMethod', m)}</option>`)}</select></label>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
      <button type="submit" class="primary">${t('mon.save')}</button>
    </form>`;
  }

  #person(p: Person) {
    return html`<li class="card monitoring-person" data-episode-id=${p.episodeId}>
      <div class="row">
        <strong>${p.room}</strong> ${p.nameMasked} <span class="muted">${label('episodeType', p.type)} · ${t('mon.until', { day: p.lastDay })}</span>
      </div>
      <div class="windows">
        ${p.windows.map((w) => {
          const state = w.done ? 'done' : w.closed ? 'missed' : 'due';
          return html`<span class="window-chip ${state}">${label('window', w.id)} · ${t(`mon.${state}`)}</span>`;
        })}
        ${p.lost ? html`<span class="window-chip lost">${t('mon.lost')}</span>` : nothing}
      </div>
      <p class=${p.lastFever ? 'error' : 'muted'}>${p.lastReadingAt ? t('mon.lastReading', { temp: String(p.lastTemperature ?? '—'), at: when(p.lastReadingAt) }) : t('mon.noReading')}${p.lastFever ? ` · ${t('mon.fever')}` : ''}</p>
      <a href=${href('monitoring-episode', p.episodeId)}>${t('mon.file')}</a>
      ${this.open === p.episodeId ? this.#form(p) : html`<button type="button" class=${p.dueNow ? 'primary' : ''} @click=${() => { this.open = p.episodeId; this.formError = undefined; }}>${t('mon.record')}</button>`}
    </li>`;
  }

  override render() {
    const today = this.today;
    return html`<div class="screen-head"><h1>${t('nav.monitoringToday')}</h1></div>
      ${staleNote(this.staleSince)}
      ${today ? html`<p class="notice" role="status">${today.window ? t('mon.window', { name: language() === 'en' ? today.window.nameEn : today.window.nameZh, start: today.window.start, end: today.window.end }) : t('mon.noWindow')}</p>` : nothing}
      ${loadState(today, this.loadError, { retry: () => this.#load(), empty: t('mon.empty') })}
      ${today && !today.buildings.length ? html`<p class="muted">${t('mon.empty')}</p>` : nothing}
      ${today?.buildings.map((b) => html`<section><h2>${b.building}</h2><ul class="monitoring-list">${b.people.map((p) => this.#person(p))}</ul></section>`)}`;
  }
}

customElements.define('gw-monitoring-today', GwMonitoringToday);
