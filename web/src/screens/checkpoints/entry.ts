/**
 * <gw-checkpoint-entry>: 卡口登记 — a checkpoint worker's phone screen. Plate (a format the rules do
 * not know is said beside the field and kept as free text), vehicle type, occupants, where from, the
 * travel-code colour; yellow asks when the test certificate's sample was taken. The answer (passed /
 * turned back / held) comes from the same triage rule the API applies, so it shows offline too; the
 * entry goes through the outbox (client ULID: sent once, kept while offline).
 */
import { html, nothing } from 'lit';
import { ulid } from 'ulid';
import { plateKind } from '../../../../shared/domain/checkpoints/plate';
import { type TravelColour, type TriageOutcome, triage } from '../../../../shared/domain/checkpoints/triage';
import { VEHICLE_TYPES } from '../../../../shared/domain/checkpoints/checkpoint';
import { api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { cached } from '../../offline/cache';
import { outbox } from '../../offline/queue';
import { online } from '../../offline/sw-register';
import { announce, GwElement } from '../../ui/base';
import { staleNote } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';

type Checkpoints = Awaited<ReturnType<typeof loadCheckpoints>>['items'];
type Destinations = Awaited<ReturnType<typeof loadDestinations>>['items'];
/** Checkpoints still taking vehicles (a retired one keeps its history, not its place in the list). */
const loadCheckpoints = async () => {
  const { items } = await ok(api.api.checkpoints.$get({ query: {} }));
  return { items: items.filter((c) => c.status !== 'retired') };
};
const loadDestinations = () => ok(api.api.checkpoints.destinations.$get());
/** Grid names matching what was typed (name or any level of its path's names), at most 200 offered. */
function matching(all: Destinations, search: string, full: (g: Destinations[number]) => string): Destinations {
  const q = search.trim().toLowerCase();
  return (q ? all.filter((g) => full(g).toLowerCase().includes(q)) : all).slice(0, 200);
}

class GwCheckpointEntry extends GwElement {
  static override properties = {
    checkpoints: { state: true },
    grids: { state: true },
    search: { state: true },
    colour: { state: true },
    plateNote: { state: true },
    outcome: { state: true },
    loadError: { state: true },
    formError: { state: true },
    staleSince: { state: true },
  };
  declare checkpoints: Checkpoints | undefined;
  /** Every grid of the tenant, offered as where a vehicle is going (its red-code alert goes to that grid's chain too). */
  declare grids: Destinations | undefined;
  /** What is typed to narrow the destinations. */
  declare search: string;
  declare colour: TravelColour;
  declare plateNote: boolean;
  declare outcome: TriageOutcome | undefined;
  declare loadError: string | undefined;
  declare formError: string | undefined;
  declare staleSince: string | undefined;

  constructor() {
    super();
    this.colour = 'green';
    this.plateNote = false;
    this.search = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load() {
    try {
      const [{ value, staleSince }, grids] = await Promise.all([cached('checkpoints.list', loadCheckpoints), cached('checkpoints.destinations', loadDestinations)]);
      this.checkpoints = value.items;
      this.grids = grids.value.items;
      this.#names = new Map(this.grids.map((g) => [g.id, g.name]));
      this.staleSince = staleSince;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const at = new Date();
    const testedAt = String(data.get('testedAt') ?? '');
    const certificate = this.colour === 'yellow' && testedAt ? { testedAt: new Date(testedAt).toISOString(), negative: data.get('negative') === 'on' } : undefined;
    const plate = String(data.get('plate')).trim();
    const body = {
      id: ulid(),
      checkpointId: String(data.get('checkpointId')),
      at: at.toISOString(),
      plate,
      vehicleType: String(data.get('vehicleType')),
      occupants: Number(data.get('occupants')),
      from: String(data.get('from')).trim(),
      ...(data.get('destinationGridId') ? { destinationGridId: String(data.get('destinationGridId')) } : {}),
      colour: this.colour,
      ...(certificate ? { certificate } : {}),
    };
    try {
      await outbox.enqueue({ id: body.id, method: 'POST', path: '/api/checkpoints/entries', body, label: `${t('ck.entryLabel')} · ${plate}` });
      this.outcome = triage(this.colour, certificate, at);
      this.formError = undefined;
      announce(`${t(`ck.outcome.${this.outcome}` as MessageKey)} · ${online.value ? t('ck.saved') : t('ck.queued')}`);
      form.reset();
      this.search = '';
      this.colour = 'green';
      this.plateNote = false;
    } catch (error) {
      this.formError = errorMessage(error);
    }
  };

  #form(checkpoints: Checkpoints) {
    return html`<form class="card stack" id="checkpoint-entry" @submit=${this.#submit}>
      <label>${t('ck.checkpoint')} <select name="checkpointId">${checkpoints.map((c) => html`<option value=${c.id}>${c.name} · ${c.location.place}</option>`)}</select></label>
      <label>${t('ck.plate')} <input name="plate" required maxlength="16" autocomplete="off" @input=${(e: Event) => { const v = (e.target as HTMLInputElement).value; this.plateNote = v.trim().length > 0 && plateKind(v) === 'other'; }} /></label>
      ${this.plateNote ? html`<p class="notice plate-note" role="status">${t('ck.plateFree')}</p>` : nothing}
      <label>${t('ck.vehicleType')} <select name="vehicleType">${VEHICLE_TYPES.map((v) => html`<option value=${v}>${t(`ck.vehicle.${v}` as MessageKey)}</option>`)}</select></label>
      <label>${t('ck.occupants')} <input name="occupants" type="number" min="1" max="99" value="1" required /></label>
      <label>${t('ck.from')} <input name="from" required maxlength="60" autocomplete="off" /></label>
      <label>${t('ck.destinationSearch')} <input type="search" autocomplete="off" .value=${this.search} @input=${(e: Event) => { this.search = (e.target as HTMLInputElement).value; }} /></label>
      <label>${t('ck.destination')} <select name="destinationGridId"><option value="">${t('ck.noDestination')}</option>${matching(this.grids ?? [], this.search, this.#pathName).map((g) => html`<option value=${g.id}>${this.#pathName(g)}</option>`)}</select></label>
      <fieldset class="row"><legend>${t('ck.colour')}</legend>
        ${(['green', 'yellow', 'red'] as const).map((c) => html`<label><input type="radio" name="colour" value=${c} .checked=${this.colour === c} @change=${() => { this.colour = c; }} /> ${t(`ck.colour.${c}` as MessageKey)}</label>`)}
      </fieldset>
      ${this.colour === 'yellow'
        ? html`<label>${t('ck.testedAt')} <input name="testedAt" type="datetime-local" /></label>
            <label><input name="negative" type="checkbox" checked /> ${t('ck.negative')}</label>`
        : nothing}
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : nothing}
      <button type="submit" class="primary">${t('ck.record')}</button>
    </form>`;
  }

  #names = new Map<string, string>();
  /** A grid as its path of names (镇 › 村 › 组): the same name may be in two villages. */
  #pathName = (g: Destinations[number]) => g.path.split('/').filter(Boolean).map((id) => this.#names.get(id) ?? id).join(' › ');

  override render() {
    const list = this.checkpoints;
    return html`<div class="screen-head"><h1>${t('nav.checkpointEntry')}</h1></div>
      ${staleNote(this.staleSince)}
      ${this.outcome ? html`<p class="notice outcome outcome-${this.outcome}" data-outcome=${this.outcome}>${t(`ck.outcome.${this.outcome}` as MessageKey)}</p>` : nothing}
      ${loadState(list, this.loadError, { retry: () => this.#load(), empty: t('ck.none') })}
      ${list?.length ? this.#form(list) : nothing}`;
  }
}

customElements.define('gw-checkpoint-entry', GwCheckpointEntry);
