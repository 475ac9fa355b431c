/**
 * <gw-grid-map>: 三色管理图 — the grids of a subtree drawn as tiles (schematic SVG, no map tiles),
 * red / yellow / green by the chosen density: venues, open problems or households per grid (per
 * lowest-level grid for a grid with children), thresholds from the tenant's rules. A tile with
 * children drills down (tenant → zone → village → group); the trail goes back up. Legend with the
 * count of each colour; printable. `#/grid-map?measure=venues&grid=<id>`; figures from
 * `GET /api/grid-map` (shared/domain/grid-map.ts).
 */
import { html, nothing, svg } from 'lit';
import type { Grid } from '../../../shared/domain/grid';
import { api, type OkBody, ok } from '../api/client';
import { formatNumber, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { navigate, routeArgs } from '../nav';
import { roles } from '../session';
import { Watch } from '../store';
import { GwElement } from '../ui/base';
import { gridTree } from '../ui/domain';
import { errorMessage } from '../ui/errors';
import { loadState } from '../ui/load-state';

type MapView = OkBody<Awaited<ReturnType<typeof api.api['grid-map']['$get']>>>;
type Measure = MapView['measure'];
type Cell = MapView['cells'][number];

const TILE_W = 220;
const TILE_H = 120;
const GAP = 8;
const FILL = { red: '#c62828', yellow: '#f9a825', green: '#2e7d32' } as const;
const INK = { red: '#fff', yellow: '#111', green: '#fff' } as const;

/** Who sees households: those who work with residents (not industry authorities). */
const measuresFor = (r: readonly string[]): Measure[] => (r.some((x) => ['tenant-admin', 'supervisor', 'inspector'].includes(x)) ? ['venues', 'openProblems', 'households', 'coverage'] : ['venues', 'openProblems']);

class GwGridMap extends GwElement {
  static override properties = {
    map: { state: true },
    loadError: { state: true },
    grids: { state: true },
  };
  declare map: MapView | undefined;
  declare loadError: string | undefined;
  declare grids: Grid[];
  #loaded = '';

  constructor() {
    super();
    this.grids = [];
    new Watch(this, [routeArgs]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void gridTree()
      .then((grids) => {
        this.grids = grids;
      })
      .catch(() => {});
  }

  get #measure(): Measure {
    const m = routeArgs.value.query.get('measure') as Measure | null;
    return m && measuresFor(roles()).includes(m) ? m : 'venues';
  }

  get #grid(): string {
    return routeArgs.value.query.get('grid') ?? '';
  }

  override willUpdate(): void {
    const key = `${this.#measure}|${this.#grid}`;
    if (key !== this.#loaded) {
      this.#loaded = key;
      void this.#load(this.#measure, this.#grid);
    }
  }

  async #load(measure: Measure, grid: string) {
    try {
      const map = await ok(api.api['grid-map'].$get({ query: { measure, ...(grid ? { grid } : {}) } }));
      if (`${measure}|${grid}` !== this.#loaded) return; // the user moved on meanwhile
      this.map = map;
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    }
  }

  #go(query: { measure?: Measure; grid?: string }) {
    const measure = query.measure ?? this.#measure;
    const grid = query.grid ?? this.#grid;
    navigate('grid-map', undefined, { measure, ...(grid ? { grid } : {}) });
  }

  /** The trail from the top of my scope to the grid shown: grids above my scope are not mine to open. */
  #trail() {
    const g = this.map?.grid;
    if (!g) return [];
    const ids = g.path.split('/').filter(Boolean);
    return ids.flatMap((id) => {
      const name = id === g.id ? g.name : this.grids.find((x) => x.id === id)?.name;
      return name ? [{ id, name }] : [];
    });
  }

  #tile(c: Cell, i: number, cols: number) {
    const x = GAP + (i % cols) * (TILE_W + GAP);
    const y = GAP + Math.floor(i / cols) * (TILE_H + GAP);
    const label = t('gridMap.tileLabel', { name: c.name, value: formatNumber(c.value), density: formatNumber(c.density), colour: t(`gridMap.colour.${c.colour}` as MessageKey) });
    const body = svg`<rect x=${x} y=${y} width=${TILE_W} height=${TILE_H} rx="6" fill=${FILL[c.colour]}></rect>
      <text x=${x + 12} y=${y + 30} fill=${INK[c.colour]} class="tile-name">${c.name.length > 12 ? `${c.name.slice(0, 11)}…` : c.name}</text>
      <text x=${x + 12} y=${y + 68} fill=${INK[c.colour]} class="tile-value">${formatNumber(c.value)}</text>
      <text x=${x + 12} y=${y + 100} fill=${INK[c.colour]} class="tile-note">${c.target !== undefined ? t('gridMap.coverageNote', { target: formatNumber(c.target), pct: formatNumber(c.density) }) : c.children > 0 ? t('gridMap.perGrid', { density: formatNumber(c.density), n: c.leaves }) : t('gridMap.leaf')}</text>`;
    return c.children > 0
      ? svg`<a href="#/grid-map?${new URLSearchParams({ measure: this.#measure, grid: c.id })}" class="tile drill" data-grid-id=${c.id} data-colour=${c.colour} aria-label=${label} @click=${(e: Event) => {
          e.preventDefault();
          this.#go({ grid: c.id });
        }}><title>${label}</title>${body}</a>`
      : svg`<g class="tile" data-grid-id=${c.id} data-colour=${c.colour} role="img" aria-label=${label}><title>${label}</title>${body}</g>`;
  }

  override render() {
    const map = this.map;
    const measure = this.#measure;
    const cells = map?.cells ?? [];
    // Two columns on a phone (tiles stay legible when the drawing scales down), up to four on a desk.
    const narrow = globalThis.matchMedia?.('(max-width: 600px)').matches ?? false;
    const cols = Math.max(1, Math.min(narrow ? 2 : 4, Math.ceil(Math.sqrt(cells.length))));
    const rows = Math.ceil(cells.length / cols);
    const width = cols * (TILE_W + GAP) + GAP;
    const height = rows * (TILE_H + GAP) + GAP;
    const th = map?.thresholds;
    const trail = this.#trail();
    return html`<div class="screen-head">
        <h1>${t('nav.gridMap')}${map?.grid ? html` · ${map.grid.name}` : nothing}</h1>
        <div class="head-actions no-print"><button type="button" @click=${() => window.print()}>${t('gridMap.print')}</button></div>
      </div>
      <fieldset class="segmented no-print">
        <legend>${t('gridMap.measure')}</legend>
        ${measuresFor(roles()).map(
          (m) => html`<label class="check"><input type="radio" name="measure" value=${m} .checked=${m === measure} @change=${() => this.#go({ measure: m })} /> ${t(`gridMap.measure.${m}` as MessageKey)}</label>`,
        )}
      </fieldset>
      <nav class="trail" aria-label=${t('gridMap.trail')}>
        <a href="#/grid-map?measure=${measure}" @click=${(e: Event) => {
          e.preventDefault();
          navigate('grid-map', undefined, { measure });
        }}>${t('gridMap.top')}</a>
        ${trail.map(
          (g, i) => html` › ${i === trail.length - 1 ? html`<span aria-current="page">${g.name}</span>` : html`<a href="#/grid-map?measure=${measure}&grid=${g.id}" @click=${(e: Event) => {
            e.preventDefault();
            this.#go({ grid: g.id });
          }}>${g.name}</a>`}`,
        )}
      </nav>
      ${map && th && measure === 'coverage'
        ? html`<ul class="map-legend grid-map-legend" aria-label=${t('map.legend')}>
            <li data-colour="red"><span class="swatch" style="background:${FILL.red}"></span>${t('gridMap.coverageLegend.red', { red: th.red })} <strong data-testid="legend-red">${formatNumber(map.legend.red)}</strong></li>
            <li data-colour="yellow"><span class="swatch" style="background:${FILL.yellow}"></span>${t('gridMap.coverageLegend.yellow', { yellow: th.yellow, red: th.red })} <strong data-testid="legend-yellow">${formatNumber(map.legend.yellow)}</strong></li>
            <li data-colour="green"><span class="swatch" style="background:${FILL.green}"></span>${t('gridMap.coverageLegend.green', { yellow: th.yellow })} <strong data-testid="legend-green">${formatNumber(map.legend.green)}</strong></li>
          </ul>
          <p class="muted">${map.round ? t('gridMap.about.coverage', { number: map.round.number, name: map.round.name, total: formatNumber(map.total) }) : t('gridMap.noRound')}</p>`
        : nothing}
      ${map && th && measure !== 'coverage'
        ? html`<ul class="map-legend grid-map-legend" aria-label=${t('map.legend')}>
            <li data-colour="red"><span class="swatch" style="background:${FILL.red}"></span>${t('gridMap.legend.red', { red: th.red })} <strong data-testid="legend-red">${formatNumber(map.legend.red)}</strong></li>
            <li data-colour="yellow"><span class="swatch" style="background:${FILL.yellow}"></span>${t('gridMap.legend.yellow', { yellow: th.yellow, red: th.red })} <strong data-testid="legend-yellow">${formatNumber(map.legend.yellow)}</strong></li>
            <li data-colour="green"><span class="swatch" style="background:${FILL.green}"></span>${t('gridMap.legend.green', { yellow: th.yellow })} <strong data-testid="legend-green">${formatNumber(map.legend.green)}</strong></li>
          </ul>
          <p class="muted">${t(`gridMap.about.${measure}` as MessageKey, { total: formatNumber(map.total) })}${map.direct && map.grid ? html` ${t('gridMap.direct', { n: formatNumber(map.direct), name: map.grid.name })}` : nothing}</p>`
        : nothing}
      ${loadState(map?.cells, this.loadError, { retry: () => this.#load(measure, this.#grid), empty: t('gridMap.empty') })}
      ${cells.length
        ? html`<svg class="grid-map" style="max-width:${width}px" viewBox="0 0 ${width} ${height}" role="group" aria-label=${t('nav.gridMap')}>${cells.map((c, i) => this.#tile(c, i, cols))}</svg>`
        : nothing}`;
  }
}

customElements.define('gw-grid-map', GwGridMap);
