// The printed report (打印版): one A4 page design, as an HTML fragment with its own print CSS.
// The web app shows this fragment at #/reports/<id>; the server wraps the same fragment into a
// standalone document and prints it to PDF with Chromium — so the page, the browser print and the
// PDF are one rendering. Pure string building (no DOM, no React); every text is escaped.
//
// Print design: A4 with 18/15 mm margins; a running header with the scope, month and version and
// a footer with "page n / N" from CSS page-margin boxes and counters; sections after the summary
// start on a new page; table headers repeat; rows never split across pages.
import { COMPLAINT_CATEGORIES } from '../enums.js';
import {
  DASH,
  formatChange,
  formatCount,
  formatDays,
  formatRate,
  formatValue,
  shanghaiDateTime,
  type ReportLocale,
  type ValueUnit,
} from './format.js';
import { HEADLINE_GROUPS, headlineDef, KEY_FIGURES, type HeadlineGroup } from './headline.js';
import { monthLabel } from './month.js';
import type { HeadlineRow, ReportDoc } from './model.js';
import type { Ranking } from './ranking.js';
import { COMPLAINT_CATEGORY_LABELS } from '../labels.js';
import { DATA_QUALITY_LABELS, RANK_STATUS_LABELS, RANKING_LABELS, SPECIAL_KIND_LABELS } from './tables.js';

export interface RenderOptions {
  locale: ReportLocale;
  /** Whether this version is the current one; an older version carries a notice. */
  current: boolean;
  currentVersion?: number;
}

const T = {
  'zh-CN': {
    product: 'ServicePulse 政务服务效能监督',
    title: '政务服务效能月度报告',
    period: '统计期',
    to: '至',
    version: '第 {n} 版',
    currentVersion: '当前版本',
    notCurrent: '本页为第 {n} 版，不是当前版本（当前为第 {c} 版）。',
    generated: '生成于',
    by: '生成者',
    calendar: '工作日历',
    catalog: '事项目录版本',
    asOf: '判定日期',
    summary: '一、综述',
    keyFigures: '关键指标',
    headline: '二、主要指标',
    rankings: '三、排名',
    special: '四、超期与长期等待事项',
    complaints: '五、投诉热点',
    targets: '六、改革目标进展',
    quality: '七、数据质量说明',
    notes: '附：口径说明',
    metric: '指标',
    thisMonth: '本月',
    parts: '分子/分母',
    prev: '上月',
    mom: '环比',
    lastYear: '去年同月',
    yoy: '同比',
    rank: '名次',
    name: '名称',
    value: '数值',
    volume: '样本量',
    prevRank: '上月名次',
    change: '变化',
    rankingTitle: '{by}{metric}排名',
    byDepartment: '部门',
    byCounty: '区县',
    minNote: '{volume}不少于 {min} 的参与排名；不足的列出但不排名。',
    volumeCompleted: '办结量',
    volumeEvaluations: '评价数',
    volumeItems: '事项数',
    position: '在全市部门中的位次',
    positionRow: '第 {rank} 名 / 共 {of} 个',
    notRanked: '未参与排名',
    specialIntro:
      '截至报告生成时（{asOf}）：超期 {far} 个工作日以上为长期超期，暂停计时 {long} 个工作日以上为长期等待。超期未办结为生成时已过截止日且未办结的办件。',
    department: '部门',
    overdueOpen: '超期未办结',
    farOverdue: '长期超期',
    longSuspended: '长期暂停计时',
    none: '无。',
    caseId: '办件编号',
    item: '事项',
    acceptedOn: '受理日期',
    deadline: '截止日期',
    limit: '时限',
    overdueDays: '超期',
    suspended: '暂停',
    days: '{n} 个工作日',
    listed: '列出等待最久的 {n} 件（共 {total} 件）。',
    category: '类别',
    share: '占比',
    received: '投诉',
    unnecessary: '其中：不必要证明',
    unnecessaryBox: '“要求提供不必要证明”投诉：本月 {n} 件，上月 {p} 件，去年同月 {y} 件。',
    byItemNote: '按事项的投诉仅在全市和部门报告中列出（区县报告按部门列出）。',
    topN: '列出最多的 {n} 项。',
    target: '目标',
    actual: '本月实际',
    met: '达成',
    notMet: '未达成',
    cannotJudge: '无法判定',
    gap: '差距',
    atLeast: '不低于',
    atMost: '不高于',
    noTargets: '管理员尚未设置本范围的改革目标。',
    qualityOk: '本月纳入检查的 {n} 个部门数据接入未见异常。',
    qualityIntro: '本月纳入检查的 {n} 个部门中，{k} 个部门数据接入异常，其指标可能因数据缺失而偏好或偏差，请勿简单视为工作成效：',
    silentDetail: '{from} 至 {to} 连续 {n} 个工作日无数据',
    rejectedDetail: '收到 {received} 条，拒收 {rejected} 条（{share}）',
    unknownDetail: '{n} 条记录的事项不在目录中',
    noDataDetail: '本月未报送任何数据',
    def1: '比率均给出分子与分母；分母为 0 时显示“—”。比率的变化以百分点表示，数量和天数的变化以百分比表示。',
    def2: '环比与上一个自然月比较，同比与去年同一自然月比较。投诉按时率、差评整改率按报告生成日判定。',
    def3: '本报告生成后即存档，不随后续补报数据变化；如需更新，由管理员重新生成新版本。',
    pageOf: '第 " counter(page) " 页 / 共 " counter(pages) " 页',
  },
  en: {
    product: 'ServicePulse government service supervision',
    title: 'Monthly report on government services',
    period: 'Period',
    to: 'to',
    version: 'version {n}',
    currentVersion: 'current version',
    notCurrent: 'This is version {n}, not the current version ({c}).',
    generated: 'Generated',
    by: 'by',
    calendar: 'Working-day calendar',
    catalog: 'Catalog generation',
    asOf: 'Judged on',
    summary: '1. Summary',
    keyFigures: 'Key figures',
    headline: '2. Headline figures',
    rankings: '3. Rankings',
    special: '4. Overdue and long-waiting cases',
    complaints: '5. Complaint hot spots',
    targets: '6. Reform targets',
    quality: '7. Data quality',
    notes: 'Notes on definitions',
    metric: 'Metric',
    thisMonth: 'This month',
    parts: 'Numerator/denominator',
    prev: 'Previous month',
    mom: 'MoM',
    lastYear: 'Last year',
    yoy: 'YoY',
    rank: 'Rank',
    name: 'Name',
    value: 'Value',
    volume: 'Volume',
    prevRank: 'Prev. rank',
    change: 'Change',
    rankingTitle: '{metric} by {by}',
    byDepartment: 'department',
    byCounty: 'county/district',
    minNote: 'Ranked when {volume} ≥ {min}; others are listed, not ranked.',
    volumeCompleted: 'completed cases',
    volumeEvaluations: 'evaluations',
    volumeItems: 'catalog items',
    position: "Place among the city's departments",
    positionRow: '{rank} of {of}',
    notRanked: 'not ranked',
    specialIntro:
      'At generation time ({asOf}): long overdue = more than {far} working days past the deadline; long waiting = suspended {long} working days or more. Overdue open = past the deadline and not completed at generation time.',
    department: 'Department',
    overdueOpen: 'Overdue open',
    farOverdue: 'Long overdue',
    longSuspended: 'Suspended for long',
    none: 'None.',
    caseId: 'Case',
    item: 'Item',
    acceptedOn: 'Accepted',
    deadline: 'Deadline',
    limit: 'Limit',
    overdueDays: 'Overdue',
    suspended: 'Suspended',
    days: '{n} working days',
    listed: 'The {n} longest-waiting cases are listed ({total} in all).',
    category: 'Category',
    share: 'Share',
    received: 'Complaints',
    unnecessary: 'Of which unnecessary proof',
    unnecessaryBox: 'Complaints about unnecessary proof: {n} this month, {p} the month before, {y} a year ago.',
    byItemNote: 'Complaints by item are listed in city and department reports (county reports list departments).',
    topN: 'The top {n} are listed.',
    target: 'Target',
    actual: 'Actual',
    met: 'met',
    notMet: 'not met',
    cannotJudge: 'cannot judge',
    gap: 'Gap',
    atLeast: 'at least',
    atMost: 'at most',
    noTargets: 'No reform target is set for this scope.',
    qualityOk: 'No feed problem in the {n} departments checked.',
    qualityIntro: 'Of the {n} departments checked, {k} had feed problems; their figures may reflect missing data rather than their work:',
    silentDetail: 'nothing received for {n} working days ({from} to {to})',
    rejectedDetail: '{rejected} of {received} records refused ({share})',
    unknownDetail: '{n} records name items not in the catalog',
    noDataDetail: 'nothing sent this month',
    def1: 'Every rate is given with its numerator and denominator; a rate with no denominator is shown as "—". Changes of rates are in percentage points, of counts and days in percent.',
    def2: 'Month on month compares with the previous calendar month, year on year with the same month a year earlier. Complaint and review follow-up rates are judged as of the generation date.',
    def3: 'The report is archived when generated and does not change when late records arrive; an administrator can generate a new version.',
    pageOf: 'Page " counter(page) " of " counter(pages) "',
  },
} as const;
type Key = keyof (typeof T)['zh-CN'];

export function esc(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A CSS string literal (for @page margin boxes); '<' is escaped so it cannot end the style element. */
function cssString(s: string): string {
  return `"${s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '\\3c ')}"`;
}

function tr(locale: ReportLocale) {
  return (key: Key, vars: Record<string, string | number> = {}) => {
    let text: string = T[locale][key];
    for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}

/** 'good' / 'bad' for a change, by which way is good news for the figure. */
function tone(value: number | null, better: 'higher' | 'lower' | 'neutral'): string {
  if (value === null || better === 'neutral' || Math.abs(value) < 0.05) return '';
  return value > 0 === (better === 'higher') ? 'sp-good' : 'sp-bad';
}

function changeCell(h: HeadlineRow, which: 'mom' | 'yoy', locale: ReportLocale): string {
  const c = h[which];
  if (c.value === null) return `<td class="sp-num sp-muted">${DASH}</td>`;
  const cls = tone(c.value, headlineDef(h.id).better);
  return `<td class="sp-num ${cls}">${esc(formatChange(c.kind, c.value, locale))}</td>`;
}

function parts(v: { numerator?: number; denominator?: number }): string {
  return v.denominator === undefined ? '' : `${formatCount(v.numerator)}/${formatCount(v.denominator)}`;
}

function rankingTable(r: Ranking, locale: ReportLocale, t: ReturnType<typeof tr>): string {
  const zh = locale === 'zh-CN';
  const label = RANKING_LABELS[r.metric][zh ? 'zh' : 'en'];
  const by = r.by === 'department' ? t('byDepartment') : t('byCounty');
  const volume = t(r.volume === 'completed' ? 'volumeCompleted' : r.volume === 'evaluations' ? 'volumeEvaluations' : 'volumeItems');
  const shown = r.rows.filter((x) => x.status !== 'no_data');
  const empty = r.rows.filter((x) => x.status === 'no_data');
  const rows = shown.map((x) => {
    const change = x.changePp === null ? DASH : formatChange('pp', x.changePp, locale);
    return (
      `<tr class="${x.status === 'ranked' ? '' : 'sp-muted'}"><td class="sp-num">${x.rank ?? esc(RANK_STATUS_LABELS[x.status][zh ? 'zh' : 'en'])}</td>` +
      `<td>${esc(zh ? x.nameZh : x.nameEn)}</td><td class="sp-num sp-strong">${formatRate(x.value)}</td>` +
      `<td class="sp-num">${formatCount(x.numerator)}/${formatCount(x.denominator)}</td>` +
      `<td class="sp-num">${formatRate(x.previous?.value)}</td><td class="sp-num ${tone(x.changePp, 'higher')}">${esc(change)}</td>` +
      `<td class="sp-num">${x.previous?.rank ?? DASH}</td></tr>`
    );
  });
  // Units with nothing to rate are named on one line, not a row each.
  if (empty.length)
    rows.push(
      `<tr class="sp-muted"><td class="sp-num">${esc(RANK_STATUS_LABELS.no_data[zh ? 'zh' : 'en'])}</td><td colspan="6">${esc(empty.map((x) => (zh ? x.nameZh : x.nameEn)).join(zh ? '、' : ', '))}</td></tr>`,
    );
  return (
    `<h3>${esc(t('rankingTitle', { by, metric: label }))}</h3><p class="sp-note">${esc(t('minNote', { volume, min: r.minVolume }))}</p>` +
    '<table class="sp-grid sp-rank"><colgroup><col style="width:11%"><col style="width:29%"><col style="width:12%"><col style="width:13%"><col style="width:10%"><col style="width:15%"><col style="width:10%"></colgroup>' +
    `<thead><tr><th class="sp-num">${t('rank')}</th><th>${t('name')}</th><th class="sp-num">${esc(label)}</th><th class="sp-num">${t('parts')}</th><th class="sp-num">${t('prev')}</th><th class="sp-num">${t('change')}</th><th class="sp-num">${t('prevRank')}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function css(doc: ReportDoc, o: RenderOptions, t: ReturnType<typeof tr>): string {
  const scope = o.locale === 'zh-CN' ? doc.scope.nameZh : doc.scope.nameEn;
  const head = `${scope} · ${monthLabel(doc.month, o.locale)} · ${t('title')}`;
  const version = `${t('version', { n: doc.version })}${o.current ? '' : ' *'}`;
  return `
@page { size: A4; margin: 18mm 15mm 16mm 15mm;
  @top-left { content: ${cssString(head)}; font: 8pt "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; color: #555; }
  @top-right { content: ${cssString(version)}; font: 8pt "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #555; }
  @bottom-center { content: "${T[o.locale].pageOf}"; font: 8pt "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #555; }
  @bottom-right { content: ${cssString(doc.id)}; font: 7pt monospace; color: #888; }
}
.sp-report { --ink: #1b1f24; --muted: #5f6770; --line: #c9ced6; --accent: #a3141b; --good: #1b6e3a; --bad: #a3141b;
  box-sizing: border-box; color: var(--ink); background: #fff; font: 10.5pt/1.6 "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "WenQuanYi Micro Hei", serif;
  max-width: 210mm; margin: 0 auto; padding: 16mm 15mm; }
.sp-report * { box-sizing: border-box; }
.sp-report h1, .sp-report h2, .sp-report h3, .sp-report .sp-card, .sp-report th, .sp-report .sp-meta, .sp-report .sp-note, .sp-report .sp-badge, .sp-report table {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
.sp-report .sp-masthead { border-bottom: 2.5pt solid var(--accent); padding-bottom: 4mm; margin-bottom: 5mm; }
.sp-report .sp-product { color: var(--accent); font-size: 9pt; letter-spacing: 0.1em; margin: 0; }
.sp-report h1 { font-size: 19pt; line-height: 1.3; margin: 2mm 0 1mm; }
.sp-report h2 { font-size: 13pt; margin: 7mm 0 3mm; padding-left: 3mm; border-left: 3pt solid var(--accent); break-after: avoid; }
.sp-report h3 { font-size: 11pt; margin: 5mm 0 1.5mm; break-after: avoid; }
.sp-report .sp-meta { color: var(--muted); font-size: 8.5pt; margin: 0; }
.sp-report .sp-notice { border: 1pt solid var(--accent); color: var(--accent); padding: 2mm 3mm; margin: 3mm 0; font-size: 9pt; }
.sp-report .sp-narrative { text-align: justify; text-indent: 2em; margin: 0 0 4mm; }
.sp-report .sp-cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2.5mm; margin: 3mm 0 2mm; }
.sp-report .sp-card { border: 0.75pt solid var(--line); border-top: 2pt solid var(--accent); padding: 2mm 2.5mm; break-inside: avoid; }
.sp-report .sp-card .sp-label { font-size: 8.5pt; color: var(--muted); }
.sp-report .sp-card .sp-big { font-size: 16pt; font-weight: 700; line-height: 1.25; font-variant-numeric: tabular-nums; }
.sp-report .sp-card .sp-small { font-size: 7.5pt; color: var(--muted); line-height: 1.4; }
.sp-report table { width: 100%; border-collapse: collapse; font-size: 8.5pt; line-height: 1.35; margin: 1mm 0 3mm; }
.sp-report thead { display: table-header-group; }
.sp-report table.sp-rank, .sp-report table.sp-cases { table-layout: fixed; }
.sp-report td.sp-date { white-space: nowrap; }
.sp-report td.sp-wrap { overflow-wrap: anywhere; }
.sp-report tr { break-inside: avoid; }
.sp-report th { background: #eef0f3; color: var(--ink); font-weight: 600; text-align: left; }
.sp-report th, .sp-report td { border: 0.5pt solid var(--line); padding: 1mm 1.5mm; vertical-align: top; white-space: normal; }
.sp-report p { margin: 0 0 2mm; }
.sp-report td.sp-num, .sp-report th.sp-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.sp-report td.sp-strong { font-weight: 700; }
.sp-report tr.sp-group td { background: #f6f7f9; font-weight: 600; }
.sp-report tr.sp-muted td, .sp-report td.sp-muted { color: var(--muted); }
.sp-report .sp-good { color: var(--good); }
.sp-report .sp-bad { color: var(--bad); }
.sp-report .sp-note { color: var(--muted); font-size: 8.5pt; margin: 0 0 1.5mm; }
.sp-report .sp-box { border: 0.75pt solid var(--accent); background: #fff6f6; padding: 2mm 3mm; margin: 2mm 0 3mm; break-inside: avoid; }
.sp-report .sp-badge { display: inline-block; padding: 0 1.5mm; border-radius: 1mm; font-size: 8pt; }
.sp-report .sp-badge.sp-ok { background: #e3f3e8; color: var(--good); }
.sp-report .sp-badge.sp-no { background: #fbe5e6; color: var(--bad); }
.sp-report ul { margin: 1mm 0 3mm; padding-left: 6mm; }
.sp-report .sp-page { break-before: page; }
.sp-report .sp-defs { font-size: 8.5pt; color: var(--muted); }
@media print {
  .sp-report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
}
`;
}

/** The report as an HTML fragment (a <style> and an <article class="sp-report">). */
export function renderReportHtml(doc: ReportDoc, o: RenderOptions): string {
  const L = o.locale;
  const zh = L === 'zh-CN';
  const t = tr(L);
  const name = (x: { nameZh: string; nameEn: string }) => esc(zh ? x.nameZh : x.nameEn);
  const label = (id: HeadlineRow['id']) => esc(zh ? headlineDef(id).zh : headlineDef(id).en);
  const scopeName = zh ? doc.scope.nameZh : doc.scope.nameEn;
  const h = new Map(doc.headline.map((x) => [x.id, x]));
  const out: string[] = [];

  out.push(
    `<style>${css(doc, o, t)}</style><article class="sp-report" lang="${L}" data-report-id="${esc(doc.id)}" data-version="${doc.version}">`,
  );
  out.push(
    `<header class="sp-masthead"><p class="sp-product">${esc(t('product'))}</p>` +
      `<h1>${esc(scopeName)} ${esc(monthLabel(doc.month, L))} ${esc(t('title'))}</h1>` +
      `<p class="sp-meta">${t('period')} ${esc(doc.periods.current.from)} ${t('to')} ${esc(doc.periods.current.to)} · ${esc(t('version', { n: doc.version }))}${o.current ? (zh ? `（${t('currentVersion')}）` : ` (${t('currentVersion')})`) : ''}` +
      ` · ${t('generated')} ${esc(shanghaiDateTime(doc.generatedAt))} · ${t('by')} ${esc(doc.generatedBy)}</p>` +
      `<p class="sp-meta">${t('asOf')} ${esc(doc.asOf)} · ${t('calendar')} ${esc(doc.calendarVersion)} · ${t('catalog')} ${doc.catalogGeneration}</p></header>`,
  );
  if (!o.current) out.push(`<p class="sp-notice">${esc(t('notCurrent', { n: doc.version, c: o.currentVersion ?? '?' }))}</p>`);

  // 一、综述 and the key figures.
  out.push(`<section><h2>${t('summary')}</h2><p class="sp-narrative">${esc(zh ? doc.narrative.zh : doc.narrative.en)}</p>`);
  out.push(`<div class="sp-cards" aria-label="${esc(t('keyFigures'))}">`);
  for (const id of KEY_FIGURES) {
    const row = h.get(id);
    if (!row) continue;
    const p = parts(row.current);
    out.push(
      `<div class="sp-card"><div class="sp-label">${label(id)}</div><div class="sp-big">${esc(formatValue(row.unit, row.current.value))}</div>` +
        `<div class="sp-small">${p ? `${esc(p)}<br>` : ''}${t('mom')} ${esc(formatChange(row.mom.kind, row.mom.value, L))} · ${t('yoy')} ${esc(formatChange(row.yoy.kind, row.yoy.value, L))}</div></div>`,
    );
  }
  out.push('</div></section>');

  // 二、主要指标
  out.push(
    `<section><h2>${t('headline')}</h2><table class="sp-grid"><thead><tr><th>${t('metric')}</th><th class="sp-num">${t('thisMonth')}</th><th class="sp-num">${t('parts')}</th><th class="sp-num">${t('prev')}</th><th class="sp-num">${t('mom')}</th><th class="sp-num">${t('lastYear')}</th><th class="sp-num">${t('yoy')}</th></tr></thead><tbody>`,
  );
  let group: HeadlineGroup | undefined;
  for (const row of doc.headline) {
    const def = headlineDef(row.id);
    if (def.group !== group) {
      group = def.group;
      out.push(`<tr class="sp-group"><td colspan="7">${esc(HEADLINE_GROUPS[group][zh ? 'zh' : 'en'])}</td></tr>`);
    }
    const unit: ValueUnit = row.unit;
    out.push(
      `<tr><td>${label(row.id)}${unit === 'days' ? (zh ? '（工作日）' : ' (working days)') : ''}</td><td class="sp-num sp-strong">${esc(formatValue(unit, row.current.value))}</td>` +
        `<td class="sp-num">${esc(parts(row.current))}</td><td class="sp-num">${esc(row.previous ? formatValue(unit, row.previous.value) : DASH)}</td>${changeCell(row, 'mom', L)}` +
        `<td class="sp-num">${esc(row.lastYear ? formatValue(unit, row.lastYear.value) : DASH)}</td>${changeCell(row, 'yoy', L)}</tr>`,
    );
  }
  out.push('</tbody></table></section>');

  // 三、排名
  if (doc.rankings.length || doc.positions.length) {
    out.push(`<section class="sp-page"><h2>${t('rankings')}</h2>`);
    if (doc.positions.length) {
      out.push(
        `<h3>${t('position')}</h3><table class="sp-grid"><thead><tr><th>${t('metric')}</th><th class="sp-num">${t('rank')}</th><th class="sp-num">${t('value')}</th><th class="sp-num">${t('volume')}</th></tr></thead><tbody>`,
      );
      for (const p of doc.positions) {
        out.push(
          `<tr><td>${esc(RANKING_LABELS[p.metric][zh ? 'zh' : 'en'])}</td><td class="sp-num">${p.rank === null ? esc(t('notRanked')) : esc(t('positionRow', { rank: p.rank, of: p.of }))}</td><td class="sp-num">${formatRate(p.value)}</td><td class="sp-num">${formatCount(p.denominator)}</td></tr>`,
        );
      }
      out.push('</tbody></table>');
    }
    for (const r of doc.rankings) out.push(rankingTable(r, L, t));
    out.push('</section>');
  }

  // 四、超期与长期等待
  const sm = doc.specialMatters;
  out.push(
    `<section><h2>${t('special')}</h2><p class="sp-note">${esc(t('specialIntro', { asOf: doc.asOf, far: sm.farOverdueDays, long: sm.longSuspendedDays }))}</p>`,
  );
  if (!sm.byDepartment.length) out.push(`<p>${t('none')}</p>`);
  else {
    out.push(
      `<table class="sp-grid"><thead><tr><th>${t('department')}</th><th class="sp-num">${t('overdueOpen')}</th><th class="sp-num">${t('farOverdue')}</th><th class="sp-num">${t('longSuspended')}</th></tr></thead><tbody>`,
    );
    for (const d of sm.byDepartment)
      out.push(
        `<tr><td>${name(d)}</td><td class="sp-num">${formatCount(d.overdueOpen)}</td><td class="sp-num">${formatCount(d.farOverdue)}</td><td class="sp-num">${formatCount(d.longSuspended)}</td></tr>`,
      );
    out.push(
      `<tr class="sp-group"><td>${zh ? '合计' : 'Total'}</td><td class="sp-num">${formatCount(sm.totals.overdueOpen)}</td><td class="sp-num">${formatCount(sm.totals.farOverdue)}</td><td class="sp-num">${formatCount(sm.totals.longSuspended)}</td></tr></tbody></table>`,
    );
  }
  if (sm.cases.length) {
    out.push(`<p class="sp-note">${esc(t('listed', { n: sm.cases.length, total: sm.totals.farOverdue + sm.totals.longSuspended }))}</p>`);
    out.push(
      '<table class="sp-grid sp-cases"><colgroup><col style="width:15%"><col style="width:11%"><col style="width:25%"><col style="width:11%"><col style="width:11%"><col style="width:6%"><col style="width:7%"><col style="width:14%"></colgroup>' +
        `<thead><tr><th>${t('department')}</th><th>${t('caseId')}</th><th>${t('item')}</th><th>${t('acceptedOn')}</th><th>${t('deadline')}</th><th class="sp-num">${t('limit')}</th><th class="sp-num">${t('overdueDays')}</th><th class="sp-num">${t('suspended')}</th></tr></thead><tbody>`,
    );
    for (const c of sm.cases) {
      out.push(
        `<tr><td>${esc(c.departmentName)}<br><span class="sp-note">${esc(SPECIAL_KIND_LABELS[c.kind][zh ? 'zh' : 'en'])}</span></td><td class="sp-wrap">${esc(c.caseId)}</td><td>${esc(c.itemName ?? c.itemCode)}</td>` +
          `<td class="sp-date">${esc(c.acceptedOn)}</td><td class="sp-date">${esc(c.deadline ?? DASH)}</td><td class="sp-num">${formatCount(c.limitDays)}</td><td class="sp-num">${c.daysOverdue ? formatCount(c.daysOverdue) : DASH}</td>` +
          `<td class="sp-num">${c.suspendedSince ? `${formatCount(c.suspendedDays)}<br><span class="sp-note">${esc(c.suspendedSince)}</span>` : DASH}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');

  // 五、投诉热点
  const cp = doc.complaints;
  out.push(`<section><h2>${t('complaints')}</h2>`);
  out.push(
    `<div class="sp-box">${esc(t('unnecessaryBox', { n: formatCount(cp.unnecessaryProof.count), p: formatCount(cp.unnecessaryProof.previous), y: formatCount(cp.unnecessaryProof.lastYear) }))}</div>`,
  );
  out.push(
    `<table class="sp-grid"><thead><tr><th>${t('category')}</th><th class="sp-num">${t('thisMonth')}</th><th class="sp-num">${t('share')}</th><th class="sp-num">${t('prev')}</th></tr></thead><tbody>`,
  );
  const cats = new Map(cp.byCategory.map((c) => [c.category, c]));
  for (const cat of COMPLAINT_CATEGORIES) {
    const c = cats.get(cat);
    if (!c) continue;
    out.push(
      `<tr${cat === 'unnecessary_proof' ? ' class="sp-group"' : ''}><td>${esc(COMPLAINT_CATEGORY_LABELS[cat][zh ? 'zh' : 'en'])}</td><td class="sp-num">${formatCount(c.count)}</td><td class="sp-num">${formatRate(c.share)}</td><td class="sp-num">${formatCount(c.previous)}</td></tr>`,
    );
  }
  out.push(
    `<tr class="sp-group"><td>${zh ? '合计' : 'Total'}</td><td class="sp-num">${formatCount(cp.received)}</td><td class="sp-num"></td><td class="sp-num">${formatCount(cp.previous)}</td></tr></tbody></table>`,
  );
  if (cp.byDepartment?.length) {
    out.push(
      `<h3>${zh ? '投诉较多的部门' : 'Departments with most complaints'}</h3><p class="sp-note">${esc(t('topN', { n: cp.listLimit }))}</p><table class="sp-grid"><thead><tr><th>${t('department')}</th><th class="sp-num">${t('received')}</th><th class="sp-num">${t('unnecessary')}</th></tr></thead><tbody>`,
    );
    for (const d of cp.byDepartment)
      out.push(
        `<tr><td>${name(d)}</td><td class="sp-num">${formatCount(d.received)}</td><td class="sp-num">${formatCount(d.unnecessaryProof)}</td></tr>`,
      );
    out.push('</tbody></table>');
  }
  if (cp.byItem?.length) {
    out.push(
      `<h3>${zh ? '投诉较多的事项' : 'Items with most complaints'}</h3><p class="sp-note">${esc(t('topN', { n: cp.listLimit }))}</p><table class="sp-grid"><thead><tr><th>${t('item')}</th><th class="sp-num">${t('received')}</th><th class="sp-num">${t('unnecessary')}</th></tr></thead><tbody>`,
    );
    for (const i of cp.byItem)
      out.push(
        `<tr><td>${esc(i.itemName ?? i.itemCode)}<br><span class="sp-note">${esc(i.itemCode)}</span></td><td class="sp-num">${formatCount(i.received)}</td><td class="sp-num">${formatCount(i.unnecessaryProof)}</td></tr>`,
      );
    out.push('</tbody></table>');
  } else if (!cp.byItem) out.push(`<p class="sp-note">${esc(t('byItemNote'))}</p>`);
  out.push('</section>');

  // 六、改革目标进展
  out.push(`<section><h2>${t('targets')}</h2>`);
  if (!doc.targets.rows.length) out.push(`<p>${esc(t('noTargets'))}</p>`);
  else {
    out.push(
      `<table class="sp-grid"><thead><tr><th>${t('target')}</th><th class="sp-num">${t('target')}</th><th class="sp-num">${t('actual')}</th><th class="sp-num">${t('parts')}</th><th class="sp-num">${t('gap')}</th><th></th></tr></thead><tbody>`,
    );
    for (const r of doc.targets.rows) {
      const badge =
        r.met === null
          ? `<span class="sp-badge">${t('cannotJudge')}</span>`
          : r.met
            ? `<span class="sp-badge sp-ok">${t('met')}</span>`
            : `<span class="sp-badge sp-no">${t('notMet')}</span>`;
      const gap =
        r.gap === null
          ? DASH
          : r.unit === 'rate'
            ? formatChange('pp', r.gap, L)
            : r.unit === 'days'
              ? formatDays(r.gap)
              : formatCount(r.gap);
      out.push(
        `<tr><td>${esc(zh ? r.labelZh : r.labelEn)}</td><td class="sp-num">${r.direction === 'atLeast' ? t('atLeast') : t('atMost')} ${esc(formatValue(r.unit, r.target))}</td>` +
          `<td class="sp-num sp-strong">${esc(formatValue(r.unit, r.actual.value))}</td><td class="sp-num">${esc(parts(r.actual))}</td><td class="sp-num">${esc(gap)}</td><td>${badge}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  out.push('</section>');

  // 七、数据质量说明
  const dq = doc.dataQuality;
  out.push(`<section><h2>${t('quality')}</h2>`);
  if (!dq.notes.length) out.push(`<p>${esc(t('qualityOk', { n: dq.checkedDepartments }))}</p>`);
  else {
    out.push(`<p>${esc(t('qualityIntro', { n: dq.checkedDepartments, k: dq.departmentsWithNotes }))}</p><ul>`);
    for (const n of dq.notes) {
      const detail =
        n.kind === 'silent'
          ? t('silentDetail', { n: n.silentDays ?? 0, from: n.silentFrom ?? '', to: n.silentTo ?? '' })
          : n.kind === 'rejected'
            ? t('rejectedDetail', {
                received: formatCount(n.received),
                rejected: formatCount(n.rejected),
                share: formatRate(n.rejectedShare),
              })
            : n.kind === 'unknown_items'
              ? t('unknownDetail', { n: formatCount(n.unknownItem) })
              : t('noDataDetail');
      out.push(
        `<li><strong>${name(n)}</strong>（${esc(DATA_QUALITY_LABELS[n.kind][zh ? 'zh' : 'en'])}）：${esc(detail)}${n.topRejections.length ? `；${esc(n.topRejections.map((r) => `${r.code} ${r.n}`).join('，'))}` : ''}</li>`,
      );
    }
    out.push('</ul>');
  }
  out.push('</section>');

  out.push(
    `<section class="sp-defs"><h2>${t('notes')}</h2><p>${esc(t('def1'))}</p><p>${esc(t('def2'))}</p><p>${esc(t('def3'))}</p></section>`,
  );
  out.push('</article>');
  return out.join('');
}

/** The same page as a standalone HTML document (for the PDF and for saving). */
export function renderReportDocument(doc: ReportDoc, o: RenderOptions): string {
  const scopeName = o.locale === 'zh-CN' ? doc.scope.nameZh : doc.scope.nameEn;
  const title = `${scopeName} ${monthLabel(doc.month, o.locale)} ${T[o.locale].title}`;
  return (
    `<!doctype html><html lang="${o.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>html,body{margin:0;background:#fff}</style></head><body>${renderReportHtml(doc, o)}</body></html>`
  );
}
