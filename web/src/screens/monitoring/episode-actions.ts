/**
 * <gw-episode-actions>: on a person's file (一人一档), the supplies delivered (物资配送) and door-to-door
 * tests (上门检测) with a form that records one — a field write, so it goes through the outbox (client
 * ULID: sent once, also offline) — and, while the episode runs, the grid members who take the
 * readings, reassigned with why (a versioned change, online). Fires `changed` after a write.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import type { EpisodeAction } from '../../../../shared/domain/monitoring/episode';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { outbox } from '../../offline/queue';
import { online } from '../../offline/sw-register';
import { announce, GwElement } from '../../ui/base';
import { when } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';

export interface ActionsEpisode {
  id: string;
  version: number;
  status: string;
  nameMasked: string;
  assignees: string[];
}

const RESULTS = ['negative', 'pending', 'positive'] as const;

class GwEpisodeActions extends GwElement {
  static override properties = { episode: { attribute: false }, actions: { attribute: false }, kind: { state: true }, actionError: { state: true }, assignError: { state: true } };
  declare episode: ActionsEpisode | undefined;
  declare actions: EpisodeAction[];
  declare kind: 'supplies' | 'door-test';
  declare actionError: string | undefined;
  declare assignError: string | undefined;

  constructor() {
    super();
    this.actions = [];
    this.kind = 'supplies';
  }

  #changed() {
    this.dispatchEvent(new CustomEvent('changed', { bubbles: true }));
  }

  #record = async (event: SubmitEvent) => {
    event.preventDefault();
    const e = this.episode;
    if (!e) return;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const note = String(data.get('note') ?? '').trim();
    const body = { id: ulid(), kind: this.kind, at: new Date().toISOString(), ...(note ? { note } : {}), ...(this.kind === 'door-test' ? { result: String(data.get('result')) } : {}) };
    try {
      await outbox.enqueue({ id: body.id, method: 'POST', path: `/api/monitoring/episodes/${e.id}/actions`, body, label: `${t(this.kind === 'supplies' ? 'mon.supplies' : 'mon.doorTest')} · ${e.nameMasked}` });
      form.reset();
      this.actionError = undefined;
      announce(online.value ? t('mon.saved') : t('mon.queued'));
      // Online it is sent now: the file shows it once it is stored.
      if (online.value) await outbox.flush().catch(() => undefined);
      this.#changed();
    } catch (error) {
      this.actionError = errorMessage(error);
    }
  };

  #assign = async (event: SubmitEvent) => {
    event.preventDefault();
    const e = this.episode;
    if (!e) return;
    const data = new FormData(event.target as HTMLFormElement);
    const assignees = [...new Set(String(data.get('assignees') ?? '').split(/[\s,，、]+/).filter(Boolean))];
    try {
      await ok(api.api.monitoring.episodes[':episodeId'].assign.$post({ param: { episodeId: e.id }, json: { version: e.version, assignees, why: String(data.get('why') ?? '') } }));
      this.assignError = undefined;
      announce(t('mon.changed'));
      this.#changed();
    } catch (error) {
      this.assignError = errorMessage(error);
    }
  };

  override render() {
    const e = this.episode;
    if (!e) return nothing;
    return html`<section class="episode-actions">
      <h2>${t('mon.actions')}</h2>
      ${this.actions.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : nothing}
      <ul class="simple-list" data-testid="episode-actions">
        ${this.actions.map((a) => html`<li>${when(a.at)} · ${t(a.kind === 'supplies' ? 'mon.supplies' : 'mon.doorTest')}${a.note ? ` · ${a.note}` : ''}${a.result ? ` · ${t(`mon.result.${a.result}`)}` : ''} · ${a.by}</li>`)}
      </ul>
      <form class="card stack" id="episode-action" @submit=${this.#record}>
        <label>${t('mon.actionKind')}
          <select name="kind" @change=${(ev: Event) => (this.kind = (ev.target as HTMLSelectElement).value as 'supplies' | 'door-test')}>
            <option value="supplies" ?selected=${this.kind === 'supplies'}>${t('mon.supplies')}</option>
            <option value="door-test" ?selected=${this.kind === 'door-test'}>${t('mon.doorTest')}</option>
          </select>
        </label>
        <label>${t(this.kind === 'supplies' ? 'mon.suppliesWhat' : 'mon.noteField')} <input name="note" maxlength="200" /></label>
        ${this.kind === 'door-test'
          ? html`<label>${t('mon.testResult')} <select name="result">${RESULTS.map((r) => html`<option value=${r}>${t(`mon.result.${r}`)}</option>`)}</select></label>`
          : nothing}
        ${this.actionError ? html`<p class="error" role="alert">${this.actionError}</p>` : nothing}
        <button type="submit" class="primary">${t('mon.recordAction')}</button>
      </form>
      ${e.status === 'active'
        ? html`<form class="card stack" id="episode-assign" @submit=${this.#assign}>
            <label>${t('mon.assignees')} <input name="assignees" .value=${e.assignees.join(', ')} autocomplete="off" /></label>
            <p class="muted">${t('mon.assigneesHint')}</p>
            <label>${t('mon.reassignWhy')} <input name="why" required minlength="2" maxlength="200" /></label>
            ${this.assignError ? html`<p class="error" role="alert">${this.assignError}</p>` : nothing}
            <button type="submit">${t('mon.reassign')}</button>
          </form>`
        : nothing}
    </section>`;
  }
}

customElements.define('gw-episode-actions', GwEpisodeActions);
