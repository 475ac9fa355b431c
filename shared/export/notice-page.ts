/**
 * The printable rectification notice (整改通知书): one A4 page in Chinese with the venue, the item,
 * the deadline, the notice number and lines for signatures. Pure: the caller supplies the data.
 */
import { SEVERITY_ZH } from '../domain/venues/checklist';
import type { Problem } from '../domain/venues/problem';

const escapeHtml = (s: string | undefined) =>
  (s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** 2026-11-28 → 2026年11月28日 */
const dateZh = (date: string) => {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

interface NoticePageInput {
  tenantNameZh: string;
  problem: Problem & { notice: NonNullable<Problem['notice']> };
  venue: { name: string; address: string; contactName?: string };
  gridName: string;
  /** Tenant-local dates. */
  foundDate: string;
  issuedDate: string;
}

export function noticePage({ tenantNameZh, problem, venue, gridName, foundDate, issuedDate }: NoticePageInput): string {
  const n = problem.notice;
  const requirements = n.requirements ?? `请立即对“${problem.itemLabelZh}”问题进行整改，落实各项防控措施。`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>整改通知书 ${escapeHtml(n.number)}</title>
<style>
  @page { size: A4; margin: 20mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 16px; line-height: 1.9; max-width: 170mm; margin: 0 auto; color: #000; }
  h1 { text-align: center; font-size: 26px; letter-spacing: 0.3em; margin: 0.2em 0; }
  .issuer { text-align: center; font-size: 18px; margin-top: 1em; }
  .number { text-align: right; }
  table { width: 100%; border-collapse: collapse; margin: 0.6em 0; }
  th, td { border: 1px solid #000; padding: 4px 8px; text-align: left; }
  th { width: 26%; font-weight: normal; background: #f3f3f3; }
  .deadline { font-weight: bold; text-decoration: underline; }
  .signatures { margin-top: 2.5em; }
  .signatures p { margin: 1.2em 0; }
  .line { display: inline-block; min-width: 12em; border-bottom: 1px solid #000; }
  .line.short { min-width: 8em; }
  .stamp { text-align: right; margin-top: 2em; }
  @media print { .no-print { display: none; } }
</style>
</head>
<body>
<p class="issuer">${escapeHtml(tenantNameZh)}</p>
<h1>整改通知书</h1>
<p class="number">编号：${escapeHtml(n.number)}</p>
<p><strong>${escapeHtml(venue.name)}</strong>：</p>
<p>${dateZh(foundDate)}，经检查发现你单位存在以下问题，现责令限期整改：</p>
<table>
  <tr><th>场所名称</th><td>${escapeHtml(venue.name)}</td></tr>
  <tr><th>场所地址</th><td>${escapeHtml(venue.address)}</td></tr>
  <tr><th>所属网格</th><td>${escapeHtml(gridName)}</td></tr>
  <tr><th>存在问题（检查项）</th><td>${escapeHtml(problem.itemLabelZh)}（${escapeHtml(SEVERITY_ZH[problem.severity] ?? problem.severity)}）</td></tr>
  <tr><th>整改要求</th><td>${escapeHtml(requirements)}</td></tr>
  <tr><th>整改期限</th><td class="deadline">${dateZh(n.deadline)}前</td></tr>
  <tr><th>问题编号</th><td>${escapeHtml(problem.id)}</td></tr>
</table>
<p>请你单位于<span class="deadline">${dateZh(n.deadline)}</span>前整改完毕，并将整改情况报告所在网格，接受复查。逾期未整改或整改不到位的，将依照有关规定挂牌督办（挂黑牌），情节严重的责令停业整顿。</p>
<div class="signatures">
  <p>检查人员（签字）：<span class="line">&nbsp;</span>　日期：<span class="line short">&nbsp;</span></p>
  <p>场所负责人（签字）：<span class="line">&nbsp;</span>　日期：<span class="line short">&nbsp;</span></p>
</div>
<p class="stamp">${escapeHtml(tenantNameZh)}（盖章）<br>${dateZh(issuedDate)}</p>
<p class="no-print">打印：按 Ctrl+P（手机：浏览器菜单 → 打印） · Print: Ctrl+P</p>
</body>
</html>
`;
}
