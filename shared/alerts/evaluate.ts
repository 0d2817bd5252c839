// Alert evaluation (预警判定), pure: given a rule, the current facts (red/yellow cards, feeds, the
// pipeline's state, reports) and what the rule last saw, returns the notices to send, each with
// a deterministic dedupe key (kind : rule : subject : period). The store writes a notice with a
// conditional put on that key, so evaluating again — a restart, a retry, a second process —
// never sends twice. No I/O, no clock of its own: `facts.now` is the only time.
import { regionContains, type DivisionNode } from '../access/region-scope.js';
import { shanghaiDate } from '../calendar/index.js';
import type { AlertRule, RuleKind, RuleScope } from '../contract/alerts.js';
import { countyFromSix } from '../region-code.js';

export interface DepartmentFact {
  code: string;
  name: string;
  regionCode: string;
}
export interface CardFact {
  department: string;
  caseId: string;
  level: 'red' | 'yellow';
  regionCode: string;
  itemCode: string;
  deadline: string | null;
  daysOverdue: number | null;
}
/** A complaint not responded to and past its response deadline (投诉超时未响应). */
export interface LateComplaintFact {
  department: string;
  complaintId: string;
  regionCode: string;
  category: string;
  receivedOn: string;
  respondBy: string;
  summary: string | null;
}
export interface FeedFact {
  department: string;
  lastReceivedAt: string | null;
  daysSinceLastRecord: number | null;
  /** Records sent per day of the recent window (数据接入 counts), newest last. */
  days?: Array<{ day: string; accepted: number; rejected: number }>;
}
export interface PipelineFact {
  behind: boolean;
  behindSince: string | null;
  lagSeconds: number;
  cannotJudge: Record<string, number>;
}
export interface ReportFact {
  id: string;
  month: string;
  scopeKind: 'city' | 'county' | 'department';
  scopeCode: string | null;
  nameZh: string;
  nameEn: string;
  version: number;
  summary?: { completed: number | null; onTimeRate: number | null; satisfactionRate: number | null };
}

export interface AlertFacts {
  now: string; // ISO instant
  departments: DepartmentFact[];
  cards: CardFact[];
  /** Complaints late to respond (read only when a complaints_late rule is on). */
  lateComplaints?: LateComplaintFact[];
  feeds: FeedFact[];
  pipeline: PipelineFact;
  reports: ReportFact[];
  /** The division table region scopes are judged with (codes below it belong to their structural parent). */
  regionTable?: readonly DivisionNode[];
}

export interface NoticeDraft {
  dedupeKey: string;
  ruleId: string;
  kind: RuleKind;
  /** The department the notice is about (its users and keys see it); null: city or region level. */
  department: string | null;
  /** The region it belongs to (region users see notices inside their region). */
  regionCode: string | null;
  period: string;
  title: string;
  titleEn: string;
  text: string;
  textEn: string; // markdown
  link: string; // dashboard hash route
  /** What the rule remembers for this subject once the notice is stored (written with it). */
  state?: { key: string; value: RuleState };
}

export type RuleState = { cards?: Record<string, 'red' | 'yellow'>; count?: number; ids?: string[]; day?: string };

export interface Evaluation {
  notices: NoticeDraft[];
  /** Remembered state that changed without a notice (cards that ended, a count that fell). */
  states: Array<{ key: string; value: RuleState }>;
}

export const DEFAULT_FEED_SILENT_DAYS = 3;
/** Cases listed in one message; the rest are counted ("… and 12 more"). */
export const MAX_LISTED = 20;

export const stateKey = (ruleId: string, subject: string) => `${ruleId}|${subject}`;
/** Region scopes are sets of division codes, never a prefix (shared/access/region-scope.ts). */
const inRegion = (code: string | null | undefined, region: string, f: AlertFacts) =>
  regionContains(region, code ?? undefined, f.regionTable ?? []);
const scopeSubject = (s: RuleScope) => (s.kind === 'city' ? 'city' : s.kind === 'region' ? s.regionCode : s.departmentCode);

function departmentInScope(scope: RuleScope, d: DepartmentFact, f: AlertFacts): boolean {
  if (scope.kind === 'city') return true;
  if (scope.kind === 'department') return d.code === scope.departmentCode;
  return inRegion(d.regionCode, scope.regionCode, f);
}

export function evaluateRule(rule: AlertRule, facts: AlertFacts, states: Record<string, RuleState | undefined>): Evaluation {
  if (!rule.enabled) return { notices: [], states: [] };
  switch (rule.kind) {
    case 'warning_cards':
      return warningCards(rule, facts, states);
    case 'feed_silent':
      return feedSilent(rule, facts);
    case 'feed_rejects':
      return feedRejects(rule, facts);
    case 'pipeline':
      return pipeline(rule, facts, states);
    case 'report_published':
      return reportPublished(rule, facts);
    case 'rate_below':
      return rateBelow(rule, facts);
    case 'complaints_late':
      return complaintsLate(rule, facts, states);
  }
}

/**
 * 红黄牌: one notice per department and day listing the cards that are new since the rule's last
 * notice for that department (a new case, or yellow turned red) — never one message per case. A
 * card that appears after today's notice was sent waits for tomorrow's (the day's key is taken).
 */
function warningCards(rule: AlertRule, facts: AlertFacts, states: Record<string, RuleState | undefined>): Evaluation {
  const levels = new Set(rule.params.levels ?? ['red', 'yellow']);
  const today = shanghaiDate(facts.now);
  const out: Evaluation = { notices: [], states: [] };
  for (const d of facts.departments) {
    if (rule.scope.kind === 'department' && d.code !== rule.scope.departmentCode) continue;
    const scope = rule.scope;
    // A region rule follows the case's own place (a city department's case in 张店区 is 张店区's).
    const cards = facts.cards.filter(
      (c) => c.department === d.code && levels.has(c.level) && (scope.kind !== 'region' || inRegion(c.regionCode, scope.regionCode, facts)),
    );
    const key = stateKey(rule.id, d.code);
    const before = states[key]?.cards ?? {};
    const now: Record<string, 'red' | 'yellow'> = Object.fromEntries(cards.map((c) => [c.caseId, c.level]));
    const fresh = cards
      .filter((c) => before[c.caseId] !== c.level)
      .sort((a, b) => (a.level === b.level ? a.caseId.localeCompare(b.caseId) : a.level === 'red' ? -1 : 1));
    if (fresh.length === 0) {
      if (!sameCards(before, now)) out.states.push({ key, value: { cards: now } });
      continue;
    }
    const red = fresh.filter((c) => c.level === 'red');
    const yellow = fresh.filter((c) => c.level === 'yellow');
    const line = (c: CardFact, en: boolean) => {
      const mark = c.level === 'red' ? '🔴' : '🟡';
      const overdue =
        c.level === 'red' && c.daysOverdue ? (en ? `, ${c.daysOverdue} working day(s) overdue` : `，超期 ${c.daysOverdue} 个工作日`) : '';
      return en
        ? `- ${mark} ${c.caseId} (item ${c.itemCode}, due ${c.deadline ?? '—'}${overdue})`
        : `- ${mark} ${c.caseId}（事项 ${c.itemCode}，办结期限 ${c.deadline ?? '—'}${overdue}）`;
    };
    const listed = (en: boolean) =>
      [
        ...fresh.slice(0, MAX_LISTED).map((c) => line(c, en)),
        ...(fresh.length > MAX_LISTED
          ? [en ? `- … and ${fresh.length - MAX_LISTED} more` : `- …… 另有 ${fresh.length - MAX_LISTED} 件`]
          : []),
      ].join('\n');
    const title = `【红黄牌预警】${d.name} ${today}`;
    const titleEn = `Red/yellow cards: ${d.name} ${today}`;
    out.notices.push({
      dedupeKey: `warning_cards:${rule.id}:${d.code}:${today}`,
      ruleId: rule.id,
      kind: rule.kind,
      department: d.code,
      regionCode: d.regionCode,
      period: today,
      title,
      titleEn,
      text: `### ${title}\n新增红牌 ${red.length} 件、黄牌 ${yellow.length} 件（当前共红牌 ${cards.filter((c) => c.level === 'red').length} 件、黄牌 ${cards.filter((c) => c.level === 'yellow').length} 件）：\n${listed(false)}`,
      textEn: `### ${titleEn}\nNew: ${red.length} red, ${yellow.length} yellow (now ${cards.filter((c) => c.level === 'red').length} red, ${cards.filter((c) => c.level === 'yellow').length} yellow in all):\n${listed(true)}`,
      // One new case: its page; several: the department's timeliness page with the warning lists.
      link:
        fresh.length === 1
          ? `#/timeliness?caseDept=${encodeURIComponent(d.code)}&caseId=${encodeURIComponent(fresh[0]!.caseId)}`
          : `#/timeliness?department=${encodeURIComponent(d.code)}`,
      state: { key, value: { cards: now } },
    });
  }
  return out;
}

function sameCards(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/**
 * 数据断供: a department whose last record is N or more days old — one notice per silence (the
 * period is the day of its last record), not one a day. A department that never sent anything
 * is not reported (it may not be connected yet; the 数据接入 page lists it).
 */
function feedSilent(rule: AlertRule, facts: AlertFacts): Evaluation {
  const days = rule.params.days ?? DEFAULT_FEED_SILENT_DAYS;
  const feeds = new Map(facts.feeds.map((f) => [f.department, f]));
  const notices: NoticeDraft[] = [];
  for (const d of facts.departments) {
    if (!departmentInScope(rule.scope, d, facts)) continue;
    const f = feeds.get(d.code);
    if (!f?.lastReceivedAt || f.daysSinceLastRecord === null || f.daysSinceLastRecord < days) continue;
    const lastDay = shanghaiDate(f.lastReceivedAt);
    const title = `【数据断供】${d.name} 已 ${f.daysSinceLastRecord} 天未报送数据`;
    const titleEn = `Feed silent: ${d.name}, no record for ${f.daysSinceLastRecord} days`;
    notices.push({
      dedupeKey: `feed_silent:${rule.id}:${d.code}:${lastDay}`,
      ruleId: rule.id,
      kind: rule.kind,
      department: d.code,
      regionCode: d.regionCode,
      period: `since ${lastDay}`,
      title,
      titleEn,
      text: `### ${title}\n最后一条记录：${f.lastReceivedAt}（阈值 ${days} 天）。请检查部门接入程序与接入密钥。`,
      textEn: `### ${titleEn}\nLast record: ${f.lastReceivedAt} (threshold ${days} days). Check the department's integration and its API key.`,
      link: '#/data-feed',
    });
  }
  return { notices, states: [] };
}

export const DEFAULT_REJECT_SHARE = 0.1;
export const DEFAULT_REJECT_WINDOW_DAYS = 7;
export const DEFAULT_REJECT_MIN_RECORDS = 20;

/**
 * 退回过多: a department whose feed had more than `rejectShare` of its records rejected over the
 * last `days` days (with at least `minCount` records, so three bad records of five do not alarm).
 * At most one notice a day per department while it lasts.
 */
function feedRejects(rule: AlertRule, facts: AlertFacts): Evaluation {
  const share = rule.params.rejectShare ?? DEFAULT_REJECT_SHARE;
  const window = rule.params.days ?? DEFAULT_REJECT_WINDOW_DAYS;
  const minRecords = rule.params.minCount ?? DEFAULT_REJECT_MIN_RECORDS;
  const today = shanghaiDate(facts.now);
  const from = shanghaiDate(Date.parse(facts.now) - (window - 1) * 86_400_000);
  const feeds = new Map(facts.feeds.map((f) => [f.department, f]));
  const notices: NoticeDraft[] = [];
  for (const d of facts.departments) {
    if (!departmentInScope(rule.scope, d, facts)) continue;
    const days = (feeds.get(d.code)?.days ?? []).filter((x) => x.day >= from && x.day <= today);
    const accepted = days.reduce((n, x) => n + x.accepted, 0);
    const rejected = days.reduce((n, x) => n + x.rejected, 0);
    const total = accepted + rejected;
    if (total < minRecords || rejected / total <= share) continue;
    const pct = `${((rejected / total) * 100).toFixed(1)}%`;
    const title = `【数据退回】${d.name} 近 ${window} 天退回 ${rejected} 条（${pct}）`;
    const titleEn = `Records rejected: ${d.name}, ${rejected} of ${total} in ${window} days (${pct})`;
    notices.push({
      dedupeKey: `feed_rejects:${rule.id}:${d.code}:${today}`,
      ruleId: rule.id,
      kind: rule.kind,
      department: d.code,
      regionCode: d.regionCode,
      period: today,
      title,
      titleEn,
      text: `### ${title}\n${from} 至 ${today} 共报送 ${total} 条，退回 ${rejected} 条（阈值 ${(share * 100).toFixed(0)}%）。“数据接入”页按规则列出退回原因。`,
      textEn: `### ${titleEn}\n${total} records sent ${from} to ${today}, ${rejected} rejected (threshold ${(share * 100).toFixed(0)}%). The data-feed page lists the reasons by rule.`,
      link: '#/data-feed',
    });
  }
  return { notices, states: [] };
}

/**
 * 处理状态: the figures fell behind (one notice per episode, keyed by when it began), or the
 * count of cases that cannot be judged (无法判定) rose above what the rule last reported (one
 * notice a day at most; a fall only lowers the baseline).
 */
function pipeline(rule: AlertRule, facts: AlertFacts, states: Record<string, RuleState | undefined>): Evaluation {
  const out: Evaluation = { notices: [], states: [] };
  const subject = scopeSubject(rule.scope);
  const dept =
    rule.scope.kind === 'department'
      ? facts.departments.find((d) => d.code === (rule.scope as { departmentCode: string }).departmentCode)
      : undefined;
  const base = {
    ruleId: rule.id,
    kind: rule.kind,
    department: dept?.code ?? null,
    regionCode: rule.scope.kind === 'region' ? rule.scope.regionCode : (dept?.regionCode ?? null),
    link: '#/data-feed',
  };
  const p = facts.pipeline;
  if (p.behind && p.behindSince) {
    const title = '【数据处理滞后】指标统计落后';
    const titleEn = 'Figures are behind';
    out.notices.push({
      ...base,
      dedupeKey: `pipeline:${rule.id}:${subject}:behind:${p.behindSince}`,
      period: p.behindSince,
      title,
      titleEn,
      text: `### ${title}\n自 ${p.behindSince} 起有记录未计入指标，已等待 ${Math.round(p.lagSeconds)} 秒。数据截至时间停留在 ${p.behindSince}。`,
      textEn: `### ${titleEn}\nRecords stored since ${p.behindSince} are not counted yet (waiting ${Math.round(p.lagSeconds)} s).`,
    });
  }
  const total = facts.departments
    .filter((d) => departmentInScope(rule.scope, d, facts))
    .reduce((n, d) => n + (p.cannotJudge[d.code] ?? 0), 0);
  const key = stateKey(rule.id, subject);
  const before = states[key]?.count ?? 0;
  if (total > before) {
    const today = shanghaiDate(facts.now);
    const title = `【数据质量】无法判定的办件增至 ${total} 件`;
    const titleEn = `Data quality: ${total} cases cannot be judged`;
    out.notices.push({
      ...base,
      dedupeKey: `pipeline:${rule.id}:${subject}:cannot_judge:${today}`,
      period: today,
      title,
      titleEn,
      text: `### ${title}\n比上次通知增加 ${total - before} 件。请在“数据接入”页查看原因和需更正的记录。`,
      textEn: `### ${titleEn}\n${total - before} more than last notified. The data-feed page lists the reasons and the records to correct.`,
      state: { key, value: { count: total } },
    });
  } else if (total < before) out.states.push({ key, value: { count: total } });
  return out;
}

/** 月度报告: each report of the latest closed month (and each regenerated version), once. */
function reportPublished(rule: AlertRule, facts: AlertFacts): Evaluation {
  const notices: NoticeDraft[] = [];
  for (const { report: r, department, regionCode } of inScopeReports(rule, facts)) {
    const title = `【月度报告】${r.nameZh}${r.version > 1 ? `（第 ${r.version} 版）` : ''}已生成`;
    const titleEn = `Monthly report published: ${r.nameEn}${r.version > 1 ? ` (version ${r.version})` : ''}`;
    notices.push({
      dedupeKey: `report_published:${rule.id}:${r.id}:v${r.version}`,
      ruleId: rule.id,
      kind: rule.kind,
      department,
      regionCode,
      period: r.month,
      title,
      titleEn,
      text: `### ${title}\n${r.month} 月度报告可在线查看，并可下载 PDF、Excel、CSV。`,
      textEn: `### ${titleEn}\nThe report of ${r.month} can be read online and downloaded as PDF, Excel or CSV.`,
      link: `#/reports/${encodeURIComponent(r.id)}`,
    });
  }
  return { notices, states: [] };
}

export const DEFAULT_RATE_TARGET = 0.95;
export const DEFAULT_MIN_COUNT = 30;

/**
 * 指标低于目标: a rate of the last closed month below the rule's target, per unit (city, county,
 * department) — read from that month's monthly report, so the figure is the archived one and
 * evaluating costs no figure query. Once per report, metric and month.
 */
function rateBelow(rule: AlertRule, facts: AlertFacts): Evaluation {
  const metric = rule.params.metric ?? 'onTimeRate';
  const target = rule.params.target ?? DEFAULT_RATE_TARGET;
  const minCount = rule.params.minCount ?? DEFAULT_MIN_COUNT;
  const label = metric === 'onTimeRate' ? { zh: '按期办结率', en: 'On-time rate' } : { zh: '满意度', en: 'Satisfaction' };
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const notices: NoticeDraft[] = [];
  for (const r of inScopeReports(rule, facts)) {
    const value = r.report.summary?.[metric] ?? null;
    if (value === null || value >= target) continue;
    if (metric === 'onTimeRate' && (r.report.summary?.completed ?? 0) < minCount) continue; // too few cases to judge
    const title = `【指标预警】${r.report.nameZh} ${r.report.month} ${label.zh} ${pct(value)}，低于目标 ${pct(target)}`;
    const titleEn = `${label.en} below target: ${r.report.nameEn} ${r.report.month} ${pct(value)} (target ${pct(target)})`;
    notices.push({
      dedupeKey: `rate_below:${rule.id}:${r.report.id}:${metric}`,
      ruleId: rule.id,
      kind: rule.kind,
      department: r.department,
      regionCode: r.regionCode,
      period: r.report.month,
      title,
      titleEn,
      text: `### ${title}
详见 ${r.report.month} 月度报告（排名、问题清单）。`,
      textEn: `### ${titleEn}
See the monthly report of ${r.report.month} (rankings, problems).`,
      link: `#/reports/${encodeURIComponent(r.report.id)}`,
    });
  }
  return { notices, states: [] };
}

/** Reports of the latest closed month of the kinds the rule names, inside its scope. */
function inScopeReports(
  rule: AlertRule,
  facts: AlertFacts,
): Array<{ report: ReportFact; department: string | null; regionCode: string | null }> {
  const kinds = new Set(rule.params.reportScopes ?? ['city', 'county', 'department']);
  const depts = new Map(facts.departments.map((d) => [d.code, d]));
  const latest = closedMonthBefore(shanghaiDate(facts.now));
  const out = [];
  for (const r of facts.reports) {
    if (r.month !== latest || !kinds.has(r.scopeKind)) continue;
    const dept = r.scopeKind === 'department' && r.scopeCode ? depts.get(r.scopeCode) : undefined;
    const regionCode = r.scopeKind === 'county' && r.scopeCode ? countyFromSix(r.scopeCode) : (dept?.regionCode ?? null);
    const s = rule.scope;
    if (s.kind === 'department' && !(r.scopeKind === 'department' && r.scopeCode === s.departmentCode)) continue;
    if (s.kind === 'region' && (r.scopeKind === 'city' || !inRegion(regionCode, s.regionCode, facts))) continue;
    out.push({ report: r, department: dept?.code ?? null, regionCode });
  }
  return out;
}

/** The month before the given date's month (YYYY-MM): the latest closed month. */
export function closedMonthBefore(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export const DEFAULT_COMPLAINT_WINDOW_DAYS = 60;

/**
 * 投诉超时未响应: per department and day, one notice listing the complaints that are past their
 * response deadline without a response (domain.md: respond within 1 working day by default,
 * per category) and were not listed before — batched like the red cards, never one per
 * complaint. A complaint answered since leaves the rule's memory (it is not reported again).
 */
function complaintsLate(rule: AlertRule, facts: AlertFacts, states: Record<string, RuleState | undefined>): Evaluation {
  const today = shanghaiDate(facts.now);
  const out: Evaluation = { notices: [], states: [] };
  const scope = rule.scope;
  for (const d of facts.departments) {
    if (scope.kind === 'department' && d.code !== scope.departmentCode) continue;
    // A region rule follows the complaint's own place, as the red cards follow the case's.
    const late = (facts.lateComplaints ?? []).filter(
      (c) => c.department === d.code && (scope.kind !== 'region' || inRegion(c.regionCode, scope.regionCode, facts)),
    );
    const key = stateKey(rule.id, d.code);
    const before = new Set(states[key]?.ids ?? []);
    const now = late.map((c) => c.complaintId).sort();
    const fresh = late
      .filter((c) => !before.has(c.complaintId))
      .sort((a, b) => a.respondBy.localeCompare(b.respondBy) || a.complaintId.localeCompare(b.complaintId));
    if (!fresh.length) {
      if (before.size !== now.length || now.some((id) => !before.has(id))) out.states.push({ key, value: { ids: now } });
      continue;
    }
    const line = (c: LateComplaintFact, en: boolean) =>
      en
        ? `- ${c.complaintId} (received ${c.receivedOn}, respond by ${c.respondBy}${c.summary ? `: ${c.summary.slice(0, 40)}` : ''})`
        : `- ${c.complaintId}（${c.receivedOn} 受理，应于 ${c.respondBy} 前响应${c.summary ? `：${c.summary.slice(0, 40)}` : ''}）`;
    const listed = (en: boolean) =>
      [
        ...fresh.slice(0, MAX_LISTED).map((c) => line(c, en)),
        ...(fresh.length > MAX_LISTED
          ? [en ? `- … and ${fresh.length - MAX_LISTED} more` : `- …… 另有 ${fresh.length - MAX_LISTED} 件`]
          : []),
      ].join('\n');
    const title = `【投诉超时未响应】${d.name} ${today}`;
    const titleEn = `Complaints not responded to in time: ${d.name} ${today}`;
    out.notices.push({
      dedupeKey: `complaints_late:${rule.id}:${d.code}:${today}`,
      ruleId: rule.id,
      kind: rule.kind,
      department: d.code,
      regionCode: d.regionCode,
      period: today,
      title,
      titleEn,
      text: `### ${title}\n新增超时未响应投诉 ${fresh.length} 件（当前共 ${late.length} 件）：\n${listed(false)}`,
      textEn: `### ${titleEn}\n${fresh.length} new (${late.length} in all):\n${listed(true)}`,
      link:
        fresh.length === 1
          ? `#/complaints?fbDept=${encodeURIComponent(d.code)}&complaintId=${encodeURIComponent(fresh[0]!.complaintId)}`
          : `#/complaints?department=${encodeURIComponent(d.code)}&cstate=late`,
      state: { key, value: { ids: now } },
    });
  }
  return out;
}

/** The defaults a city starts with (created on first use; an administrator edits or disables them). */
export const DEFAULT_RULES: ReadonlyArray<Pick<AlertRule, 'id' | 'kind' | 'name' | 'scope' | 'params'>> = [
  {
    id: 'city-warning-cards',
    kind: 'warning_cards',
    name: '红黄牌日报（按部门）',
    scope: { kind: 'city' },
    params: { levels: ['red', 'yellow'] },
  },
  {
    id: 'city-feed-silent',
    kind: 'feed_silent',
    name: '部门数据断供',
    scope: { kind: 'city' },
    params: { days: DEFAULT_FEED_SILENT_DAYS },
  },
  {
    id: 'city-feed-rejects',
    kind: 'feed_rejects',
    name: '部门数据退回过多',
    scope: { kind: 'city' },
    params: { rejectShare: 0.1, days: 7, minCount: 20 },
  },
  { id: 'city-pipeline', kind: 'pipeline', name: '数据处理滞后与无法判定', scope: { kind: 'city' }, params: {} },
  {
    id: 'city-report-published',
    kind: 'report_published',
    name: '月度报告生成',
    scope: { kind: 'city' },
    params: { reportScopes: ['city', 'county', 'department'] },
  },
  {
    id: 'city-complaints-late',
    kind: 'complaints_late',
    name: '投诉超时未响应（按部门）',
    scope: { kind: 'city' },
    params: { days: DEFAULT_COMPLAINT_WINDOW_DAYS },
  },
];
