/**
 * <gw-venue-form>: add one venue by hand, or edit one (tenant admins). The API is the validator: a
 * 400 names each field (`body.contactPhone`) and its message appears beside that field; an edit sends
 * the venue's version, and a 409 (someone else saved it first) says so and offers the current venue.
 * Fires `saved` with the venue and `closed`.
 */
import { html, nothing } from 'lit';
import type { Grid } from '../../../../shared/domain/grid';
import type { Venue } from '../../../../shared/domain/venues/venue';
import { ApiError, api, ok } from '../../api/client';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { Watch } from '../../store';
import { GwElement } from '../../ui/base';
import { dialogActions, modal } from '../../ui/dialog';
import { type FormErrors, focusFirstInvalid, formErrors, formSummary, inputField, noErrors, readForm, selectField } from '../../ui/form';
import { gridTree, kindName, loadKinds, venueKinds } from '../../ui/domain';

const FIELDS = ['name', 'kind', 'gridId', 'address', 'contactName', 'contactPhone', 'risk', 'externalId', 'version'] as const;
const RISKS = ['green', 'yellow', 'red'] as const;

export class GwVenueForm extends GwElement {
  static override properties = {
    venue: { attribute: false },
    grids: { state: true },
    errors: { state: true },
    busy: { state: true },
    stale: { state: true },
  };
  /** The venue to edit; none to add one. */
  declare venue: Venue | undefined;
  declare grids: Grid[];
  declare errors: FormErrors;
  declare busy: boolean;
  /** The venue as someone else saved it, after a 409. */
  declare stale: Venue | undefined;

  constructor() {
    super();
    this.grids = [];
    this.errors = noErrors();
    this.busy = false;
    new Watch(this, [venueKinds]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadKinds();
    void gridTree()
      .then((grids) => {
        this.grids = grids.filter((g) => g.status === 'active');
      })
      .catch(() => {});
  }

  #submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = readForm(form);
    const optional = (name: string) => (f.text(name) ? { [name]: f.text(name) } : {});
    const fields = { name: f.text('name'), kind: f.text('kind'), gridId: f.text('gridId'), address: f.text('address'), risk: f.text('risk') as (typeof RISKS)[number] };
    this.busy = true;
    this.errors = noErrors();
    try {
      const saved = this.venue
        ? await ok(
            api.api.venues[':venueId'].$patch({
              param: { venueId: this.venue.id },
              json: { version: this.venue.version, ...fields, ...optional('contactName'), ...optional('contactPhone') },
            }),
          )
        : await ok(api.api.venues.$post({ json: { ...fields, ...optional('contactName'), ...optional('contactPhone'), ...optional('externalId') } }));
      form.closest('dialog')?.close();
      this.dispatchEvent(new CustomEvent('saved', { detail: saved }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.currentVersion !== undefined && this.venue) {
        this.errors = { fields: {}, general: [t('venueForm.stale', { version: error.currentVersion })] };
        this.stale = await ok(api.api.venues[':venueId'].$get({ param: { venueId: this.venue.id } })).catch(() => undefined);
      } else this.errors = formErrors(error, FIELDS);
      focusFirstInvalid(this);
    } finally {
      this.busy = false;
    }
  };

  /** Edit the venue as it is now (its fields and version). */
  #takeCurrent() {
    if (!this.stale) return;
    this.venue = this.stale;
    this.stale = undefined;
    this.errors = noErrors();
  }

  override render() {
    const v = this.venue;
    const e = this.errors.fields;
    return modal({
      id: 'venue-dialog',
      title: v ? t('venueForm.edit', { name: v.name }) : t('venueForm.add'),
      onClose: () => this.dispatchEvent(new CustomEvent('closed')),
      body: html`<form novalidate @submit=${this.#submit}>
        ${formSummary(this.errors)}
        ${this.stale
          ? html`<p class="notice" role="status">${t('venueForm.staleWho', { name: this.stale.name, address: this.stale.address })}
              <button type="button" data-testid="take-current" @click=${() => this.#takeCurrent()}>${t('venueForm.takeCurrent')}</button></p>`
          : nothing}
        ${inputField({ id: 'vf-name', name: 'name', label: t('venueForm.name'), value: v?.name, errors: e.name })}
        ${selectField({
          id: 'vf-kind',
          name: 'kind',
          label: t('venues.kind'),
          value: v?.kind ?? '',
          options: [{ value: '', label: t('venueForm.choose') }, ...venueKinds.value.map((k) => ({ value: k.code, label: kindName(k.code) }))],
          errors: e.kind,
        })}
        ${selectField({
          id: 'vf-grid',
          name: 'gridId',
          label: t('venueForm.grid'),
          value: v?.gridId ?? '',
          options: [{ value: '', label: t('venueForm.choose') }, ...this.grids.map((g) => ({ value: g.id, label: `${'　'.repeat(g.level - 1)}${g.name}` }))],
          errors: e.gridId,
        })}
        ${inputField({ id: 'vf-address', name: 'address', label: t('venue.address'), value: v?.address, errors: e.address })}
        ${inputField({ id: 'vf-contact', name: 'contactName', label: t('venue.contact'), value: v?.contactName, optional: true, errors: e.contactName })}
        ${inputField({ id: 'vf-phone', name: 'contactPhone', label: t('venueForm.phone'), value: v?.contactPhone, type: 'tel', inputmode: 'tel', optional: true, errors: e.contactPhone })}
        ${selectField({ id: 'vf-risk', name: 'risk', label: t('venueForm.risk'), value: v?.risk ?? 'green', options: RISKS.map((r) => ({ value: r, label: t(`risk.${r}` as MessageKey) })), errors: e.risk })}
        ${v ? nothing : inputField({ id: 'vf-external', name: 'externalId', label: t('venueForm.externalId'), hint: t('venueForm.externalIdHint'), optional: true, errors: e.externalId })}
        ${dialogActions({ submitLabel: t('common.save'), busy: this.busy })}
      </form>`,
    });
  }
}

customElements.define('gw-venue-form', GwVenueForm);
