// The work lists as CSV (投诉/评价明细导出): Chinese headers, yes/no as 是/否, dates and times as
// the API gives them, categories by their Chinese name with the code in its own column.
import { toCsv } from '../../shared/format/csv.js';
import { COMPLAINT_CATEGORY_LABELS } from '../../shared/labels.js';
import type { ComplaintRow, EvaluationRow } from './feedback-list-service.js';

const categoryZh = (c: string) => (COMPLAINT_CATEGORY_LABELS as Record<string, { zh: string }>)[c]?.zh ?? c;
const SATISFACTION_ZH: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };
const lateZh = (v: boolean | null) => (v === null ? '未到期' : v ? '超期' : '按时');

export function complaintsCsv(rows: readonly ComplaintRow[]): string {
  return toCsv(
    [
      '投诉编号',
      '部门编码',
      '部门',
      '受理时间',
      '类别',
      '类别代码',
      '渠道',
      '区划代码',
      '事项编码',
      '事项名称',
      '关联办件',
      '响应期限',
      '响应时间',
      '响应',
      '办结期限',
      '办结时间',
      '办结',
      '状态',
      '曾重新打开',
      '回访满意度',
      '摘要',
    ],
    rows.map((r) => [
      r.complaintId,
      r.department,
      r.departmentName,
      r.receivedAt,
      categoryZh(r.category),
      r.category,
      r.channel,
      r.regionCode,
      r.itemCode,
      r.itemName,
      r.caseId,
      r.respondBy,
      r.respondedAt,
      lateZh(r.responseLate),
      r.resolveBy,
      r.resolvedAt,
      lateZh(r.resolutionLate),
      r.open ? '未办结' : '已办结',
      r.reopened,
      r.followUp ? (SATISFACTION_ZH[r.followUp] ?? r.followUp) : null,
      r.summary,
    ]),
  );
}

export function evaluationsCsv(rows: readonly EvaluationRow[]): string {
  return toCsv(
    [
      '评价编号',
      '部门编码',
      '部门',
      '评价时间',
      '评分',
      '差评',
      '渠道',
      '事项编码',
      '事项名称',
      '关联办件',
      '办件区划代码',
      '已回访',
      '整改期限',
      '整改时间',
      '整改',
      '评价内容',
    ],
    rows.map((r) => [
      r.evaluationId,
      r.department,
      r.departmentName,
      r.submittedAt,
      r.score,
      r.bad,
      r.channel,
      r.itemCode,
      r.itemName,
      r.caseId,
      r.regionCode,
      r.bad ? r.calledBack : null,
      r.rectifyBy,
      r.rectifiedAt,
      r.bad ? lateZh(r.rectificationLate) : null,
      r.comment,
    ]),
  );
}
