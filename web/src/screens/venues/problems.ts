/**
 * <gw-problems>: 问题台账 — the dynamic problem ledger in my scope (open / overdue / closed, by grid
 * and venue kind) with the steps of the enforcement ladder: issue the rectification notice
 * (整改通知书, printable), record the reported rectification, re-check (复查: passed → 销号, failed →
 * open again), reopen a closed one; the black-carded venues (挂黑牌 / 摘牌) and the suspensions
 * awaiting a decision (停业整顿: approve / reject). Exports (CSV, Excel) download with the token.
 * Industry authorities read; the others act (the API decides, and its refusal is shown).
 */
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Grid } from '../../../../shared/domain/grid';
import type { Venue } from '../../../../shared/domain/venues/venue';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { href } from '../../nav';
import { roles } from '../../session';
import { Watch } from '../../store';
import { announce, GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { errorMessage } from '../../ui/errors';
import { fieldError, formSummary, inputField, noErrors, readForm, sendForm, textareaField, type FormErrors } from '../../ui/form';
import { download, gridTree, icons, itemName, kindName, label, loadKinds, openPage, type ProblemView, venueKinds, when } from '../../ui/domain';
import { loadState } from '../../ui/load-state';
import { reasonText } from '../../ui/stored-reason';

type Status = 'open' | 'overdue' | 'closed';
type Dialog =
  | { kind: 'notice' | 'rectification' | 'recheck' | 'reopen'; problem: ProblemView }
  | { kind: 'black-card' | 'remove-black-card' | 'approve-suspension' | 'reject-suspension'; venue: Venue };

const PAGE = 25;

class GwProblems extends GwElement {
  static override properties = {
    items: { state: true },
    cursor: { state: true },
    loadError: { state: true },
    blackCards: { state: true },
    suspensions: { state: true },
    grids: { state: true },
    dialog: { state: true },
    errors: { state: true },
    busy: { state: true },
    exporting: { state: true },
    referring: { state: true },
  };
  declare items: ProblemView[] | undefined;
  declare cursor: string | undefined;
  declare loadError: string | undefined;
  declare blackCards: Venue[] | undefined;
  declare suspensions: Venue[] | undefined;
  declare grids: Grid[];
  declare dialog: Dialog | undefined;
  declare errors: FormErrors;
  declare busy: boolean;
  declare exporting: boolean;
  /** The problem being referred to joint enforcement (联合执法). */
  declare referring: ProblemView | undefined;
  #status: Status = 'open';
  #grid = '';
  #kind = '';

  constructor() {
    super();
    this.grids = [];
    this.errors = noErrors();
    this.busy = false;
    this.exporting = false;
    new Watch(this, [venueKinds]);
  }

  get #canAct() {
    return roles().some((r) => r === 'tenant-admin' || r === 'supervisor' || r === 'inspector');
  }

  /** 联合执法: supervisors and admins refer hard cases. */
  get #canRefer() {
    return roles().some((r) => r === 'supervisor' || r === 'tenant-admin');
  }

  get #supervisor() {
    return roles().includes('supervisor');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    void this.#load(false);
    void this.#registers();
    void gridTree()
      .then((grids) => {
        this.grids = grids.filter((g) => g.status === 'active');
      })
      .catch(() => {});
  }

  #filters() {
    return { status: this.#status, ...(this.#grid ? { grid: this.#grid } : {}), ...(this.#kind ? { kind: this.#kind } : {}) };
  }

  async #load(more: boolean) {
    try {
      const page = await ok(api.api.problems.$get({ query: { ...this.#filters(), limit: String(PAGE), ...(more && this.cursor ? { cursor: this.cursor } : {}) } }));
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.cursor = page.cursor;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  async #registers() {
    const [black, susp] = await Promise.allSettled([ok(api.api.enforcement['black-cards'].$get()), ok(api.api.enforcement.suspensions.$get())]);
    if (black.status === 'fulfilled') this.blackCards = black.value.items;
    if (susp.status === 'fulfilled') this.suspensions = susp.value.items;
  }

  #filter = (event: Event) => {
    event.preventDefault();
    const form = (event.target as HTMLElement).closest('form') as HTMLFormElement;
    const f = readForm(form);
    this.#status = f.text('status') as Status;
    this.#grid = f.text('grid');
    this.#kind = f.text('kind');
    this.items = undefined;
    void this.#load(false);
  };

  async #export(type: 'csv' | 'xlsx') {
    this.exporting = true;
    try {
      const endpoint = type === 'csv' ? api.api.problems['export.csv'] : api.api.problems['export.xlsx'];
      await download(endpoint.$url({ query: this.#filters() }).toString(), `problems.${type}`);
    } catch (error) {
      announce(errorMessage(error));
    } finally {
      this.exporting = false;
    }
  }

  #open(dialog: Dialog) {
    this.errors = noErrors();
    this.dialog = dialog;
  }

  #closed = () => {
    this.dialog = undefined;
    this.errors = noErrors();
  };

  async #save(form: HTMLFormElement, fields: readonly string[], action: () => Promise<string>) {
    await sendForm(this, fields, async () => {
      const message = await action();
      form.closest('dialog')?.close();
      announce(message);
      await Promise.all([this.#load(false), this.#registers()]);
    });
  }

  #submit = (event: SubmitEvent) => {
    event.preventDefault();
    const d = this.dialog;
    if (!d) return;
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    if ('problem' in d) {
      const param = { problemId: d.problem.id };
      const version = d.problem.version;
      const name = `${d.problem.venueName} · ${itemName(d.problem)}`;
      switch (d.kind) {
        case 'notice': {
          const deadline = f.text('deadline');
          const requirements = f.text('requirements');
          return void this.#save(form, ['deadline', 'requirements', 'version'], async () => {
            await ok(api.api.problems[':problemId'].notice.$post({ param, json: { version, ...(deadline ? { deadline } : {}), ...(requirements ? { requirements } : {}) } }));
            return t('ladder.noticeDone', { name });
          });
        }
        case 'rectification':
          return void this.#save(form, ['note', 'photoIds', 'version'], async () => {
            await ok(api.api.problems[':problemId'].rectification.$post({ param, json: { version, note: f.text('note'), photoIds: [] } }));
            return t('ladder.rectificationDone', { name });
          });
        case 'recheck': {
          const passed = f.text('passed') === 'yes';
          return void this.#save(form, ['passed', 'note', 'version'], async () => {
            await ok(api.api.problems[':problemId'].recheck.$post({ param, json: { version, passed, note: f.text('note') } }));
            return passed ? t('ladder.recheckPassed', { name }) : t('ladder.recheckFailed', { name });
          });
        }
        case 'reopen':
          return void this.#save(form, ['reason', 'version'], async () => {
            await ok(api.api.problems[':problemId'].reopen.$post({ param, json: { version, reason: f.text('reason') } }));
            return t('ladder.reopened', { name });
          });
      }
    }
    const venue = d.venue;
    const json = { version: venue.version, reason: f.text('reason') };
    const param = { venueId: venue.id };
    const v = api.api.venues[':venueId'];
    const calls = {
      'black-card': () => ok(v['black-card'].$post({ param, json })),
      'remove-black-card': () => ok(v['black-card'].remove.$post({ param, json })),
      'approve-suspension': () => ok(v.suspension.approve.$post({ param, json })),
      'reject-suspension': () => ok(v.suspension.reject.$post({ param, json })),
    } as const;
    void this.#save(form, ['reason', 'version'], async () => {
      await calls[d.kind]();
      return t(`ladder.${d.kind}.done` as MessageKey, { name: venue.name });
    });
  };

  /** Whether the problem's venue is black-carded now (挂黑牌 is then not offered). */
  #carded(venueId: string): boolean {
    return !!this.blackCards?.some((v) => v.id === venueId);
  }

  /** Black-card the venue of a problem: the venue's current version first. */
  async #blackCard(problem: ProblemView) {
    try {
      const venue = await ok(api.api.venues[':venueId'].$get({ param: { venueId: problem.venueId } }));
      this.#open({ kind: 'black-card', venue });
    } catch (error) {
      announce(errorMessage(error));
    }
  }

  override render() {
    return html`<div class="screen-head">
        <h1>${t('problems.title')}</h1>
        <div class="row-actions">
          <button type="button" ?disabled=${this.exporting} @click=${() => this.#export('csv')}>${icons.download} ${t('problems.exportCsv')}</button>
          <button type="button" ?disabled=${this.exporting} @click=${() => this.#export('xlsx')}>${icons.download} ${t('problems.exportXlsx')}</button>
        </div>
      </div>
      <form class="search-bar" @submit=${this.#filter} @change=${this.#filter}>
        <div class="field">
          <label for="pb-status">${t('problems.status')}</label>
          <select id="pb-status" name="status">
            ${(['open', 'overdue', 'closed'] as const).map((s) => html`<option value=${s} ?selected=${s === this.#status}>${t(`problems.filter.${s}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="pb-grid">${t('problems.grid')}</label>
          <select id="pb-grid" name="grid">
            <option value="">${t('problems.allGrids')}</option>
            ${this.grids.map((g) => html`<option value=${g.id} ?selected=${g.id === this.#grid}>${'　'.repeat(g.level - 1)}${g.name}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="pb-kind">${t('venues.kind')}</label>
          <select id="pb-kind" name="kind">
            <option value="">${t('venues.allKinds')}</option>
            ${venueKinds.value.map((k) => html`<option value=${k.code} ?selected=${k.code === this.#kind}>${kindName(k.code)}</option>`)}
          </select>
        </div>
      </form>
      ${loadState(this.items, this.loadError, { empty: t('problems.none') })}
      ${this.items?.length
        ? html`<table class="cards problems-table">
            <thead><tr>
              <th scope="col">${t('problems.venue')}</th><th scope="col">${t('problems.item')}</th><th scope="col">${t('problems.severity')}</th>
              <th scope="col">${t('problems.status')}</th><th scope="col">${t('problems.deadline')}</th><th scope="col">${t('common.actions')}</th>
            </tr></thead>
            <tbody>${this.items.map((p) => this.#row(p))}</tbody>
          </table>`
        : nothing}
      ${this.cursor ? html`<p class="pager"><button type="button" @click=${() => this.#load(true)}>${t('common.more')}</button></p>` : nothing}
      ${this.#registersView()}
      ${this.dialog ? keyed(`${this.dialog.kind}`, this.#dialog(this.dialog)) : nothing}
      ${this.referring ? this.#referral(this.referring) : nothing}`;
  }

  #referral(problem: ProblemView) {
    void import('./joint-referral-form');
    return html`<gw-joint-referral-form .problem=${problem} @closed=${() => {
      this.referring = undefined;
    }} @saved=${() => announce(t('joint.referred', { name: problem.venueName }))}></gw-joint-referral-form>`;
  }

  #row(p: ProblemView) {
    const act = this.#canAct;
    return html`<tr data-problem-id=${p.id}>
      <th scope="row"><a href=${href('venues', p.venueId)}>${p.venueName}</a> <span class="muted">${kindName(p.venueKind)}</span></th>
      <td data-label=${t('problems.item')}><a href=${href('inspection', p.inspectionId)} title=${t('evi.title')}>${itemName(p)}</a>${p.note ? html` <span class="muted problem-note">${p.note}</span>` : nothing}${p.escalations ? html` <span class="badge disabled">${t('problems.escalations', { n: p.escalations })}</span>` : nothing}${p.failedAgain ? html` <span class="badge waiting" data-failed-again=${p.failedAgain}>${t('problems.failedAgain', { n: p.failedAgain })}</span>` : nothing}</td>
      <td data-label=${t('problems.severity')}><span class="badge sev-${p.severity}">${label('severity', p.severity)}</span></td>
      <td data-label=${t('problems.status')}>${label('problemStatus', p.status)}</td>
      <td data-label=${t('problems.deadline')}><span class=${p.overdue ? 'error' : ''}>${p.deadline}${p.overdue ? ` · ${t('problems.overdue')}` : ''}</span></td>
      <td class="row-actions">
        ${act && p.status === 'open' ? html`<button type="button" @click=${() => this.#open({ kind: 'notice', problem: p })}>${t('ladder.notice')}</button>` : nothing}
        ${act && p.status === 'notice-issued' ? html`<button type="button" @click=${() => this.#open({ kind: 'rectification', problem: p })}>${t('ladder.rectification')}</button>` : nothing}
        ${act && p.status === 'rectification-reported' ? html`<button type="button" @click=${() => this.#open({ kind: 'recheck', problem: p })}>${t('ladder.recheck')}</button>` : nothing}
        ${act && p.status === 'closed' ? html`<button type="button" @click=${() => this.#open({ kind: 'reopen', problem: p })}>${t('ladder.reopen')}</button>` : nothing}
        ${p.notice ? html`<button type="button" class="quiet" @click=${() => openPage(api.api.problems[':problemId']['notice.html'].$url({ param: { problemId: p.id } }).toString()).catch((e) => announce(errorMessage(e)))}>${t('ladder.printNotice')}</button>` : nothing}
        ${this.#supervisor && p.status !== 'closed' && !this.#carded(p.venueId) ? html`<button type="button" class="danger-text" @click=${() => this.#blackCard(p)}>${t('ladder.black-card')}</button>` : nothing}
        ${this.#canRefer && p.status !== 'closed' ? html`<button type="button" @click=${() => {
          this.referring = p;
        }}>${t('joint.refer')}</button>` : nothing}
      </td>
    </tr>`;
  }

  #registersView() {
    const sup = this.#supervisor;
    const pending = this.suspensions?.filter((v) => v.suspension?.state === 'recommended') ?? [];
    const approved = this.suspensions?.filter((v) => v.suspension?.state === 'approved') ?? [];
    return html`<section class="registers">
      <div class="card">
        <h2>${t('problems.blackCards', { n: this.blackCards?.length ?? 0 })}</h2>
        ${this.blackCards?.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : nothing}
        <ul class="simple-list">${(this.blackCards ?? []).map(
          (v) => html`<li data-venue-id=${v.id}><a href=${href('venues', v.id)}>${v.name}</a> · ${when(v.blackCard?.since ?? '')} · ${reasonText(v.blackCard)}
            ${sup ? html`<button type="button" @click=${() => this.#open({ kind: 'remove-black-card', venue: v })}>${t('ladder.remove-black-card')}</button>` : nothing}</li>`,
        )}</ul>
      </div>
      <div class="card">
        <h2>${t('problems.suspensionsPending', { n: pending.length })}</h2>
        ${pending.length === 0 ? html`<p class="muted">${t('common.none')}</p>` : nothing}
        <ul class="simple-list">${pending.map(
          (v) => html`<li data-venue-id=${v.id}><a href=${href('venues', v.id)}>${v.name}</a> · ${reasonText(v.suspension)}
            ${sup
              ? html`<span class="row-actions"><button type="button" @click=${() => this.#open({ kind: 'approve-suspension', venue: v })}>${t('ladder.approve-suspension')}</button>
                  <button type="button" @click=${() => this.#open({ kind: 'reject-suspension', venue: v })}>${t('ladder.reject-suspension')}</button></span>`
              : nothing}</li>`,
        )}</ul>
        ${approved.length ? html`<h3>${t('problems.suspended', { n: approved.length })}</h3>
          <ul class="simple-list">${approved.map((v) => html`<li><a href=${href('venues', v.id)}>${v.name}</a> · ${reasonText(v.suspension)}</li>`)}</ul>` : nothing}
      </div>
    </section>`;
  }

  #dialog(d: Dialog) {
    const e = this.errors.fields;
    const title = t(`ladder.${d.kind}` as MessageKey);
    const subject = 'problem' in d ? `${d.problem.venueName} · ${itemName(d.problem)}` : d.venue.name;
    const reason = textareaField({ id: 'ladder-reason', name: 'reason', label: t('ladder.reason'), value: '', errors: e.reason });
    let body;
    switch (d.kind) {
      case 'notice':
        body = html`${inputField({ id: 'ladder-deadline', name: 'deadline', label: t('ladder.deadline'), type: 'date', value: d.problem.deadline, hint: t('ladder.deadlineHint'), errors: e.deadline })}
          ${textareaField({ id: 'ladder-requirements', name: 'requirements', label: t('ladder.requirements'), value: '', optional: true, errors: e.requirements })}`;
        break;
      case 'rectification':
        body = textareaField({ id: 'ladder-note', name: 'note', label: t('ladder.rectificationNote'), value: '', errors: e.note });
        break;
      case 'recheck':
        body = html`<fieldset class="field">
            <legend>${t('ladder.recheckResult')}</legend>
            <label class="check"><input type="radio" name="passed" value="yes" checked /> ${t('ladder.passed')}</label>
            <label class="check"><input type="radio" name="passed" value="no" /> ${t('ladder.failed')}</label>
          </fieldset>
          ${textareaField({ id: 'ladder-note', name: 'note', label: t('ladder.recheckNote'), value: '', errors: e.note })}`;
        break;
      default:
        body = reason;
    }
    return modal({
      id: 'ladder-dialog',
      title: `${title}：${subject}`,
      onClose: this.#closed,
      body: html`<form novalidate @submit=${this.#submit}>
        ${formSummary(this.errors)} ${body}
        ${fieldError(e.version)}
        ${dialogActions({ submitLabel: title, busy: this.busy, danger: d.kind === 'black-card' })}
      </form>`,
    });
  }
}

customElements.define('gw-problems', GwProblems);
