/**
 * <gw-pushed-tasks>: 核查任务 — a grid member's phone list of people pushed from above to verify
 * today (一摸四查). Kept on the phone for offline use; a check (电话核查, 单位自查, 上门核查, 线索追踪) and
 * an outcome are entered here and go through the outbox (client ULID: sent once). The full row
 * (to call or visit) is opened with a reason, online only: the API writes it to the access log.
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import { DEFAULT_PUSHED_UNMASK_ROLES } from '../../../../shared/domain/pushed-lists/rules';
import { CHECK_METHODS, OUTCOMES, type Task } from '../../../../shared/domain/pushed-lists/task';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import { href } from '../../nav';
import { cached } from '../../offline/cache';
import { outbox } from '../../offline/queue';
import { roles } from '../../session';
import { online } from '../../offline/sw-register';
import { announce, GwElement } from '../../ui/base';
import { label, staleNote } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';
import { loadResidentRules, residentRules } from '../residents/residents-ui';
import type { GwFoundPicker } from './found-picker';
import './found-picker';

const tasks = api.api['pushed-tasks'];
const RESULTS = ['reached', 'not-reached', 'confirmed-elsewhere', 'info'] as const;
const load = (done: boolean) => ok(tasks.$get({ query: { limit: '200', done: done ? 'true' : 'false' } }));
type Personal = { name: string; idNumber?: string; phone?: string; address?: string };

/** May my roles open a row unmasked (the tenant's residents.pushedLists.unmaskRoles; the API decides)? */
const mayOpenRow = () => roles().some((r) => (residentRules.value?.pushedLists?.unmaskRoles ?? DEFAULT_PUSHED_UNMASK_ROLES).includes(r as never));

class GwPushedTasks extends GwElement {
  static override properties = { items: { state: true }, loadError: { state: true }, staleSince: { state: true }, open: { state: true }, done: { state: true }, formError: { state: true }, personal: { state: true } };
  declare items: Task[] | undefined;
  declare loadError: string | undefined;
  declare staleSince: string | undefined;
  /** `<task id>:check` or `<task id>:outcome`: the form open now. */
  declare open: string | undefined;
  declare done: boolean;
  declare formError: string | undefined;
  declare personal: Record<string, Personal>;

  constructor() {
    super();
    this.done = false;
    this.personal = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
    // The tenant's person categories, for registering someone found (kept offline by the registry screens).
    void loadResidentRules().then(() => this.requestUpdate(), () => undefined);
  }

  async #load() {
    try {
      const { value, staleSince } = await cached(`pushed.tasks.${this.done}`, () => load(this.done));
      this.items = value.items;
      this.staleSince = staleSince;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  async #send(path: string, body: Record<string, unknown> & { id?: string }, text: string, saved: string, queued: string) {
    try {
      await outbox.enqueue({ id: body.id ?? ulid(), method: 'POST', path, body, label: text });
      this.open = undefined;
      this.formError = undefined;
      announce(online.value ? saved : queued);
    } catch (error) {
      this.formError = errorMessage(error);
    }
  }

  #check = (event: SubmitEvent, task: Task) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const note = String(data.get('note') ?? '').trim();
    const body = { id: ulid(), method: String(data.get('method')), result: String(data.get('result')), at: new Date().toISOString(), ...(note && { note }) };
    return this.#send(`/api/pushed-tasks/${task.id}/checks`, body, `${t('pl.check')} · ${task.name}`, t('pl.checkSaved'), t('pl.checkQueued'));
  };

  #outcome = (event: SubmitEvent, task: Task) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const outcome = String(data.get('outcome'));
    const note = String(data.get('note') ?? '').trim();
    const body: Record<string, unknown> = { version: task.version, outcome, ...(note && { note }) };
    if (outcome === 'not-in-area') body.whereTo = String(data.get('whereTo') ?? '').trim() || '—';
    if (outcome === 'found') {
      // Who was found: the match, a member of a household chosen in the picker, or someone new (found-picker.ts).
      const who = (event.target as HTMLElement).querySelector<GwFoundPicker>('gw-found-picker')!.found(data);
      if ('error' in who) {
        this.formError = who.error;
        return;
      }
      body.found = who.found;
      if (data.get('monitor')) body.monitoring = { episodeId: ulid(), type: String(data.get('episodeType')) };
    }
    return this.#send(`/api/pushed-tasks/${task.id}/outcome`, body, `${t('pl.outcome')} · ${task.name} · ${label('outcome', outcome)}`, t('pl.outcomeSaved'), t('pl.outcomeQueued'));
  };

  async #openRow(task: Task) {
    try {
      const row = await ok(tasks[':taskId'].personal.$post({ param: { taskId: task.id }, json: { reason: t('pl.reasonDefault') } }));
      this.personal = { ...this.personal, [task.id]: row };
    } catch (error) {
      this.formError = errorMessage(error);
    }
  }

  #forms(task: Task) {
    if (this.open === `${task.id}:check`) {
      return html`<form class="card stack pushed-check" @submit=${(e: SubmitEvent) => this.#check(e, task)}>
        <label>${t('pl.method')} <select name="method">${CHECK_METHODS.map((m) => html`<option value=${m}>${label('checkMethod', m)}</option>`)}</select></label>
        <label>${t('pl.result')} <select name="result">${RESULTS.map((r) => html`<option value=${r}>${label('checkResult', r)}</option>`)}</select></label>
        <label>${t('pl.note')} <input name="note" maxlength="500" /></label>
        ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
        <button type="submit" class="primary">${t('pl.saveCheck')}</button>
      </form>`;
    }
    if (this.open === `${task.id}:outcome`) {
      return html`<form class="card stack pushed-outcome" @submit=${(e: SubmitEvent) => this.#outcome(e, task)}>
        <fieldset><legend>${t('pl.outcome')}</legend>
          ${OUTCOMES.map((o, i) => html`<label class="check"><input type="radio" name="outcome" value=${o} ?checked=${i === 0} /> ${label('outcome', o)}</label>`)}
        </fieldset>
        <label>${t('pl.whereTo')} <input name="whereTo" maxlength="100" /></label>
        <gw-found-picker .task=${task}></gw-found-picker>
        <label class="check"><input type="checkbox" name="monitor" /> ${t('pl.startMonitoring')}</label>
        <select name="episodeType" aria-label=${t('pl.startMonitoring')}>${['home-isolation', 'home-observation', 'health-monitoring'].map((e) => html`<option value=${e}>${label('episodeType', e)}</option>`)}</select>
        <label>${t('pl.note')} <input name="note" maxlength="500" /></label>
        ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
        <button type="submit" class="primary">${t('pl.saveOutcome')}</button>
      </form>`;
    }
    return nothing;
  }

  #task(task: Task) {
    const row = this.personal[task.id];
    const closed = task.status === 'verified';
    return html`<li class="card pushed-task" data-task-id=${task.id}>
      <div class="row"><strong>${row?.name ?? task.name}</strong> <span class="chip risk-${task.riskLevel}">${label('risk', task.riskLevel)}</span> <span class="chip">${label('taskStatus', task.status)}</span></div>
      <p>${row?.phone ? html`<a href="tel:${row.phone}">${row.phone}</a>` : (task.phone ?? '')} · ${row?.address ?? task.address ?? '—'}</p>
      <p class="muted">${task.arrivedFrom ? t('pl.from', { place: task.arrivedFrom }) : ''} ${task.dueDate ? `· ${t('pl.due', { day: task.dueDate })}` : ''} · ${t('pl.checksN', { n: task.checks })}${task.outcome ? ` · ${label('outcome', task.outcome)}` : ''}</p>
      ${task.linked ? html`<p><a data-linked-person href=${href('household', task.linked.householdId, { person: task.linked.personId })}>${t('pl.openLinked')}</a></p>` : nothing}
      ${closed
        ? nothing
        : html`<div class="actions">
            <button type="button" @click=${() => { this.open = `${task.id}:check`; this.formError = undefined; }}>${t('pl.check')}</button>
            <button type="button" class="primary" @click=${() => { this.open = `${task.id}:outcome`; this.formError = undefined; }}>${t('pl.outcome')}</button>
            ${row || !mayOpenRow() ? nothing : html`<button type="button" ?disabled=${!online.value} @click=${() => this.#openRow(task)}>${t('pl.openRow')}</button>`}
          </div>`}
      ${this.#forms(task)}
    </li>`;
  }

  override render() {
    return html`<div class="screen-head"><h1>${t('nav.pushedTasks')}</h1></div>
      <p class="muted">${t('pl.boardIntro')}</p>
      <label class="check"><input type="checkbox" .checked=${this.done} @change=${(e: Event) => { this.done = (e.target as HTMLInputElement).checked; void this.#load(); }} /> ${t('pl.showDone')}</label>
      ${staleNote(this.staleSince)}
      ${loadState(this.items, this.loadError, { retry: () => this.#load(), empty: t('pl.noTasks') })}
      ${this.items && !this.items.length ? html`<p class="muted">${t('pl.noTasks')}</p>` : nothing}
      <ul class="pushed-tasks">${(this.items ?? []).map((task) => this.#task(task))}</ul>`;
  }
}

customElements.define('gw-pushed-tasks', GwPushedTasks);
