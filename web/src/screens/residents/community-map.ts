/**
 * <gw-community-map>: 导航图 — the community map of a grid, drawn in the app (no map tiles): each
 * compound (小区) a section, each building (楼栋) a block, each household a cell coloured by its status
 * tag, with a legend and the count of each tag. A cell opens the household's file (masked). Printable
 * with the browser's print (the navigation does not print). `#/community-map?grid=<id>`; the layout
 * and the colour of each cell come from `GET /api/residents/map` (shared/domain/residents/community-map.ts).
 */
import { html, nothing, svg } from 'lit';
import type { Grid } from '../../../../shared/domain/grid';
import { api, type OkBody, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import { href, navigate, routeArgs } from '../../nav';
import { Watch } from '../../store';
import { GwElement } from '../../ui/base';
import { gridTree } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';
import { householdTagName, loadResidentRules, residentRules } from './residents-ui';

const CELL = 34;
const GAP = 3;
const PER_ROW = 6;
const UNTAGGED = '#e0e0e0';

type MapView = OkBody<Awaited<ReturnType<typeof api.api.residents.map.$get>>>;
type BuildingView = MapView['compounds'][number]['buildings'][number];

class GwCommunityMap extends GwElement {
  static override properties = {
    map: { state: true },
    loadError: { state: true },
    grids: { state: true },
  };
  declare map: MapView | undefined;
  declare loadError: string | undefined;
  declare grids: Grid[];
  #grid = '';

  constructor() {
    super();
    this.grids = [];
    new Watch(this, [residentRules]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#grid = routeArgs.value.query.get('grid') ?? '';
    void loadResidentRules().catch(() => {});
    void gridTree()
      .then((grids) => {
        this.grids = grids;
        // A map is of one grid: without one, the first of my grids (the tree is in my scope).
        if (!this.#grid && grids[0]) navigate('community-map', undefined, { grid: grids[0].id });
      })
      .catch((error) => {
        this.loadError = errorMessage(error);
      });
    if (this.#grid) void this.#load();
  }

  async #load() {
    try {
      this.map = await ok(api.api.residents.map.$get({ query: { grid: this.#grid } }));
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #building(b: BuildingView) {
    const rows = Math.ceil(b.households.length / PER_ROW);
    const width = PER_ROW * (CELL + GAP) + GAP;
    const height = rows * (CELL + GAP) + GAP;
    return html`<figure class="map-building">
      <figcaption>${b.name === '—' ? t('map.noBuilding') : t('residents.building', { n: b.name })} · ${t('map.householdsN', { n: b.households.length })}</figcaption>
      <svg viewBox="0 0 ${width} ${height}" width=${width} height=${height} role="group" aria-label=${b.name}>
        <rect class="block" x="0" y="0" width=${width} height=${height} rx="3"></rect>
        ${b.households.map((h, i) => {
          const x = GAP + (i % PER_ROW) * (CELL + GAP);
          const y = GAP + Math.floor(i / PER_ROW) * (CELL + GAP);
          const name = `${h.unit ? `${h.unit}-` : ''}${h.room}`;
          return svg`<a href=${href('household', h.id)} class="cell" data-household-id=${h.id} data-tag=${h.tag ?? ''}>
            <title>${name} ${h.tags.map(householdTagName).join('、')}</title>
            <rect x=${x} y=${y} width=${CELL} height=${CELL} rx="2" fill=${h.colour ?? UNTAGGED}></rect>
            <text x=${x + CELL / 2} y=${y + CELL / 2 + 4} text-anchor="middle">${h.room.slice(-4)}</text>
          </a>`;
        })}
      </svg>
    </figure>`;
  }

  override render() {
    const map = this.map;
    const gridName = this.grids.find((g) => g.id === this.#grid)?.name;
    const counts = new Map<string, number>();
    for (const c of map?.compounds ?? []) for (const b of c.buildings) for (const h of b.households) if (h.tag) counts.set(h.tag, (counts.get(h.tag) ?? 0) + 1);
    return html`<div class="screen-head">
        <h1>${t('nav.communityMap')}${gridName ? html` · ${gridName}` : nothing}</h1>
        <div class="head-actions no-print">
          <a class="button" href=${href('residents', undefined, this.#grid ? { grid: this.#grid } : {})}>${t('residents.title')}</a>
          <button type="button" @click=${() => window.print()}>${t('map.print')}</button>
        </div>
      </div>
      <label class="inline-select no-print">${t('residents.grid')}
        <select @change=${(e: Event) => navigate('community-map', undefined, { grid: (e.target as HTMLSelectElement).value })}>
          ${this.grids.map((g) => html`<option value=${g.id} ?selected=${g.id === this.#grid}>${'　'.repeat(g.level - 1)}${g.name}</option>`)}
        </select>
      </label>
      <ul class="map-legend" aria-label=${t('map.legend')}>
        ${(map?.legend ?? []).map(
          (tag) => html`<li data-tag=${tag.code}><span class="swatch" style="background:${tag.colour}"></span>${householdTagName(tag.code)} <span class="muted">${formatNumber(counts.get(tag.code) ?? 0)}</span></li>`,
        )}
        <li><span class="swatch" style="background:${UNTAGGED}"></span>${t('map.untagged')}</li>
      </ul>
      ${loadState(map?.compounds, this.loadError, { retry: () => this.#load(), empty: t('residents.noHouseholds') })}
      ${(map?.compounds ?? []).map(
        (c) => html`<section class="map-compound">
          <h2>${c.name === '—' ? t('map.noCompound') : c.name}</h2>
          <div class="map-buildings">${c.buildings.map((b) => this.#building(b))}</div>
        </section>`,
      )}`;
  }
}

customElements.define('gw-community-map', GwCommunityMap);
