// The report as tables (报表): one table per section, the same for the XLSX workbook (one sheet
// each), the CSV and the printed page's tables. Cells hold the report's own numbers, unrounded
// (rates as fractions 0–1, changes in percentage points or percent as stored); renderers only
// format them. Column kinds say how.
import { COMPLAINT_CATEGORY_LABELS } from '../labels.js';
import type { ValueUnit } from './format.js';
import { headlineDef } from './headline.js';
import { monthLabel } from './month.js';
import type { ReportDoc } from './model.js';
import type { Ranking } from './ranking.js';

export type ColumnKind = 'text' | 'count' | 'rate' | 'pp' | 'pct' | 'days' | 'bool' | 'value';
export type Cell = string | number | boolean | null;

export interface Column {
  key: string;
  zh: string;
  en: string;
  kind: ColumnKind;
  /** Words for the codes in this column (rank status, metric, unit …): the workbook shows them, the CSV keeps the codes. */
  labels?: Readonly<Record<string, { zh: string; en: string }>>;
}

export interface TableRow {
  cells: Record<string, Cell>;
  /** For columns of kind 'value': the unit of this row's values. */
  unit?: ValueUnit;
}

export interface ReportTable {
  id: string;
  zh: string;
  en: string;
  columns: Column[];
  rows: TableRow[];
}

const col = (key: string, zh: string, en: string, kind: ColumnKind = 'text', labels?: Column['labels']): Column => ({
  key,
  zh,
  en,
  kind,
  ...(labels ? { labels } : {}),
});

export const RANKING_LABELS: Record<Ranking['metric'], { zh: string; en: string }> = {
  onTimeRate: { zh: '按期办结率', en: 'On-time rate' },
  satisfactionRate: { zh: '满意度', en: 'Satisfaction' },
  exemptionCoverage: { zh: '免证办覆盖率', en: 'Exemption coverage' },
};

export const RANK_STATUS_LABELS = {
  ranked: { zh: '参与排名', en: 'ranked' },
  sole_eligible: { zh: '唯一达到最低量，不排名', en: 'the only unit at the minimum: not ranked' },
  below_minimum: { zh: '样本不足', en: 'below minimum' },
  no_data: { zh: '无数据', en: 'no data' },
} as const;

export const SPECIAL_KIND_LABELS = {
  far_overdue: { zh: '长期超期', en: 'Long overdue' },
  long_suspended: { zh: '长期暂停计时', en: 'Suspended for long' },
} as const;

export const DATA_QUALITY_LABELS = {
  no_data: { zh: '本月未报送', en: 'Nothing sent' },
  silent: { zh: '连续无数据', en: 'Silent stretch' },
  rejected: { zh: '拒收率高', en: 'Many refused' },
  unknown_items: { zh: '事项不在目录', en: 'Items not in catalog' },
} as const;

export const UNIT_LABELS: Record<ValueUnit, { zh: string; en: string }> = {
  count: { zh: '数量', en: 'count' },
  rate: { zh: '比例', en: 'rate' },
  days: { zh: '工作日', en: 'working days' },
};

/** How a change is measured: rates in percentage points, counts and days in percent. */
export const CHANGE_KIND_LABELS = { pp: { zh: '百分点', en: 'pp' }, pct: { zh: '%', en: '%' } } as const;
export const DIRECTION_LABELS = { atLeast: { zh: '不低于', en: 'at least' }, atMost: { zh: '不高于', en: 'at most' } } as const;
export const BOOL_LABELS = { true: { zh: '是', en: 'yes' }, false: { zh: '否', en: 'no' } } as const;

function rankingTable(id: string, zh: string, en: string, rankings: Ranking[]): ReportTable {
  return {
    id,
    zh,
    en,
    columns: [
      col('metric', '指标', 'Metric', 'text', RANKING_LABELS),
      col('rank', '名次', 'Rank', 'count'),
      col('code', '代码', 'Code'),
      col('name', '名称', 'Name'),
      col('value', '数值', 'Value', 'rate'),
      col('numerator', '分子', 'Numerator', 'count'),
      col('denominator', '分母（样本量）', 'Denominator (volume)', 'count'),
      col('minVolume', '最低样本量', 'Minimum volume', 'count'),
      col('status', '状态', 'Status', 'text', RANK_STATUS_LABELS),
      col('previousValue', '上月数值', 'Previous month', 'rate'),
      col('previousRank', '上月名次', 'Previous rank', 'count'),
      col('changePp', '变化（百分点）', 'Change (pp)', 'pp'),
    ],
    rows: rankings.flatMap((r) =>
      r.rows.map((x) => ({
        cells: {
          metric: r.metric,
          rank: x.rank,
          code: x.code,
          name: x.nameZh,
          value: x.value,
          numerator: x.numerator,
          denominator: x.denominator,
          minVolume: r.minVolume,
          status: x.status,
          previousValue: x.previous?.value ?? null,
          previousRank: x.previous?.rank ?? null,
          changePp: x.changePp,
        },
      })),
    ),
  };
}

/** Every section of the report as a table, in page order. Labels in cells are Chinese codes or names. */
export function reportTables(doc: ReportDoc): ReportTable[] {
  const out: ReportTable[] = [];
  out.push({
    id: 'headline',
    zh: '主要指标',
    en: 'Headline figures',
    columns: [
      col('id', '指标代码', 'Metric id'),
      col('label', '指标', 'Metric'),
      col('unit', '单位', 'Unit', 'text', UNIT_LABELS),
      col('current', '本月', 'This month', 'value'),
      col('numerator', '分子', 'Numerator', 'count'),
      col('denominator', '分母', 'Denominator', 'count'),
      col('previous', '上月', 'Previous month', 'value'),
      col('mom', '环比', 'Month on month', 'value'),
      col('momKind', '环比单位', 'MoM unit', 'text', CHANGE_KIND_LABELS),
      col('lastYear', '去年同月', 'Same month last year', 'value'),
      col('yoy', '同比', 'Year on year', 'value'),
      col('yoyKind', '同比单位', 'YoY unit', 'text', CHANGE_KIND_LABELS),
    ],
    rows: doc.headline.map((h) => ({
      unit: h.unit,
      cells: {
        id: h.id,
        label: headlineDef(h.id).zh,
        unit: h.unit,
        current: h.current.value,
        numerator: h.current.numerator ?? null,
        denominator: h.current.denominator ?? null,
        previous: h.previous?.value ?? null,
        mom: h.mom.value,
        momKind: h.mom.kind,
        lastYear: h.lastYear?.value ?? null,
        yoy: h.yoy.value,
        yoyKind: h.yoy.kind,
      },
    })),
  });
  const byDept = doc.rankings.filter((r) => r.by === 'department');
  const byCounty = doc.rankings.filter((r) => r.by === 'county');
  if (byDept.length) out.push(rankingTable('rankingDepartments', '部门排名', 'Department rankings', byDept));
  if (byCounty.length) out.push(rankingTable('rankingCounties', '区县排名', 'County and district rankings', byCounty));
  if (doc.positions.length) {
    out.push({
      id: 'positions',
      zh: '全市位次',
      en: 'Place in the city',
      columns: [
        col('metric', '指标', 'Metric', 'text', RANKING_LABELS),
        col('rank', '名次', 'Rank', 'count'),
        col('of', '参与排名部门数', 'Departments ranked', 'count'),
        col('value', '数值', 'Value', 'rate'),
        col('denominator', '样本量', 'Volume', 'count'),
        col('status', '状态', 'Status', 'text', RANK_STATUS_LABELS),
      ],
      rows: doc.positions.map((p) => ({
        cells: { metric: p.metric, rank: p.rank, of: p.of, value: p.value, denominator: p.denominator, status: p.status },
      })),
    });
  }
  out.push({
    id: 'specialByDepartment',
    zh: '超期与长期等待（按部门）',
    en: 'Overdue and long-waiting, by department',
    columns: [
      col('department', '部门代码', 'Department'),
      col('name', '部门', 'Name'),
      col('overdueOpen', '超期未办结', 'Overdue open', 'count'),
      col('farOverdue', '长期超期', 'Long overdue', 'count'),
      col('longSuspended', '长期暂停计时', 'Suspended for long', 'count'),
    ],
    rows: doc.specialMatters.byDepartment.map((d) => ({
      cells: {
        department: d.department,
        name: d.nameZh,
        overdueOpen: d.overdueOpen,
        farOverdue: d.farOverdue,
        longSuspended: d.longSuspended,
      },
    })),
  });
  out.push({
    id: 'specialCases',
    zh: '超期与长期等待（办件）',
    en: 'Overdue and long-waiting cases',
    columns: [
      col('kind', '类型', 'Kind', 'text', SPECIAL_KIND_LABELS),
      col('department', '部门代码', 'Department'),
      col('departmentName', '部门', 'Department name'),
      col('caseId', '办件编号', 'Case'),
      col('itemCode', '事项编码', 'Item'),
      col('itemName', '事项名称', 'Item name'),
      col('regionCode', '区划代码', 'Region'),
      col('acceptedOn', '受理日期', 'Accepted on'),
      col('deadline', '截止日期', 'Deadline'),
      col('limitDays', '时限（工作日）', 'Limit (working days)', 'count'),
      col('daysOverdue', '超期（工作日）', 'Overdue (working days)', 'count'),
      col('suspendedSince', '暂停起始', 'Suspended since'),
      col('suspendedDays', '暂停（工作日）', 'Suspended (working days)', 'count'),
    ],
    rows: doc.specialMatters.cases.map((c) => ({ cells: { ...c } as unknown as Record<string, Cell> })),
  });
  out.push({
    id: 'complaintsByCategory',
    zh: '投诉（按类别）',
    en: 'Complaints by category',
    columns: [
      col('category', '类别代码', 'Category'),
      col('label', '类别', 'Label'),
      col('count', '本月', 'This month', 'count'),
      col('previous', '上月', 'Previous month', 'count'),
      col('share', '占比', 'Share', 'rate'),
    ],
    rows: doc.complaints.byCategory.map((c) => ({
      cells: {
        category: c.category,
        label: COMPLAINT_CATEGORY_LABELS[c.category as keyof typeof COMPLAINT_CATEGORY_LABELS]?.zh ?? c.category,
        count: c.count,
        previous: c.previous,
        share: c.share,
      },
    })),
  });
  if (doc.complaints.byDepartment) {
    out.push({
      id: 'complaintsByDepartment',
      zh: '投诉（按部门）',
      en: 'Complaints by department',
      columns: [
        col('department', '部门代码', 'Department'),
        col('name', '部门', 'Name'),
        col('received', '投诉', 'Complaints', 'count'),
        col('unnecessaryProof', '其中：不必要证明', 'Of which unnecessary proof', 'count'),
      ],
      rows: doc.complaints.byDepartment.map((d) => ({
        cells: { department: d.department, name: d.nameZh, received: d.received, unnecessaryProof: d.unnecessaryProof },
      })),
    });
  }
  if (doc.complaints.byItem) {
    out.push({
      id: 'complaintsByItem',
      zh: '投诉（按事项）',
      en: 'Complaints by item',
      columns: [
        col('itemCode', '事项编码', 'Item'),
        col('itemName', '事项名称', 'Item name'),
        col('department', '部门代码', 'Department'),
        col('received', '投诉', 'Complaints', 'count'),
        col('unnecessaryProof', '其中：不必要证明', 'Of which unnecessary proof', 'count'),
      ],
      rows: doc.complaints.byItem.map((i) => ({
        cells: {
          itemCode: i.itemCode,
          itemName: i.itemName,
          department: i.department,
          received: i.received,
          unnecessaryProof: i.unnecessaryProof,
        },
      })),
    });
  }
  out.push({
    id: 'targets',
    zh: '改革目标进展',
    en: 'Reform targets',
    columns: [
      col('metric', '指标代码', 'Metric id'),
      col('label', '目标', 'Target'),
      col('scope', '适用范围', 'Scope'),
      col('direction', '方向', 'Direction', 'text', DIRECTION_LABELS),
      col('target', '目标值', 'Target value', 'value'),
      col('actual', '本月实际', 'Actual', 'value'),
      col('numerator', '分子', 'Numerator', 'count'),
      col('denominator', '分母', 'Denominator', 'count'),
      col('met', '是否达成', 'Met', 'bool', BOOL_LABELS),
      col('gap', '差距（百分点或数量）', 'Gap (pp or units)', 'count'),
    ],
    rows: doc.targets.rows.map((t) => ({
      unit: t.unit,
      cells: {
        metric: t.metric,
        label: t.labelZh,
        scope: t.scope,
        direction: t.direction,
        target: t.target,
        actual: t.actual.value,
        numerator: t.actual.numerator ?? null,
        denominator: t.actual.denominator ?? null,
        met: t.met,
        gap: t.gap,
      },
    })),
  });
  out.push({
    id: 'dataQuality',
    zh: '数据质量',
    en: 'Data quality',
    columns: [
      col('kind', '问题', 'Issue', 'text', DATA_QUALITY_LABELS),
      col('department', '部门代码', 'Department'),
      col('name', '部门', 'Name'),
      col('received', '收到记录', 'Records received', 'count'),
      col('accepted', '接收', 'Accepted', 'count'),
      col('rejected', '拒收', 'Refused', 'count'),
      col('rejectedShare', '拒收率', 'Refused share', 'rate'),
      col('unknownItem', '事项不在目录', 'Items not in catalog', 'count'),
      col('silentDays', '连续无数据（工作日）', 'Silent (working days)', 'count'),
      col('silentFrom', '起', 'From'),
      col('silentTo', '止', 'To'),
      col('topRejections', '主要拒收原因', 'Main refusal rules'),
    ],
    rows: doc.dataQuality.notes.map((n) => ({
      cells: {
        kind: n.kind,
        department: n.department,
        name: n.nameZh,
        received: n.received,
        accepted: n.accepted,
        rejected: n.rejected,
        rejectedShare: n.rejectedShare,
        unknownItem: n.unknownItem,
        silentDays: n.silentDays ?? null,
        silentFrom: n.silentFrom ?? null,
        silentTo: n.silentTo ?? null,
        topRejections: n.topRejections.map((r) => `${r.code}: ${r.n}`).join('; ') || null,
      },
    })),
  });
  out.push({
    id: 'narrative',
    zh: '综述',
    en: 'Summary',
    columns: [col('n', '序号', 'No.', 'count'), col('key', '句型', 'Template'), col('zh', '中文', 'Chinese'), col('en', '英文', 'English')],
    rows: doc.narrative.sentences.map((s, i) => ({ cells: { n: i + 1, key: s.key, zh: s.zh, en: s.en } })),
  });
  const s = doc.settings;
  out.push({
    id: 'about',
    zh: '说明',
    en: 'About',
    columns: [col('key', '项目', 'Field'), col('zh', '说明', 'Meaning'), col('value', '值', 'Value')],
    rows: (
      [
        ['id', '报告编号', doc.id],
        ['month', '月份', `${doc.month}（${monthLabel(doc.month, 'zh-CN')}）`],
        ['scope', '范围', `${doc.scope.key} ${doc.scope.nameZh}`],
        ['version', '版本', doc.version],
        ['generatedAt', '生成时间', doc.generatedAt],
        ['generatedBy', '生成者', doc.generatedBy],
        ['asOf', '判定日期', doc.asOf],
        ['calendarVersion', '工作日历版本', doc.calendarVersion],
        ['catalogGeneration', '事项目录版本', doc.catalogGeneration],
        ['period', '统计期', `${doc.periods.current.from} ~ ${doc.periods.current.to}`],
        ['previousPeriod', '环比期', doc.periods.previous ? `${doc.periods.previous.from} ~ ${doc.periods.previous.to}` : null],
        ['lastYearPeriod', '同比期', doc.periods.lastYear ? `${doc.periods.lastYear.from} ~ ${doc.periods.lastYear.to}` : null],
        ['minVolume.completed', '按期办结率排名最低办结量', s.minVolume.completed],
        ['minVolume.evaluations', '满意度排名最低评价数', s.minVolume.evaluations],
        ['minVolume.items', '免证办覆盖率排名最低事项数', s.minVolume.items],
        ['farOverdueDays', '长期超期（工作日）', s.specialMatters.farOverdueDays],
        ['longSuspendedDays', '长期暂停（工作日）', s.specialMatters.longSuspendedDays],
        ['silentWorkingDays', '连续无数据提示（工作日）', s.dataQuality.silentWorkingDays],
        ['rejectedShare', '拒收率提示阈值', s.dataQuality.rejectedShare],
        ['rejectedMin', '拒收提示最少条数', s.dataQuality.rejectedMin],
      ] as Array<[string, string, Cell]>
    ).map(([key, zh, value]) => ({ cells: { key, zh, value } })),
  });
  return out;
}
