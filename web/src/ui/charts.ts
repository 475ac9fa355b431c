/**
 * Charts for the dashboard, drawn by uPlot (≈20 KB gzipped, canvas). This module is imported only
 * by the dashboard screen, which is itself loaded only on its route: inspectors' phones never
 * download it. Every chart has its figures in a table next to it (screen readers, small screens).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface BarSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Bar width as a share of the slot (a wide light bar behind a narrow dark one reads as "done of quota"). */
  width: number;
}

export interface LineSeries {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
}

const FONT = '12px system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

function sized(el: HTMLElement, height: number) {
  return { width: Math.max(280, el.clientWidth || 600), height };
}

/** Keeps a chart as wide as its box. Returns a function that removes the chart. */
function follow(el: HTMLElement, plot: uPlot, height: number): () => void {
  const observer = new ResizeObserver(() => plot.setSize(sized(el, height)));
  observer.observe(el);
  return () => {
    observer.disconnect();
    plot.destroy();
  };
}

/** Overlaid bars per category (e.g. quota behind done, per grid). */
export function barChart(el: HTMLElement, categoryLabel: string, categories: string[], series: BarSeries[], height = 260): () => void {
  el.replaceChildren();
  const xs = categories.map((_, i) => i);
  const short = (name: string) => (name.length > 8 ? `${name.slice(0, 7)}…` : name);
  const plot = new uPlot(
    {
      ...sized(el, height),
      legend: { show: true },
      cursor: { points: { show: false } },
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, categories.length - 0.5)] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        {
          font: FONT,
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) && categories[v] !== undefined ? short(categories[v]) : '')),
          splits: () => xs,
          rotate: categories.length > 6 ? -35 : 0,
          size: categories.length > 6 ? 70 : 40,
          gap: 4,
        },
        { font: FONT, size: 44 },
      ],
      series: [
        { label: categoryLabel, value: (_u, v) => (v === null || v === undefined ? '' : (categories[v] ?? '')) },
        ...series.map((s) => ({
          label: s.label,
          fill: s.color,
          stroke: s.color,
          width: 0,
          points: { show: false },
          paths: uPlot.paths.bars?.({ size: [s.width, Math.round(120 * s.width)], align: 0 as const }),
        })),
      ],
    },
    [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
    el,
  );
  return follow(el, plot, height);
}

/** Lines over days (`dates` YYYY-MM-DD). */
export function lineChart(el: HTMLElement, dateLabel: string, dates: string[], series: LineSeries[], height = 240): () => void {
  el.replaceChildren();
  const xs = dates.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
  const plot = new uPlot(
    {
      ...sized(el, height),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
      scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { font: FONT, values: (_u, splits) => splits.map((s) => new Date(s * 1000).toISOString().slice(5, 10)) },
        { font: FONT, size: 44 },
      ],
      series: [
        { label: dateLabel, value: (_u, v) => (v ? new Date(v * 1000).toISOString().slice(0, 10) : '') },
        ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.dash, points: { show: true, size: 5 }, spanGaps: false })),
      ],
    },
    [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
    el,
  );
  return follow(el, plot, height);
}

/** Points over time (ISO instants, e.g. a person's temperatures) with a fixed y range and a threshold line. */
export function timeChart(el: HTMLElement, timeLabel: string, times: string[], series: LineSeries, y: { min: number; max: number; threshold?: number }, height = 220): () => void {
  el.replaceChildren();
  const xs = times.map((at) => Date.parse(at) / 1000);
  const threshold = y.threshold;
  const plot = new uPlot(
    {
      ...sized(el, height),
      scales: { y: { range: [y.min, y.max] } },
      axes: [{ font: FONT }, { font: FONT, size: 44 }],
      series: [
        { label: timeLabel, value: (_u, v) => (v ? new Date(v * 1000).toLocaleString() : '') },
        { label: series.label, stroke: series.color, width: 2, points: { show: true, size: 6 } },
        ...(threshold === undefined ? [] : [{ label: String(threshold), stroke: '#c62828', width: 1, dash: [4, 4], points: { show: false } }]),
      ],
    },
    [xs, series.values, ...(threshold === undefined ? [] : [xs.map(() => threshold)])] as uPlot.AlignedData,
    el,
  );
  return follow(el, plot, height);
}
