/**
 * Venue codes (场所码) to print and post at the door: an A4 page per six venues (a grid's sheet) or
 * one large code (a single venue). Each card carries the QR code, the venue's name, address and grid,
 * and the tenant, so a code that falls off a wall can still be put back at the right door. Pure:
 * the caller supplies the venues with their signed tokens. No script: the page is printed with the
 * browser's own print command and served under a CSP that allows none.
 */
import { venueCodePath } from '../domain/venues/venue-code-image';
import { escapeHtml } from './html-escape';

export interface VenueCodeCard {
  token: string;
  venueId: string;
  name: string;
  address: string;
  gridName: string;
  codeVersion: number;
  /** The card's last line instead of the venue code's (a registration poster says what it is for). */
  kindLine?: string;
  /** The QR's name for screen readers (default: the venue code's). */
  qrLabel?: string;
}

export interface VenueCodeSheetInput {
  tenantNameZh: string;
  /** The page's heading: the grid's name, or the venue's for one code. */
  title: string;
  cards: VenueCodeCard[];
  /** One large code on the page instead of six to a page. */
  single?: boolean;
  /** The grid has more venues than one sheet holds. */
  more?: boolean;
}

async function card(c: VenueCodeCard, tenantNameZh: string): Promise<string> {
  const { width, d } = await venueCodePath(c.token);
  return `<figure class="card" data-venue-id="${escapeHtml(c.venueId)}">
<p class="tenant">${escapeHtml(tenantNameZh)}</p>
<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${width}" role="img" aria-label="${escapeHtml(c.qrLabel ?? `${c.name} 场所码`)}"><rect width="100%" height="100%" fill="#fff"/><path d="${d}" fill="#000" shape-rendering="crispEdges"/></svg>
<figcaption><strong class="name">${escapeHtml(c.name)}</strong>
<span class="address">${escapeHtml(c.address)}</span>
<span class="grid">网格：${escapeHtml(c.gridName)}</span>
<span class="version">${escapeHtml(c.kindLine ?? `场所码 Venue code · v${c.codeVersion} · 请扫码登记`)}</span></figcaption>
</figure>`;
}

export async function venueCodeSheet(input: VenueCodeSheetInput): Promise<string> {
  const cards = await Promise.all(input.cards.map((c) => card(c, input.tenantNameZh)));
  const leftOff = input.more
    ? `<p class="left-off">本页只含前 ${input.cards.length} 家场所，本网格还有更多：请按下级网格分别打印。 (The grid has more venues: print each child grid.)</p>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>场所码 ${escapeHtml(input.title)}</title>
<style>
  @page { size: A4; margin: 10mm; }
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 0 auto; max-width: 190mm; color: #000; }
  header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1px solid #999; margin-bottom: 4mm; }
  h1 { font-size: 18px; margin: 2mm 0; }
  .hint { color: #555; font-size: 12px; }
  .cards { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
  .card { margin: 0; border: 1px dashed #888; padding: 4mm; text-align: center; break-inside: avoid; page-break-inside: avoid; height: 84mm; box-sizing: border-box; display: flex; flex-direction: column; align-items: center; }
  .card:nth-child(6n) { break-after: page; page-break-after: always; }
  .tenant { margin: 0; font-size: 11px; color: #444; }
  .qr { width: 46mm; height: 46mm; margin: 1mm 0; }
  figcaption { display: flex; flex-direction: column; gap: 0.5mm; font-size: 11px; }
  .name { font-size: 15px; }
  .version { color: #555; font-size: 10px; }
  body.single .cards { grid-template-columns: 1fr; }
  body.single .card { height: auto; border: none; padding-top: 20mm; }
  body.single .qr { width: 120mm; height: 120mm; }
  body.single .tenant { font-size: 16px; }
  body.single .name { font-size: 28px; }
  body.single figcaption { font-size: 16px; gap: 2mm; }
  .left-off { font-size: 12px; color: #a00; }
  @media print { .no-print { display: none; } }
</style>
</head>
<body${input.single ? ' class="single"' : ''}>
<header class="no-print"><h1>场所码 · ${escapeHtml(input.title)}</h1><span class="hint">共 ${input.cards.length} 家 · 用浏览器的打印（Ctrl+P）打印到 A4 纸 · Print with your browser (Ctrl+P), A4</span></header>
${leftOff}
<main class="cards">
${cards.join('\n')}
</main>
</body>
</html>`;
}
