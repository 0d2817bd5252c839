// Timeline checks on arrival (到达时的时间线校验), per ingest-api.md: a record that visibly
// contradicts what is already known of its case is refused at path `at`, naming the other
// record, so a sender corrects it before it reaches the figures. What is known: the case's stored
// records (voided ones excluded) and the records accepted earlier in the same batch. Records
// that arrive in another order can still contradict each other once stored; the clock then
// lists the case as cannot be judged (shared/clock) — this check only refuses what it can see.
import { fieldError, type FieldError } from './field-errors.js';

/** Records one case, complaint or evaluation may hold (voids of its records included). */
export const MAX_RECORDS_PER_ENTITY = 200;

export interface KnownRecord {
  id: string;
  type: string;
  at: string;
  atMs: number;
}

const ENDS = new Set(['case.completed', 'case.withdrawn']);
/** Must follow the case's first acceptance (between two acceptances they are superseded, not wrong). */
const AFTER_FIRST_ACCEPTANCE = new Set(['case.suspended', 'case.extended']);
const TYPE_ZH: Record<string, string> = {
  'case.accepted': '受理',
  'case.completed': '办结',
  'case.withdrawn': '撤回',
  'case.suspended': '暂停计时',
  'case.extended': '延长时限',
};

/**
 * Why the incoming record contradicts the known ones, or null — the same rules as the clock's
 * (shared/clock/timeline.ts), so what is refused here is exactly what would make the case
 * unjudgeable. Readings of the contract: a completion or withdrawal must follow the case's latest
 * live acceptance (the one the clock counts), a suspension or extension its first one (a
 * re-acceptance restarts the clock and supersedes what came between); an acceptance is refused
 * after a stored withdrawal as well as after a completion.
 */
export function timelineContradiction(caseId: string, incoming: KnownRecord, known: readonly KnownRecord[]): FieldError | null {
  if (ENDS.has(incoming.type) || AFTER_FIRST_ACCEPTANCE.has(incoming.type)) {
    const acceptances = known.filter((r) => r.type === 'case.accepted').sort((a, b) => a.atMs - b.atMs);
    const acceptance = ENDS.has(incoming.type) ? acceptances.at(-1) : acceptances[0];
    if (acceptance && incoming.atMs < acceptance.atMs) {
      return fieldError(
        'at',
        'before_acceptance',
        `is before the acceptance of case ${caseId} (record ${acceptance.id}, accepted at ${acceptance.at}); a ${incoming.type.slice(5)} cannot precede it — void the wrong record and send it again`,
        `早于办件 ${caseId} 的受理时间（记录 ${acceptance.id}，受理于 ${acceptance.at}）；${TYPE_ZH[incoming.type] ?? incoming.type} 不能早于受理——请作废有误的记录后重新发送`,
      );
    }
  }
  if (incoming.type === 'case.accepted') {
    const end = known
      .filter((r) => ENDS.has(r.type) && r.atMs < incoming.atMs)
      .sort((a, b) => a.atMs - b.atMs)
      .at(0);
    if (end) {
      return fieldError(
        'at',
        'after_case_ended',
        `is after case ${caseId} was ${end.type === 'case.completed' ? 'completed' : 'withdrawn'} (record ${end.id} at ${end.at}); an acceptance cannot follow it — void the wrong record and send it again`,
        `晚于办件 ${caseId} 的${TYPE_ZH[end.type]}时间（记录 ${end.id}，${end.at}）；受理不能晚于${TYPE_ZH[end.type]}——请作废有误的记录后重新发送`,
      );
    }
  }
  return null;
}

export function tooManyRecords(path: string, entityId: string): FieldError {
  return fieldError(
    path,
    'too_many_records',
    `${entityId} already holds ${MAX_RECORDS_PER_ENTITY} records, the most one case, complaint or evaluation may hold; check the sending system for a loop, or use a new id for a new case`,
    `${entityId} 已有 ${MAX_RECORDS_PER_ENTITY} 条记录，达到单个办件（投诉、评价）的上限；请检查发送系统是否重复发送，新办件请使用新的编号`,
  );
}
