/**
 * <gw-community-map>: 导航图 — the community map of a grid, drawn in the app (no map tiles): each
 * compound (小区) a section, each building (楼栋) a block, each household a cell coloured by its status
 * tag, with a legend and the count of each tag. A cell opens the household's file (masked). Printable
 * with the browser's print (the navigation does not print). `#/community-map?grid=<id>`.
 */
import { html, nothing, svg } from 'lit';
import type { Grid } from '../../../../shared/domain/grid';
import type { Household } from '../../../../shared/domain/residents/household';
import { api, ok } from '../../api/client';
import { formatNumber, t } from '../../i18n/i18n';
import { href, navigate, routeArgs } from '../../nav';
import { Watch } from '../../store';
import { GwElement } from '../../ui/base';
import { gridTree } from '../../ui/domain';
import { errorMessage } from '../../ui/errors';
import { loadState } from '../../ui/load-state';
import { householdTagName, loadResidentRules, residentRules, tagColour } from './residents-ui';

/** A map holds at most this many households (50 pages of 200); a bigger grid is drawn child by child. */
const MAX_HOUSEHOLDS = 10_000;
const PAGE = 200;
const CELL = 34;
const GAP = 3;
const PER_ROW = 6;
const UNTAGGED = '#e0e0e0';

interface Building {
  name: string;
  households: Household[];
}
interface Compound {
  name: string;
  buildings: Building[];
}

const byText = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

/** Compounds, their buildings and households in address order. */
export function layout(households: readonly Household[]): Compound[] {
  const compounds = new Map<string, Map<string, Household[]>>();
  for (const h of households) {
    const c = h.address.compound ?? '';
    const b = h.address.building ?? '';
    const buildings = compounds.get(c) ?? compounds.set(c, new Map()).get(c)!;
    (buildings.get(b) ?? buildings.set(b, []).get(b)!).push(h);
  }
  return [...compounds.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([name, buildings]) => ({
      name,
      buildings: [...buildings.entries()]
        .sort(([a], [b]) => byText(a, b))
        .map(([bName, list]) => ({ name: bName, households: list.sort((x, y) => byText(`${x.address.unit ?? ''}-${x.address.room}`, `${y.address.unit ?? ''}-${y.address.room}`)) })),
    }));
}

/**
 * The tag a cell shows: the household's tag that comes first in the rules, except that the rules'
 * first tag (the everyday one, 常住) gives way to any other (居家隔离 must stand out).
 */
export function cellTag(tags: readonly string[], order: readonly string[]): string | undefined {
  const known = order.filter((code) => tags.includes(code));
  return known.find((code) => code !== order[0]) ?? known[0];
}

class GwCommunityMap extends GwElement {
  static override properties = {
    households: { state: true },
    more: { state: true },
    loadError: { state: true },
    grids: { state: true },
  };
  declare households: Household[] | undefined;
  declare more: boolean;
  declare loadError: string | undefined;
  declare grids: Grid[];
  #grid = '';

  constructor() {
    super();
    this.grids = [];
    this.more = false;
    new Watch(this, [residentRules]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#grid = routeArgs.value.query.get('grid') ?? '';
    void loadResidentRules().catch(() => {});
    void gridTree()
      .then((grids) => {
        this.grids = grids;
      })
      .catch(() => {});
    void this.#load();
  }

  async #load() {
    try {
      const all: Household[] = [];
      let cursor: string | undefined;
      do {
        const page = await ok(api.api.residents.households.$get({ query: { limit: String(PAGE), ...(this.#grid ? { grid: this.#grid } : {}), ...(cursor ? { cursor } : {}) } }));
        all.push(...page.items);
        cursor = page.cursor;
      } while (cursor && all.length < MAX_HOUSEHOLDS);
      this.households = all;
      this.more = Boolean(cursor);
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #building(b: Building, order: readonly string[]) {
    const rows = Math.ceil(b.households.length / PER_ROW);
    const width = PER_ROW * (CELL + GAP) + GAP;
    const height = rows * (CELL + GAP) + GAP;
    return html`<figure class="map-building">
      <figcaption>${b.name ? t('residents.building', { n: b.name }) : t('map.noBuilding')} · ${t('map.householdsN', { n: b.households.length })}</figcaption>
      <svg viewBox="0 0 ${width} ${height}" width=${width} height=${height} role="group" aria-label=${b.name}>
        <rect class="block" x="0" y="0" width=${width} height=${height} rx="3"></rect>
        ${b.households.map((h, i) => {
          const tag = cellTag(h.tags, order);
          const x = GAP + (i % PER_ROW) * (CELL + GAP);
          const y = GAP + Math.floor(i / PER_ROW) * (CELL + GAP);
          const name = `${h.address.unit ? `${h.address.unit}-` : ''}${h.address.room}`;
          return svg`<a href=${href('household', h.id)} class="cell" data-household-id=${h.id} data-tag=${tag ?? ''}>
            <title>${name} ${h.tags.map(householdTagName).join('、')}</title>
            <rect x=${x} y=${y} width=${CELL} height=${CELL} rx="2" fill=${tag ? tagColour(tag) : UNTAGGED}></rect>
            <text x=${x + CELL / 2} y=${y + CELL / 2 + 4} text-anchor="middle">${h.address.room.slice(-4)}</text>
          </a>`;
        })}
      </svg>
    </figure>`;
  }

  override render() {
    const list = this.households;
    const rules = residentRules.value;
    const order = (rules?.householdTags ?? []).map((tag) => tag.code);
    const gridName = this.grids.find((g) => g.id === this.#grid)?.name;
    const counts = new Map<string, number>();
    for (const h of list ?? []) {
      const tag = cellTag(h.tags, order);
      if (tag) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return html`<div class="screen-head">
        <h1>${t('nav.communityMap')}${gridName ? html` · ${gridName}` : nothing}</h1>
        <div class="head-actions no-print">
          <a class="button" href=${href('residents', undefined, this.#grid ? { grid: this.#grid } : {})}>${t('residents.title')}</a>
          <button type="button" @click=${() => window.print()}>${t('map.print')}</button>
        </div>
      </div>
      <label class="inline-select no-print">${t('residents.grid')}
        <select @change=${(e: Event) => navigate('community-map', undefined, (e.target as HTMLSelectElement).value ? { grid: (e.target as HTMLSelectElement).value } : {})}>
          <option value="" ?selected=${!this.#grid}>${t('residents.allMyGrids')}</option>
          ${this.grids.map((g) => html`<option value=${g.id} ?selected=${g.id === this.#grid}>${'　'.repeat(g.level - 1)}${g.name}</option>`)}
        </select>
      </label>
      <ul class="map-legend" aria-label=${t('map.legend')}>
        ${(rules?.householdTags ?? []).map(
          (tag) => html`<li data-tag=${tag.code}><span class="swatch" style="background:${tag.colour}"></span>${householdTagName(tag.code)} <span class="muted">${formatNumber(counts.get(tag.code) ?? 0)}</span></li>`,
        )}
        <li><span class="swatch" style="background:${UNTAGGED}"></span>${t('map.untagged')}</li>
      </ul>
      ${this.more ? html`<p class="alert">${t('map.tooMany', { n: formatNumber(MAX_HOUSEHOLDS) })}</p>` : nothing}
      ${loadState(list, this.loadError, { retry: () => this.#load(), empty: t('residents.noHouseholds') })}
      ${layout(list ?? []).map(
        (c) => html`<section class="map-compound">
          <h2>${c.name || t('map.noCompound')}</h2>
          <div class="map-buildings">${c.buildings.map((b) => this.#building(b, order))}</div>
        </section>`,
      )}`;
  }
}

customElements.define('gw-community-map', GwCommunityMap);
