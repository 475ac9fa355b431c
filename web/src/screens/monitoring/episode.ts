/**
 * <gw-monitoring-episode>: a person's monitoring file (一人一档) — with `?household=…&person=…` the form
 * that starts an episode (type, reason, days; it tags the household); with an episode id the file:
 * period and follow-up, the temperature graph over the episode, readings, history, and the changes
 * (extend, restart on re-exposure, end early, transfer), each with why; supplies, door tests and the
 * grid members in <gw-episode-actions>. Opening it is in the access log.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import { EPISODE_REASONS } from '../../../../shared/domain/monitoring/episode';
import { defaultMonitoringRules } from '../../../../shared/domain/monitoring/rules';
import { api, ok } from '../../api/client';
import { language, t } from '../../i18n/i18n';
import { navigate, routeArgs } from '../../nav';
import { announce, GwElement } from '../../ui/base';
import { label, when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';
import { loadResidentRules, residentRules } from '../residents/residents-ui';
import './episode-actions';

type EpisodeFile = Awaited<ReturnType<typeof loadFile>>;
const loadFile = (episodeId: string) => ok(api.api.monitoring.episodes[':episodeId'].$get({ param: { episodeId } }));
const monitoringRules = () => residentRules.value?.monitoring ?? defaultMonitoringRules();

class GwMonitoringEpisode extends GwElement {
  static override properties = { file: { state: true }, loadError: { state: true }, formError: { state: true } };
  declare file: EpisodeFile | undefined;
  declare loadError: string | undefined;
  declare formError: string | undefined;
  #id = '';
  #stopChart?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#id = routeArgs.value.id ?? '';
    void loadResidentRules().then(() => this.requestUpdate(), () => {});
    if (this.#id) void this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopChart?.();
  }

  async #load() {
    try {
      this.file = await loadFile(this.#id);
      this.loadError = undefined;
      await this.updateComplete;
      const el = this.querySelector<HTMLElement>('#episode-graph');
      if (!el) return;
      const { timeChart } = await import('../../ui/charts');
      this.#stopChart?.();
      const r = this.file.readings;
      this.#stopChart = timeChart(el, t('mon.raised'), r.map((x) => x.takenAt), { label: t('mon.graph'), values: r.map((x) => x.temperature), color: '#1565c0' }, { min: 35, max: 41, threshold: monitoringRules().feverThreshold });
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #start = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const q = routeArgs.value.query;
    const days = Number(data.get('days'));
    try {
      const episode = await ok(
        api.api.monitoring.episodes.$post({
          json: { id: ulid(), householdId: q.get('household') ?? '', personId: q.get('person') ?? '', type: String(data.get('type')), reason: String(data.get('reason')) as (typeof EPISODE_REASONS)[number], ...(days ? { days } : {}), note: String(data.get('note') ?? '') || undefined, assignees: [] },
        }),
      );
      announce(t('mon.started'));
      navigate('monitoring-episode', episode.id);
    } catch (error) {
      this.formError = errorMessage(error);
    }
  };

  #change = async (event: SubmitEvent) => {
    event.preventDefault();
    const file = this.file;
    if (!file) return;
    const data = new FormData(event.target as HTMLFormElement);
    const action = String(data.get('action'));
    const why = String(data.get('why') ?? '');
    const param = { episodeId: file.episode.id };
    const version = file.episode.version;
    const e = api.api.monitoring.episodes[':episodeId'];
    try {
      if (action === 'extend') await ok(e.extend.$post({ param, json: { version, days: Number(data.get('days')) || 1, why } }));
      else if (action === 'restart') await ok(e.restart.$post({ param, json: { version, exposedAt: new Date().toISOString(), why } }));
      else await ok(e.end.$post({ param, json: { version, outcome: action as 'ended-early' | 'transferred', destination: String(data.get('destination') ?? '') || undefined, why } }));
      this.formError = undefined;
      announce(t('mon.changed'));
      await this.#load();
    } catch (error) {
      this.formError = errorMessage(error);
    }
  };

  #startForm() {
    const types = monitoringRules().types;
    return html`<div class="screen-head"><h1>${t('mon.start')}</h1></div>
      <form class="card stack" id="episode-start" @submit=${this.#start}>
        <label>${t('mon.type')} <select name="type">${types.map((x) => html`<option value=${x.code}>${language() === 'en' ? x.nameEn : x.nameZh} · ${x.days}</option>`)}</select></label>
        <label>${t('mon.reason')} <select name="reason">${EPISODE_REASONS.map((r) => html`<option value=${r}>${label('episodeReason', r)}</option>`)}</select></label>
        <label>${t('mon.days')} <input name="days" type="number" min="1" max="60" /></label>
        <label>${t('mon.noteField')} <input name="note" maxlength="200" /></label>
        ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
        <button type="submit" class="primary">${t('mon.start')}</button>
      </form>`;
  }

  #fileView(f: EpisodeFile) {
    const e = f.episode;
    return html`<div class="screen-head"><h1>${e.nameMasked} · ${label('episodeType', e.type)}</h1></div>
      <p>${e.startedAt.slice(0, 10)} – ${e.lastDay} · ${label('episodeStatus', e.status)}${e.destination ? ` · ${e.destination}` : ''} · ${t('mon.followUpLine', { done: String(f.followUp.done), closed: String(f.followUp.closed), inRow: String(f.followUp.missedInRow) })}
        ${f.followUp.lost ? html` <span class="window-chip lost">${t('mon.lost')}</span>` : nothing}</p>
      <section><h2>${t('mon.graph')}</h2><div id="episode-graph" class="chart"></div>
        <table class="cards"><tbody>${f.readings.map((r) => html`<tr><td>${when(r.takenAt)}</td><td class=${r.fever ? 'error' : ''}>${r.temperature} °C</td><td>${r.symptoms.map((s) => label('symptom', s)).join('、') || '—'}</td><td>${label('readingMethod', r.method)}${r.outsidePeriod ? ` · ${t('mon.outsidePeriod')}` : ''}</td></tr>`)}</tbody></table>
      </section>
      ${e.status === 'active'
        ? html`<form class="card stack" id="episode-change" @submit=${this.#change}>
            <label>${t('mon.change')} <select name="action">${(['extend', 'restart', 'ended-early', 'transferred'] as const).map((a) => html`<option value=${a}>${label('episodeChange', a)}</option>`)}</select></label>
            <label>${t('mon.days')} <input name="days" type="number" min="1" max="30" value="1" /></label>
            <label>${t('mon.destination')} <input name="destination" maxlength="100" /></label>
            <label>${t('mon.why')} <input name="why" required minlength="2" maxlength="200" /></label>
            ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
            <button type="submit" class="primary">${t('mon.save')}</button>
          </form>`
        : nothing}
      <gw-episode-actions .episode=${e} .actions=${f.actions} @changed=${() => this.#load()}></gw-episode-actions>
      <section><h2>${t('mon.history')}</h2><ul class="simple-list">${f.history.map((h) => html`<li>${when(h.at)} · ${label('episodeEvent', h.action)} · ${h.by}${h.why ? ` · ${h.why}` : ''}</li>`)}</ul></section>`;
  }

  override render() {
    if (!this.#id) return this.#startForm();
    return html`${loadState(this.file, this.loadError, { retry: () => this.#load() })}${this.file ? this.#fileView(this.file) : nothing}`;
  }
}

customElements.define('gw-monitoring-episode', GwMonitoringEpisode);
